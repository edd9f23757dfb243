import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './valid-policy-document.js';

const PINNED = {
  StringEquals: {
    'app.terraform.io:aud': 'aws.workload.identity',
    'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply',
  },
};

const provider = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
`;
// Two StringEquals blocks: the first, with the aud condition, is lost.
const duplicated = `{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
      "StringEquals": { "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply" }
    }
  }]
}`;

const plan = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [
        {
          address: 'aws_iam_role.r',
          mode: 'managed',
          type: 'aws_iam_role',
          name: 'r',
          values: { name: 'r', assume_role_policy: duplicated },
        },
      ],
    },
  },
};

/** The duplicated document in each input; the lost operator is at line 8 of the JSON text (line 15 of main.tf in the heredoc); Terraform and plan JSON hold it in one string. */
const repeated: [string, Record<string, string>, { line: number; column: number; text?: string }][] = [
  ['raw JSON', { 'trust.json': duplicated + '\n' }, { line: 8, column: 7, text: '"StringEquals"' }],
  [
    'heredoc',
    { 'main.tf': provider + `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<EOF\n${duplicated}\nEOF\n}\n` },
    { line: 15, column: 7, text: '"StringEquals"' },
  ],
  [
    'Terraform JSON string',
    { 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: duplicated } } } }, null, 2) },
    { line: 6, column: 297 },
  ],
  ['plan JSON string', { 'plan.json': JSON.stringify(plan, null, 2) }, { line: 13, column: 301 }],
];
const notJson = {
  'main.tf':
    provider +
    `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<EOF\n{ "Version": "2012-10-17", "Statement": [ }\nEOF\n}\n`,
};
const serviceOr = (principal: string) =>
  `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<-EOF\n    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole", "Action": "sts:AssumeRoleWithWebIdentity"}]}\n  EOF\n}\n`;

ruleTester(rule, {
  valid: [
    { name: 'a valid trust policy', shapes: { conditions: PINNED } },
    { name: 'a Service role with a repeated key', code: serviceOr('{"Service": "lambda.amazonaws.com"}'), options: { prefilter: false } },
  ],
  invalid: [
    {
      name: 'Version 2008-10-17',
      shapes: { version: '2008-10-17', conditions: PINNED },
      errors: [{ messageId: 'oldVersion', text: '"2008-10-17"', severity: 'low' }],
    },
    ...repeated.map(([name, files, at]) => ({
      name: `repeated keys (${name}): the lost operator at its key, naming what it held`,
      files,
      errors: [
        { messageId: 'duplicateKey' as const, ...at, says: ['the StringEquals operator with its condition on app.terraform.io:aud'] },
      ],
    })),
    {
      name: 'a wrong-case element and an unknown element, in trust and permission policies',
      code:
        provider +
        tf`
          resource "aws_iam_role" "r" {
            name = "r"
            assume_role_policy = jsonencode({
              Version = "2012-10-17"
              Statement = [{
                Effect    = "Allow"
                Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
                Action    = "sts:AssumeRoleWithWebIdentity"
                condition = { StringEquals = { "app.terraform.io:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply" } }
              }]
            })
          }
          resource "aws_iam_role_policy" "p" {
            name   = "deploy"
            role   = aws_iam_role.r.id
            policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resources = "*" }] })
          }
        `,
      errors: [
        { messageId: 'rejected', line: 13, column: 7, text: 'condition', says: ['"Condition"'] },
        { messageId: 'rejected', line: 20, column: 107, text: 'Resources', says: ['policy deploy'] },
      ],
    },
    {
      name: 'a permission policy without Version that uses policy variables',
      code:
        provider +
        tf`
          resource "aws_iam_role" "r" {
            name = "r"
            assume_role_policy = jsonencode({
              Version = "2012-10-17"
              Statement = [{
                Effect    = "Allow"
                Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
                Action    = "sts:AssumeRoleWithWebIdentity"
                Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply" } }
              }]
            })
          }
          resource "aws_iam_role_policy" "p" {
            name   = "home"
            role   = aws_iam_role.r.id
            policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::acme/$\${aws:userid}/*" }] })
          }
        `,
      errors: [{ messageId: 'noVersion', line: 20, column: 23, severity: 'medium' }],
    },
    {
      name: 'the Service role’s document with a Federated principal instead',
      code: serviceOr('{"Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io"}'),
      options: { prefilter: false },
      errors: [{ messageId: 'duplicateKey', severity: 'high', line: 4, column: 153 }],
    },
  ],
});

describe('valid-policy-document next to other rules', () => {
  it.each(repeated)(
    '%s: the engine evaluates the policy without the lost operator, so require-aud-condition reports the aud condition IAM never sees',
    async (_n, files) => {
      const r = await lintTree(files);
      expect(r.findings.some((f) => f.ruleId === 'require-aud-condition' && f.messageId === 'noAud')).toBe(true);
    },
  );
  it('leaves text that is not JSON to parse-error: one finding, not two', async () => {
    const r = await lintTree(notJson);
    expect(r.findings.filter((f) => f.ruleId === 'parse-error').length).toBeGreaterThanOrEqual(1);
    expect(r.findings.filter((f) => f.ruleId === 'valid-policy-document')).toEqual([]);
  });
});
