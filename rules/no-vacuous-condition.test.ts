import { ghAud, ghSpec, issuerDocument, SHAPE_GH } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-vacuous-condition.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const EXACT = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const GH = 'token.actions.githubusercontent.com';
/** A GitHub Actions trust document; the condition block is on line 5. */
const github = (condition: string) => issuerDocument(GH, condition);

ruleTester(rule, {
  valid: [
    { name: 'plain StringEquals on sub and aud', shapes: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT } } } },
    {
      name: 'a negated exclusion next to a positive pin',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' },
          StringNotLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:sandbox-*:run_phase:apply' },
        },
      },
    },
    {
      name: 'StringNotLike as the only Allow test, when a Deny shuts every other organization out',
      shapes: {
        conditions: { StringEquals: AUD, StringNotLike: { 'app.terraform.io:sub': 'organization:evil-corp:*' } },
        extraStatements: [{ effect: 'Deny', conditions: { StringNotLike: { 'app.terraform.io:sub': 'organization:acme:*' } } }],
      },
    },
    {
      name: 'a GitHub Actions role with plain operators',
      ...github(`{"StringEquals": {"${GH}:aud": "sts.amazonaws.com", "${GH}:sub": "repo:acme/app:ref:refs/heads/main"}}`),
    },
  ],
  invalid: [
    {
      name: 'ForAllValues: on a custom claim meant to pin the organization, with an open sub',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:*:project:infra:workspace:prod:run_phase:apply' },
          'ForAllValues:StringEquals': { 'app.terraform.io:terraform_organization_name': 'acme' },
        },
      },
      errors: [
        {
          messageId: 'customClaimOpen',
          text: '"app.terraform.io:terraform_organization_name"',
          severity: 'high',
          witness: { kind: 'accepted', sub: /^organization:(?!acme:)[^:]+:project:infra:workspace:prod:run_phase:apply$/ },
        },
      ],
    },
    {
      name: 'ForAllValues: on a custom claim the sub already pins checks nothing (low)',
      shapes: {
        conditions: {
          StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT },
          'ForAllValues:StringEquals': { 'app.terraform.io:terraform_organization_name': 'acme' },
        },
      },
      errors: [{ messageId: 'customClaimRedundant', text: '"app.terraform.io:terraform_organization_name"', severity: 'low' }],
    },
    {
      name: 'a custom claim under plain StringEquals never matches: the role can never be assumed',
      shapes: {
        conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT, 'app.terraform.io:terraform_workspace_name': 'prod' } },
      },
      errors: [
        {
          messageId: 'customClaimNeverMatches',
          text: '"app.terraform.io:terraform_workspace_name"',
          says: ['the role can never be assumed'],
          witness: { kind: 'rejected', sub: new RegExp(`^${EXACT}$`) },
        },
      ],
    },
    {
      name: 'a custom claim that shuts one statement while another still lets runs in: medium',
      file: 'trust-policy.json',
      code: tf`
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Effect": "Allow",
            "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": { "StringEquals": {
              "app.terraform.io:aud": "aws.workload.identity",
              "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply",
              "app.terraform.io:terraform_workspace_name": "prod"
            } }
          }, {
            "Effect": "Allow",
            "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": { "StringEquals": {
              "app.terraform.io:aud": "aws.workload.identity",
              "app.terraform.io:sub": "organization:acme:project:infra:workspace:staging:run_phase:apply"
            } }
          }]
        }`,
      errors: [{ messageId: 'customClaimNeverMatches', line: 10, column: 7, severity: 'medium', says: ['this statement lets no run in'] }],
    },
    {
      name: 'StringNotLike as the only sub test admits every other organization',
      shapes: { conditions: { StringEquals: AUD, StringNotLike: { 'app.terraform.io:sub': 'organization:evil-corp:*' } } },
      errors: [
        {
          messageId: 'negatedFilter',
          text: /^"app\.terraform\.io:sub"[\s\S]*"organization:evil-corp:\*"\]?$/,
          witness: { kind: 'accepted', sub: /^organization:attacker-org:/ },
        },
      ],
    },
    {
      name: 'Null as the only sub test only checks the claim is present',
      shapes: { conditions: { StringEquals: AUD, Null: { 'app.terraform.io:sub': 'false' } } },
      errors: [
        {
          messageId: 'nullFilter',
          text: /^"app\.terraform\.io:sub"[\s\S]*"false"\]?$/,
          witness: { kind: 'accepted', sub: /^organization:attacker-org:/ },
        },
      ],
    },
    {
      name: 'StringLikeIfExists on the right sub key is latent',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLikeIfExists: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:*' },
        },
      },
      errors: [{ messageId: 'latent', text: '"StringLikeIfExists"', severity: 'low' }],
    },
    {
      name: 'ForAnyValue: on the single-valued sub key works like the plain operator but is misleading',
      shapes: { conditions: { StringEquals: AUD, 'ForAnyValue:StringEquals': { 'app.terraform.io:sub': EXACT } } },
      errors: [{ messageId: 'forAnyValue', text: '"ForAnyValue:StringEquals"', severity: 'low', says: ['single-valued', 'StringEquals'] }],
    },
    {
      name: 'StringLikeIfExists on a GitHub Actions sub is latent',
      ...github(`{"StringEquals": {"${GH}:aud": "sts.amazonaws.com"}, "StringLikeIfExists": {"${GH}:sub": "repo:acme/app:*"}}`),
      errors: [{ messageId: 'latentOther', line: 5, column: 88, text: '"StringLikeIfExists"', severity: 'low' }],
    },
    {
      name: 'a GitHub Actions claim AWS does not fill in, under ForAllValues:, checks nothing',
      ...github(
        `{"StringEquals": {"${GH}:aud": "sts.amazonaws.com", "${GH}:sub": "repo:acme/app:ref:refs/heads/main"}, "ForAllValues:StringEquals": {"${GH}:repository_owner": "acme"}}`,
      ),
      errors: [{ messageId: 'unpopulatedOther', line: 5, column: 198, text: `"${GH}:repository_owner"`, severity: 'low' }],
    },
  ],
});

// The cases of the former cross-rule shape tables (rules/shapes.test.ts, rules/shapes-issuers.test.ts): every source shape.
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      name: 'ForAllValues: on a GitHub Actions sub in every source shape',
      shapes: ghSpec({ StringEquals: ghAud, 'ForAllValues:StringLike': { [`${SHAPE_GH}:sub`]: 'repo:acme/app:*' } }),
      errors: [{ messageId: 'latentOther', text: '"ForAllValues:StringLike"' }],
    },
  ],
});
