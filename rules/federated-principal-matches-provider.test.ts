import { fixtureFiles } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './federated-principal-matches-provider.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const PINNED = { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB } };
/** `aws iam get-role` output for role tfc in 111111111111 trusting the provider of `providerAccount`; the principal ARN is on line 11. */
const getRole = (providerAccount: string) => ({
  file: 'role.json',
  code:
    JSON.stringify(
      {
        Role: {
          RoleName: 'tfc',
          Arn: 'arn:aws:iam::111111111111:role/tfc',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Federated: `arn:aws:iam::${providerAccount}:oidc-provider/app.terraform.io` },
                Action: 'sts:AssumeRoleWithWebIdentity',
                Condition: PINNED,
              },
            ],
          },
        },
      },
      null,
      2,
    ) + '\n',
});
/** A raw trust document of another issuer; the principal is on line 2 from column 32. */
const trust = (principal: string, host = 'token.actions.githubusercontent.com') => ({
  file: 'trust-policy.json',
  code: `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
    "Principal": {"Federated": "${principal}"},
    "Condition": {"StringEquals": {"${host}:sub": "repo:acme/app:environment:prod", "${host}:aud": "sts.amazonaws.com"}}}]}
`,
});

ruleTester(rule, {
  valid: [
    { name: 'the provider of the keys’ host and sts:AssumeRoleWithWebIdentity', shapes: { conditions: PINNED } },
    {
      name: 'the role and its provider in one account',
      shapes: { roleArn: 'arn:aws:iam::123456789012:role/tfc-role', conditions: PINNED },
      only: ['plan JSON'],
    },
    { name: 'get-role output with the provider in the role’s account', ...getRole('111111111111') },
    {
      name: 'a well-formed GitHub Actions provider ARN',
      ...trust('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com'),
    },
    {
      name: 'a built-in identity provider named by host (Cognito)',
      ...trust('cognito-identity.amazonaws.com', 'cognito-identity.amazonaws.com'),
    },
    {
      name: 'a member account’s role uses the OIDC provider created with the same provider configuration; a region-only alias is the same account (recall control)',
      files: fixtureFiles('recall/gaps-provider-configuration-control'),
    },
    {
      name: 'a SAML provider',
      file: 'trust-policy.json',
      code: `{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithSAML", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/okta"}}]}\n`,
    },
  ],
  invalid: [
    {
      name: 'a * principal whose conditions pass for other issuers: any Google account gets in',
      shapes: {
        principal: '*',
        conditions: {
          StringEqualsIfExists: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLikeIfExists: { 'app.terraform.io:sub': 'organization:acme:*' },
        },
      },
      errors: [
        { messageId: 'wildcardOpen', text: '"*"', severity: 'critical', witness: { kind: 'accepted', iss: /accounts\.google\.com/ } },
      ],
    },
    {
      name: 'a * principal held only by the conditions',
      shapes: { principal: '*', conditions: PINNED },
      errors: [{ messageId: 'wildcard', text: '"*"', severity: 'medium' }],
    },
    {
      name: 'https:// inside the provider ARN',
      shapes: { principal: 'arn:aws:iam::123456789012:oidc-provider/https://app.terraform.io', conditions: PINNED },
      errors: [
        { messageId: 'malformedArn', text: '"arn:aws:iam::123456789012:oidc-provider/https://app.terraform.io"', says: ['https://'] },
      ],
    },
    {
      name: 'a placeholder account in the ARN',
      shapes: { principal: 'arn:aws:iam::ACCOUNT_ID:oidc-provider/app.terraform.io', conditions: PINNED },
      errors: [{ messageId: 'malformedArn', text: '"arn:aws:iam::ACCOUNT_ID:oidc-provider/app.terraform.io"', says: ['12-digit'] }],
    },
    {
      name: 'the provider of another host than the condition keys',
      shapes: { principal: 'arn:aws:iam::123456789012:oidc-provider/tfe.example.com', conditions: PINNED },
      errors: [
        {
          messageId: 'otherHost',
          text: '"arn:aws:iam::123456789012:oidc-provider/tfe.example.com"',
          witness: { kind: 'rejected', sub: new RegExp(`^${SUB}$`), iss: /tfe\.example\.com/ },
        },
      ],
    },
    {
      name: 'sts:AssumeRole instead of sts:AssumeRoleWithWebIdentity',
      shapes: { action: 'sts:AssumeRole', conditions: PINNED },
      errors: [{ messageId: 'wrongAction', text: '"sts:AssumeRole"', witness: { kind: 'rejected', sub: new RegExp(`^${SUB}$`) } }],
    },
    {
      name: 'sts:*',
      shapes: { action: 'sts:*', conditions: PINNED },
      errors: [{ messageId: 'broadAction', text: '"sts:*"', severity: 'low' }],
    },
    {
      name: 'a provider in another account than the role (plan JSON carries the role ARN)',
      shapes: { roleArn: 'arn:aws:iam::999999999999:role/tfc-role', conditions: PINNED },
      only: ['plan JSON'],
      errors: [
        {
          messageId: 'otherAccount',
          text: '"arn:aws:iam::123456789012:oidc-provider/app.terraform.io"',
          says: ['123456789012', '999999999999'],
          witness: { kind: 'rejected' },
        },
      ],
    },
    {
      name: 'roles created through an aliased provider (provider = aws.member, a module providers map) whose principal names the management account’s OIDC provider (recall case)',
      files: fixtureFiles('recall/gaps-provider-configuration-account'),
      errors: [
        { messageId: 'otherConfiguration', file: 'main.tf', line: 38, column: 33 },
        { messageId: 'otherConfiguration', file: 'modules/member-role/main.tf', line: 15, column: 33 },
      ],
    },
    {
      name: 'get-role output with a provider of another account, at the principal',
      ...getRole('222222222222'),
      errors: [
        {
          messageId: 'otherAccount',
          severity: 'high',
          line: 11,
          column: 26,
          text: '"arn:aws:iam::222222222222:oidc-provider/app.terraform.io"',
        },
      ],
    },
    ...[
      'arn:aws:iam::12345678901:oidc-provider/token.actions.githubusercontent.com',
      'arn:aws:iam::123456789012:oidc-provider/https://token.actions.githubusercontent.com',
    ].map((arn) => ({
      name: `a malformed GitHub Actions provider ARN: ${arn}`,
      ...trust(arn),
      errors: [{ messageId: 'malformedArn' as const, line: 2, column: 32, text: `"${arn}"` }],
    })),
  ],
});
