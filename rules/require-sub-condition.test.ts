import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import rule from './require-sub-condition.js';

const AUD_ONLY = '{ "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" } }';

describe('require-sub-condition', () => {
  it('fires on an HCP Terraform statement with only an aud condition, with another organization as witness', () => {
    const json = tfcPolicy(AUD_ONLY);
    const [f, ...rest] = runRule(rule, json);
    expect(rest).toEqual([]);
    expect(f.severity).toBe('critical');
    expect(textOf(json, f)).toMatch(/^\{\s*"Effect": "Allow"/);
    expect(f.witness).toMatchObject({ kind: 'accepted', iss: 'https://app.terraform.io', sub: 'organization:attacker-org:project:any:workspace:any:run_phase:apply', aud: 'aws.workload.identity' });
    expect(f.message).toContain('app.terraform.io:sub');
    expect(f.fix).toContain('organization:');
  });

  it('fires when the only sub condition names another host with IfExists (it always passes)', () => {
    expect(runRule(rule, tfcPolicy('{ "StringLikeIfExists": { "tfe.example.com:sub": "organization:acme:*" } }'))).toHaveLength(1);
  });

  it('stays quiet on an exact sub', () => {
    const json = tfcPolicy('{ "StringEquals": { "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply" } }');
    expect(runRule(rule, json)).toEqual([]);
  });

  it('stays quiet when a Deny closes the hole', () => {
    const deny = `{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {"StringNotEquals": {"app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply"}}}`;
    expect(runRule(rule, tfcPolicy(AUD_ONLY, deny))).toEqual([]);
  });

  it('reports GitHub Actions and EKS roles without a sub condition, with the issuer\'s reach and an outsider\'s token', () => {
    const expected = {
      'token.actions.githubusercontent.com': { severity: 'critical', sub: 'repo:attacker/attacker-repo:ref:refs/heads/attacker-branch', says: 'any repository on GitHub' },
      'oidc.eks.us-east-1.amazonaws.com/id/abc123': { severity: 'high', sub: 'system:serviceaccount:attacker-ns:attacker-sa', says: 'any namespace of the cluster' },
    };
    for (const [host, want] of Object.entries(expected)) {
      const json = `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/${host}"},
        "Condition": {"StringEquals": {"${host}:aud": "sts.amazonaws.com"}}}]}`;
      const [f, ...more] = runRule(rule, json, { providers: [] });
      expect(more, host).toEqual([]);
      expect(f, host).toMatchObject({ messageId: 'noSubOther', severity: want.severity, witness: { sub: want.sub } });
      expect(f.message).toContain(want.says);
    }
  });

  it('stays quiet when the principal cannot be linked to any provider or host', () => {
    const json = tfcPolicy('{}').replace('${aws_iam_openid_connect_provider.tfc.arn}', '${var.provider_arn}');
    expect(runRule(rule, json)).toEqual([]);
  });
});
