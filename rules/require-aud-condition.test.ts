import { describe, expect, it } from 'vitest';
import { provider, runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import rule from './require-aud-condition.js';

const SUB = '"app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"';

describe('require-aud-condition', () => {
  it('fires when no aud condition exists, with the shared default audience as witness', () => {
    const json = tfcPolicy(`{ "StringEquals": { ${SUB} } }`);
    const [f, ...rest] = runRule(rule, json);
    expect(rest).toEqual([]);
    expect(f.severity).toBe('high');
    expect(f.messageId).toBe('noAud');
    expect(f.witness).toMatchObject({ kind: 'accepted', aud: 'aws.workload.identity', sub: 'organization:acme:project:infra:workspace:prod:run_phase:apply' });
  });

  it('fires when the aud condition is a wildcard that admits any audience', () => {
    const json = tfcPolicy(`{ "StringEquals": { ${SUB} }, "StringLike": { "app.terraform.io:aud": "*" } }`);
    const [f] = runRule(rule, json);
    expect(textOf(json, f)).toBe('"*"');
  });

  it('fires on an aud that is none of the client IDs: the role can never be assumed (rejected witness)', () => {
    const json = tfcPolicy(`{ "StringEquals": { ${SUB}, "app.terraform.io:aud": "sts.amazonaws.com" } }`);
    const [f] = runRule(rule, json);
    expect(f.messageId).toBe('audMismatch');
    expect(textOf(json, f)).toBe('"sts.amazonaws.com"');
    expect(f.message).toContain('never be assumed');
    expect(f.witness).toMatchObject({ kind: 'rejected', aud: 'aws.workload.identity' });
  });

  it('stays quiet on a matching aud, and on a mismatch when the client IDs are unknown', () => {
    expect(runRule(rule, tfcPolicy(`{ "StringEquals": { ${SUB}, "app.terraform.io:aud": "aws.workload.identity" } }`))).toEqual([]);
    const unknownIds = provider('aws_iam_openid_connect_provider.tfc', 'app.terraform.io', 'unknown');
    expect(runRule(rule, tfcPolicy(`{ "StringEquals": { ${SUB}, "app.terraform.io:aud": "custom" } }`), { providers: [unknownIds] })).toEqual([]);
  });

  it('reports a GitHub Actions role without an aud condition at the profile\'s severity, naming the issuer and its default audience', () => {
    const json = (cond: string) => `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
      "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}${cond}}}]}`;
    const [f, ...more] = runRule(rule, json(''), { providers: [] });
    expect(more).toEqual([]);
    expect(f).toMatchObject({ messageId: 'noAudOther', severity: 'low' });
    expect(f.message).toContain('GitHub Actions tokens for any audience');
    expect(f.fix).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"');
    expect(runRule(rule, json(', "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}'), { providers: [] })).toEqual([]);
  });

  it('EKS without aud is an info note: every IRSA token carries sts.amazonaws.com', () => {
    const host = 'oidc.eks.us-east-1.amazonaws.com/id/abc123';
    const json = `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/${host}"},
      "Condition": {"StringEquals": {"${host}:sub": "system:serviceaccount:kube-system:external-dns"}}}]}`;
    expect(runRule(rule, json, { providers: [] }).map((f) => f.severity)).toEqual(['info']);
  });
});
