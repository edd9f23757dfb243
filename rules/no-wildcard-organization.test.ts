import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import rule from './no-wildcard-organization.js';

const like = (v: string) => tfcPolicy(`{ "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" }, "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);

describe('no-wildcard-organization', () => {
  it('fires on organization:* at the sub value, with an outsider organization as witness', () => {
    const json = like('organization:*');
    const [f, ...rest] = runRule(rule, json);
    expect(rest).toEqual([]);
    expect(f.severity).toBe('critical');
    expect(textOf(json, f)).toBe('"organization:*"');
    expect(f.witness?.sub).toMatch(/^organization:attacker-org:/);
  });

  it('fires on a prefix wildcard acme*, with acme-evil as the witness organization', () => {
    const [f] = runRule(rule, like('organization:acme*:project:infra:workspace:prod:run_phase:apply'));
    expect(f.witness?.sub).toBe('organization:acme-evil:project:infra:workspace:prod:run_phase:apply');
    expect(f.message).toContain('acme-evil');
  });

  it('fires on *:workspace:prod:* (the organization is swallowed)', () => {
    expect(runRule(rule, like('*:workspace:prod:*'))).toHaveLength(1);
  });

  it('fires on a ? in the organization name', () => {
    expect(runRule(rule, like('organization:acm?:project:infra:workspace:prod:run_phase:apply'))).toHaveLength(1);
  });

  it('stays quiet on a pinned organization with open project (another rule) and on exact subs', () => {
    expect(runRule(rule, like('organization:acme:*'))).toEqual([]);
    expect(runRule(rule, like('organization:acme:project:infra:workspace:prod:run_phase:apply'))).toEqual([]);
  });

  it('stays quiet when there is no sub condition at all (require-sub-condition reports it)', () => {
    expect(runRule(rule, tfcPolicy('{ "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" } }'))).toEqual([]);
  });

  it('stays quiet when a Deny pins the organization', () => {
    const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringNotLike": {"app.terraform.io:sub": "organization:acme:project:infra:*"}}}`;
    expect(runRule(rule, tfcPolicy('{"StringLike": {"app.terraform.io:sub": "organization:*"}}', deny))).toEqual([]);
  });

  it('stays quiet when the organization comes from a variable without a value', () => {
    expect(runRule(rule, like('organization:${var.org}:project:infra:workspace:prod:run_phase:apply'))).toEqual([]);
  });

  it('reports a GitHub Actions sub of "*" or "repo:*" as any repository owner, and stays quiet on repo:acme/*', () => {
    const gh = (sub: string) => `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
      "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "${sub}"}}}]}`;
    for (const sub of ['*', 'repo:*']) {
      const [f, ...more] = runRule(rule, gh(sub), { providers: [] });
      expect(more, sub).toEqual([]);
      expect(f).toMatchObject({ messageId: 'openSegment', severity: 'critical' });
      expect(f.message).toContain('accepts GitHub Actions tokens from any repository owner');
      expect(f.witness?.sub).toMatch(/^repo:attacker\//);
    }
    expect(runRule(rule, gh('repo:acme/*'), { providers: [] })).toEqual([]);
  });
});

describe('no-wildcard-organization on a generic issuer', () => {
  const json = (sub: string) => `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.example.com"},
    "Condition": {"StringLike": {"oidc.example.com:sub": "${sub}"}, "StringEquals": {"oidc.example.com:aud": "my-app"}}}]}`;
  it('reports a sub of "*" (any subject) and leaves a literal prefix with a trailing wildcard alone', () => {
    expect(runRule(rule, json('*'), { providers: [] }).map((f) => f.messageId)).toEqual(['openSegment']);
    expect(runRule(rule, json('space:legacy:stack:net:*'), { providers: [] })).toEqual([]);
  });
});
