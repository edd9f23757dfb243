import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './valid-thumbprint.js';

const GOOD = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

/** The provider with `list` as its thumbprint_list (line 4, from column 21). */
const providerWith = (list: string, url = 'https://app.terraform.io') => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "${url}"
    client_id_list  = ["aws.workload.identity"]
    thumbprint_list = ${list}
  }
`;

const six = ['1', '2', '3', '4', '5', '6'].map((d) => `"${d.repeat(40)}"`).join(', ');
const GH = 'https://token.actions.githubusercontent.com';
const tfeRole = tf`
  resource "aws_iam_role" "r" {
    name = "tfe"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = { "tfe.acme.internal:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply", "tfe.acme.internal:aud" = "aws.workload.identity" } }
      }]
    })
  }
`;
const plan = {
  format_version: '1.2',
  planned_values: {
    root_module: {
      resources: [
        {
          address: 'aws_iam_openid_connect_provider.tfc',
          mode: 'managed',
          type: 'aws_iam_openid_connect_provider',
          name: 'tfc',
          values: { url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'], thumbprint_list: ['xyz', GOOD] },
        },
      ],
    },
  },
};
const L = 4;

ruleTester(rule, {
  valid: [
    {
      name: 'the data.tls_certificate idiom',
      code: tf`
        data "tls_certificate" "tfc" {
          url = "https://app.terraform.io"
        }
        resource "aws_iam_openid_connect_provider" "tfc" {
          url             = data.tls_certificate.tfc.url
          client_id_list  = ["aws.workload.identity"]
          thumbprint_list = [data.tls_certificate.tfc.certificates[0].sha1_fingerprint]
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a value that is not 40 hex digits, at that value',
      code: providerWith(`["${GOOD.slice(0, 39)}", "${GOOD}"]`),
      errors: [
        { messageId: 'malformed', line: L, column: 22, text: `"${GOOD.slice(0, 39)}"` },
        { messageId: 'hardCoded', line: L, column: 65 },
      ],
    },
    {
      name: 'duplicates regardless of case',
      code: providerWith(`["${GOOD}", "${GOOD.toUpperCase()}"]`),
      errors: [
        { messageId: 'hardCoded', line: L, column: 22 },
        { messageId: 'duplicate', line: L, column: 66 },
      ],
    },
    {
      name: 'more than five entries',
      code: providerWith(`[${six}]`),
      errors: [
        { messageId: 'tooMany', line: L, column: 21, says: ['6 thumbprints'] },
        { messageId: 'hardCoded', line: L, column: 22 },
      ],
    },
    {
      name: 'a hard-coded literal is noted once, low for app.terraform.io',
      code: providerWith(`["${GOOD}", "${'a'.repeat(40)}"]`),
      errors: [{ messageId: 'hardCoded', line: L, column: 22, severity: 'low' }],
    },
    {
      name: 'a hard-coded literal is medium for a Terraform Enterprise host',
      code: providerWith(`["${GOOD}"]`, 'https://tfe.acme.internal') + tfeRole,
      errors: [{ messageId: 'hardCoded', line: L, column: 22, severity: 'medium', says: ['private CA'] }],
    },
    {
      name: 'another issuer’s format: a malformed GitHub thumbprint',
      code: providerWith('["not-a-thumbprint"]', GH),
      errors: [{ messageId: 'malformed', line: L, column: 22, text: '"not-a-thumbprint"' }],
    },
    {
      name: 'a literal for GitHub is an info note (AWS verifies GitHub with its trusted CAs)',
      code: providerWith('["6938fd4d98bab03faadb97b34396831e3780aea1"]', GH),
      errors: [{ messageId: 'ignored', line: L, column: 22, severity: 'info', says: ['GitHub Actions'] }],
    },
    {
      name: 'a literal thumbprint next to a computed one is reported once, as mixed',
      code: tf`
        data "tls_certificate" "gl" {
          url = "https://gitlab.example.com"
        }
        resource "aws_iam_openid_connect_provider" "gl" {
          url             = "https://gitlab.example.com"
          client_id_list  = ["https://gitlab.example.com"]
          thumbprint_list = [data.tls_certificate.gl.certificates[0].sha1_fingerprint, "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
        }
      `,
      errors: [{ messageId: 'mixed', line: 7, column: 80, severity: 'low' }],
    },
    {
      name: 'the format of thumbprints in plan JSON, without the literal note',
      file: 'plan.json',
      code: JSON.stringify(plan, null, 2),
      errors: [{ messageId: 'malformed', line: 17, column: 15, text: '"xyz"' }],
    },
  ],
});
