import { describe, expect, it } from 'vitest';
import { runRule } from '../src/testing/trust.js';
import rule from './federated-principal-matches-provider.js';
import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';
import { lintTree } from '../src/testing/lint-tree.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const PINNED = { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB } };

firesOnEveryShape('federated-principal-matches-provider', [
  {
    name: 'a * principal whose conditions pass for other issuers: any Google account gets in',
    spec: { principal: '*', conditions: { StringEqualsIfExists: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLikeIfExists: { 'app.terraform.io:sub': 'organization:acme:*' } } },
    at: '*',
    messageId: 'wildcardOpen',
    severity: 'critical',
    witness: { kind: 'accepted', iss: /accounts\.google\.com/ },
  },
  { name: 'a * principal held only by the conditions', spec: { principal: '*', conditions: PINNED }, at: '*', messageId: 'wildcard', severity: 'medium' },
  {
    name: 'https:// inside the provider ARN',
    spec: { principal: 'arn:aws:iam::123456789012:oidc-provider/https://app.terraform.io', conditions: PINNED },
    at: 'oidc-provider/https://app.terraform.io',
    messageId: 'malformedArn',
    says: ['https://'],
  },
  { name: 'a placeholder account in the ARN', spec: { principal: 'arn:aws:iam::ACCOUNT_ID:oidc-provider/app.terraform.io', conditions: PINNED }, at: 'ACCOUNT_ID', says: ['12-digit'] },
  {
    name: 'the provider of another host than the condition keys',
    spec: { principal: 'arn:aws:iam::123456789012:oidc-provider/tfe.example.com', conditions: PINNED },
    at: 'oidc-provider/tfe.example.com',
    messageId: 'otherHost',
    witness: { kind: 'rejected', sub: new RegExp(`^${SUB}$`), iss: /tfe\.example\.com/ },
  },
  {
    name: 'sts:AssumeRole instead of sts:AssumeRoleWithWebIdentity',
    spec: { action: 'sts:AssumeRole', conditions: PINNED },
    at: 'sts:AssumeRole',
    messageId: 'wrongAction',
    witness: { kind: 'rejected', sub: new RegExp(`^${SUB}$`) },
  },
  { name: 'sts:*', spec: { action: 'sts:*', conditions: PINNED }, at: 'sts:*', messageId: 'broadAction', severity: 'low' },
  {
    name: 'a provider in another account than the role (plan JSON carries the role ARN)',
    spec: { roleArn: 'arn:aws:iam::999999999999:role/tfc-role', conditions: PINNED },
    only: ['plan JSON'],
    messageId: 'otherAccount',
    says: ['123456789012', '999999999999'],
    witness: { kind: 'rejected' },
  },
]);

quietOnEveryShape('federated-principal-matches-provider', [
  { name: 'the provider of the keys\' host and sts:AssumeRoleWithWebIdentity', spec: { conditions: PINNED } },
  { name: 'the role and its provider in one account', spec: { roleArn: 'arn:aws:iam::123456789012:role/tfc-role', conditions: PINNED }, only: ['plan JSON'] },
]);

describe('federated-principal-matches-provider on aws iam get-role output', () => {
  const getRole = (providerAccount: string) =>
    JSON.stringify({
      Role: {
        RoleName: 'tfc',
        Arn: 'arn:aws:iam::111111111111:role/tfc',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${providerAccount}:oidc-provider/app.terraform.io` }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: PINNED }],
        },
      },
    }, null, 2);
  it('fires on a provider of another account, at the principal', async () => {
    const r = await lintTree({ 'role.json': getRole('222222222222') });
    const f = r.findings.filter((x) => x.ruleId === 'federated-principal-matches-provider');
    expect(f.map((x) => x.messageId)).toEqual(['otherAccount']);
    expect(r.text('role.json', f[0].range)).toContain('222222222222');
  });
  it('stays quiet when both are in the role\'s account', async () => {
    const r = await lintTree({ 'role.json': getRole('111111111111') });
    expect(r.findings.filter((x) => x.ruleId === 'federated-principal-matches-provider')).toEqual([]);
  });
});

describe('federated-principal-matches-provider on other issuers', () => {
  const trust = (principal: string, host = 'token.actions.githubusercontent.com') => `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "${principal}"},
    "Condition": {"StringEquals": {"${host}:sub": "repo:acme/app:environment:prod", "${host}:aud": "sts.amazonaws.com"}}}]}`;

  it('reports a GitHub Actions provider ARN with an 11-digit account or a URL as the provider part', () => {
    for (const arn of ['arn:aws:iam::12345678901:oidc-provider/token.actions.githubusercontent.com', 'arn:aws:iam::123456789012:oidc-provider/https://token.actions.githubusercontent.com']) {
      expect(runRule(rule, trust(arn), { providers: [] }).map((f) => f.messageId), arn).toEqual(['malformedArn']);
    }
  });

  it('stays quiet on a well-formed GitHub ARN, on built-in identity providers named by host, and on SAML providers', () => {
    expect(runRule(rule, trust('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'), { providers: [] })).toEqual([]);
    expect(runRule(rule, trust('cognito-identity.amazonaws.com', 'cognito-identity.amazonaws.com'), { providers: [] })).toEqual([]);
    const saml = `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/okta"}}]}`;
    expect(runRule(rule, saml, { providers: [] })).toEqual([]);
  });
});
