// The issuer-independent rules on other issuers' roles, end to end, on every source shape
// (heredoc JSON, jsonencode, aws_iam_policy_document, raw IAM JSON, Terraform JSON, plan JSON):
// GitHub Actions, GitLab and EKS trusts must fire at the decisive value with a witness in that
// issuer's grammar, and pinned ones stay quiet.
import { describe, expect, it } from 'vitest';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { lintTree } from '../src/testing/lint-tree.js';

const GH = 'token.actions.githubusercontent.com';
const EKS = 'oidc.eks.eu-west-1.amazonaws.com/id/abcdef0123456789';
const gh = (c: TrustSpec['conditions']): TrustSpec => ({ host: GH, clientIds: ['sts.amazonaws.com'], conditions: c });
const eks = (c: TrustSpec['conditions']): TrustSpec => ({ host: EKS, clientIds: ['sts.amazonaws.com'], conditions: c });
const ghAud = { [`${GH}:aud`]: 'sts.amazonaws.com' };

interface Case {
  rule: string;
  spec: TrustSpec;
  at?: string;
  witness?: RegExp;
}

const fires: Case[] = [
  { rule: 'require-sub-condition', spec: gh({ StringEquals: ghAud }), witness: /^repo:attacker\// },
  { rule: 'no-wildcard-organization', spec: gh({ StringEquals: ghAud, StringLike: { [`${GH}:sub`]: 'repo:*' } }), at: 'repo:*', witness: /^repo:attacker\// },
  { rule: 'no-wildcard-workspace', spec: gh({ StringEquals: ghAud, StringLike: { [`${GH}:sub`]: 'repo:acme/*' } }), at: 'repo:acme/*', witness: /^repo:acme\/attacker-repo:/ },
  { rule: 'require-aud-condition', spec: gh({ StringEquals: { [`${GH}:sub`]: 'repo:acme/app:environment:prod' } }) },
  { rule: 'no-wildcard-project', spec: eks({ StringLike: { [`${EKS}:sub`]: 'system:serviceaccount:*:*' } }), at: 'system:serviceaccount:*:*', witness: /^system:serviceaccount:attacker-ns:/ },
  { rule: 'no-admin-access', spec: { ...gh({ StringEquals: ghAud, StringLike: { [`${GH}:sub`]: 'repo:acme/*' } }), managedPolicies: ['AdministratorAccess'] } },
  { rule: 'no-vacuous-condition', spec: gh({ StringEquals: ghAud, 'ForAllValues:StringLike': { [`${GH}:sub`]: 'repo:acme/app:*' } }) },
];

const quiet: Case[] = [
  { rule: 'require-sub-condition', spec: gh({ StringEquals: { ...ghAud, [`${GH}:sub`]: 'repo:acme/app:environment:prod' } }) },
  { rule: 'no-wildcard-organization', spec: gh({ StringEquals: ghAud, StringLike: { [`${GH}:sub`]: 'repo:acme/*' } }) },
  { rule: 'no-wildcard-workspace', spec: gh({ StringEquals: ghAud, StringLike: { [`${GH}:sub`]: 'repo:acme/app:*' } }) },
  { rule: 'no-wildcard-project', spec: eks({ StringEquals: { [`${EKS}:sub`]: 'system:serviceaccount:kube-system:external-dns', [`${EKS}:aud`]: 'sts.amazonaws.com' } }) },
  { rule: 'no-admin-access', spec: { ...gh({ StringEquals: { ...ghAud, [`${GH}:sub`]: 'repo:acme/app:environment:prod' } }), managedPolicies: ['ReadOnlyAccess'] } },
];

describe.each(fires)('$rule fires on every shape of another issuer ($spec.host)', ({ rule, spec, at, witness }) => {
  it.each(allShapes(spec).map((s) => [s.name, s] as const))('%s', async (name, shape) => {
    if (spec.managedPolicies && name === 'raw IAM JSON document') return; // a bare trust document carries no attachments
    const r = await lintTree(shape.files);
    const found = r.findings.filter((f) => f.ruleId === rule);
    expect(found.length, JSON.stringify(r.findings.map((f) => [f.ruleId, f.message]))).toBeGreaterThanOrEqual(1);
    if (at) expect(r.text(found[0].range.file, found[0].range)).toContain(at);
    if (witness) expect(found[0].witness?.sub).toMatch(witness);
  });
});

describe.each(quiet)('$rule stays quiet on every shape of another issuer ($spec.host)', ({ rule, spec }) => {
  it.each(allShapes(spec).map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    const r = await lintTree(shape.files);
    expect(r.findings.filter((f) => f.ruleId === rule).map((f) => f.message)).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });
});
