import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { fixtureFiles } from '../src/testing/rule-cases.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './stack-deployment-role.js';
import { placeName } from '../src/core/source.js';

const iam = (sub: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "stack" {
    name = "tfc-stack"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "${sub}" }
        }
      }]
    })
  }
`;

/** deployments.tfdeploy.hcl: the audience on line 2 (from column 15); deployment k (from 0) has its role_arn on line 7 + 7k, from column 22. */
const deploy = (aud: string, names: string[]) =>
  `identity_token "aws" {\n  audience = ["${aud}"]\n}\n` +
  names
    .map(
      (n) =>
        `\ndeployment "${n}" {\n  inputs = {\n    role_arn       = "arn:aws:iam::123456789012:role/tfc-stack"\n    identity_token = identity_token.aws.jwt\n  }\n}\n`,
    )
    .join('');

const files = (sub: string, aud: string, names: string[], extra: Record<string, string> = {}) => ({
  files: { 'iam.tf': iam(sub), 'deployments.tfdeploy.hcl': deploy(aud, names), ...extra },
});
const PINNED = 'organization:acme:project:net:stack:core:deployment:production:operation:apply';
const WIDE = 'organization:acme:project:net:stack:core:deployment:*:operation:apply';
const ROLE_ARN = '"arn:aws:iam::123456789012:role/tfc-stack"';
const DEPLOYMENTS = 'deployments.tfdeploy.hcl';

ruleTester(rule, {
  valid: [
    { name: 'the role admits the deployment with its identity_token audience', ...files(PINNED, 'aws.workload.identity', ['production']) },
    { name: 'one role shared by two non-production deployments', ...files(WIDE, 'aws.workload.identity', ['dev', 'staging']) },
  ],
  invalid: [
    {
      name: 'the role admits workspace runs only, at the deployment’s role_arn',
      ...files('organization:acme:project:net:workspace:prod:run_phase:apply', 'aws.workload.identity', ['production']),
      errors: [{ messageId: 'notAdmitted', file: DEPLOYMENTS, line: 7, column: 22, text: ROLE_ARN, severity: 'high' }],
    },
    {
      name: 'the identity_token audience is not what the role accepts, with a rejected witness',
      ...files(PINNED, 'custom-aud', ['production']),
      errors: [
        {
          messageId: 'audience',
          file: DEPLOYMENTS,
          line: 2,
          column: 15,
          text: '"custom-aud"',
          witness: { kind: 'rejected', aud: /^custom-aud$/, sub: new RegExp(`^${PINNED}$`) },
        },
      ],
    },
    {
      name: 'one role shared by production and non-production deployments (medium), at each role_arn',
      ...files(WIDE, 'aws.workload.identity', ['production', 'staging']),
      errors: [
        {
          messageId: 'shared',
          file: DEPLOYMENTS,
          line: 7,
          column: 22,
          severity: 'medium',
          says: ['production deployment "production" and non-production deployment "staging"'],
        },
        { messageId: 'shared', file: DEPLOYMENTS, line: 14, column: 22, severity: 'medium' },
      ],
    },
    {
      name: 'the recall case’s problems (shared role, audience, workspace-only role)',
      files: fixtureFiles('recall/stacks-shared-role-audience'),
      errors: [
        { messageId: 'audience', file: DEPLOYMENTS, line: 6, column: 15 },
        { messageId: 'shared', file: DEPLOYMENTS, line: 12, column: 22 },
        { messageId: 'shared', file: DEPLOYMENTS, line: 20, column: 22 },
        { messageId: 'notAdmitted', file: DEPLOYMENTS, line: 36, column: 22 },
      ],
    },
  ],
});

// Not a finding of this rule: how Stacks files are read.
describe('Stacks files', () => {
  it('reads .tfstack.hcl and .tfcomponent.hcl files with the HCL grammar: a syntax error there is a parse error', async () => {
    const r = await lintTree({
      ...files(PINNED, 'aws.workload.identity', ['production'], { 'network.tfcomponent.hcl': 'component "vpc" {\n  source = \n' }).files,
    });
    expect(r.findings.filter((f) => f.ruleId === 'parse-error').map((f) => placeName(f.range))).toEqual(['network.tfcomponent.hcl']);
  });
});
