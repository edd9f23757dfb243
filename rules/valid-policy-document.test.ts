import { describe, expect, it } from 'vitest';
import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const PINNED = { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } };

firesOnEveryShape('valid-policy-document', [
  { name: 'Version 2008-10-17', spec: { version: '2008-10-17', conditions: PINNED }, at: '2008-10-17', messageId: 'oldVersion', severity: 'low' },
]);
quietOnEveryShape('valid-policy-document', [{ name: 'a valid trust policy', spec: { conditions: PINNED } }]);

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
  planned_values: { root_module: { resources: [{ address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'r', assume_role_policy: duplicated } }] } },
};

describe('valid-policy-document: repeated keys', () => {
  const shapes: [string, Record<string, string>, string][] = [
    ['raw JSON', { 'trust.json': duplicated + '\n' }, 'trust.json'],
    ['heredoc', { 'main.tf': provider + `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<EOF\n${duplicated}\nEOF\n}\n` }, 'main.tf'],
    ['Terraform JSON string', { 'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { r: { name: 'r', assume_role_policy: duplicated } } } }, null, 2) }, 'main.tf.json'],
    ['plan JSON string', { 'plan.json': JSON.stringify(plan, null, 2) }, 'plan.json'],
  ];
  it.each(shapes)('%s: reports the lost operator at its key, names what it held, and the engine evaluates without it', async (_n, files, file) => {
    const r = await lintTree(files);
    const found = r.findings.filter((f) => f.ruleId === 'valid-policy-document');
    expect(found.map((f) => f.messageId)).toEqual(['duplicateKey']);
    expect(found[0].message).toContain('the StringEquals operator with its condition on app.terraform.io:aud');
    // Inside the JSON text at line 8; the heredoc starts at line 8 of main.tf. Terraform and plan JSON hold it in one string.
    if (file === 'trust.json' || file === 'main.tf') {
      expect(found[0].range.start.line).toBe(file === 'main.tf' ? 15 : 8);
      expect(r.text(file, found[0].range)).toBe('"StringEquals"');
    }
    // The aud condition IAM never sees: require-aud-condition sees the same policy.
    expect(r.findings.some((f) => f.ruleId === 'require-aud-condition' && f.messageId === 'noAud')).toBe(true);
  });
});

describe('valid-policy-document: what IAM rejects, and how it relates to parse-error', () => {
  it('reports a wrong-case element and an unknown element, in trust and permission policies', async () => {
    const r = await lintTree({
      'main.tf': provider + tf`
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
    });
    const found = r.findings.filter((f) => f.ruleId === 'valid-policy-document');
    expect(found.map((f) => r.text('main.tf', f.range))).toEqual(['condition', 'Resources']);
    expect(found[0].message).toContain('"Condition"');
    expect(found[1].message).toContain('policy deploy');
  });
  it('leaves text that is not JSON to parse-error: one finding, not two', async () => {
    const r = await lintTree({ 'main.tf': provider + `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<EOF\n{ "Version": "2012-10-17", "Statement": [ }\nEOF\n}\n` });
    expect(r.findings.filter((f) => f.ruleId === 'parse-error').length).toBeGreaterThanOrEqual(1);
    expect(r.findings.filter((f) => f.ruleId === 'valid-policy-document')).toEqual([]);
  });
});

describe('valid-policy-document looks at web-identity roles and what is attached to them', () => {
  const role = (principal: string) => ({
    'main.tf': `resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = <<-EOF\n    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": ${principal}, "Action": "sts:AssumeRole", "Action": "sts:AssumeRoleWithWebIdentity"}]}\n  EOF\n}\n`,
  });
  it('stays quiet on a Service role with a repeated key, fires on the same document with a Federated principal', async () => {
    const quiet = await lintTree(role('{"Service": "lambda.amazonaws.com"}'), { prefilter: false });
    expect(quiet.findings.filter((f) => f.ruleId === 'valid-policy-document')).toEqual([]);
    const loud = await lintTree(role('{"Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io"}'), { prefilter: false });
    expect(loud.findings.filter((f) => f.ruleId === 'valid-policy-document').map((f) => f.messageId)).toContain('duplicateKey');
  });
});
