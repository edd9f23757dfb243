import { expect } from 'vitest';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './valid-provider-url.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

/** A provider and a role that trusts it, with the condition keys on `keyHost`; the url value is on line 2 from column 20. */
const setup = (url: string, keyHost = 'app.terraform.io') => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = ${url}
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "r" {
    name = "tfc"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = { "${keyHost}:sub" = "${SUB}", "${keyHost}:aud" = "aws.workload.identity" } }
      }]
    })
  }
`;

const tfJson = (url: string) =>
  JSON.stringify({ resource: { aws_iam_openid_connect_provider: { tfc: { url, client_id_list: ['aws.workload.identity'] } } } }, null, 2) +
  '\n';

const plan = (url: string) =>
  JSON.stringify(
    {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_openid_connect_provider.tfc',
              mode: 'managed',
              type: 'aws_iam_openid_connect_provider',
              name: 'tfc',
              values: { url, client_id_list: ['aws.workload.identity'] },
            },
          ],
        },
      },
    },
    null,
    2,
  ) + '\n';

const iamJson = (url: string) =>
  JSON.stringify(
    { Url: url, ClientIDList: ['aws.workload.identity'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'], Tags: [] },
    null,
    4,
  ) + '\n';

/** Where the url value is in each input. */
const URL_AT = { 'main.tf': { line: 2, column: 20 }, 'main.tf.json': { line: 5, column: 16 }, 'plan.json': { line: 12, column: 20 } };
const inputs = (url: string) =>
  [
    ['main.tf', setup(JSON.stringify(url))],
    ['main.tf.json', tfJson(url)],
    ['plan.json', plan(url)],
  ] as const;
const bad: [string, string, string][] = [
  ['a trailing slash', 'https://app.terraform.io/', 'ends with "/"'],
  ['a port', 'https://app.terraform.io:443', 'port'],
  ['a query', 'https://app.terraform.io?x=1', 'query'],
  ['http://', 'http://app.terraform.io', 'http://'],
  ['no scheme', 'app.terraform.io', 'https://'],
];
const provider = (url: string) => tf`
  resource "aws_iam_openid_connect_provider" "x" {
    url            = "${url}"
    client_id_list = ["sts.amazonaws.com"]
  }
`;
const ok = 'https://app.terraform.io';
const tfe = setup('"https://tfe.acme.internal"', 'tfe.acme.internal');

ruleTester(rule, {
  valid: [
    ...inputs(ok).map(([file, code]) => ({ name: `a correct URL (${file})`, file, code })),
    { name: 'a correct URL (get-open-id-connect-provider output)', file: 'provider.json', code: iamJson('app.terraform.io') },
    {
      name: 'a Terraform Enterprise host the configuration lists',
      code: tfe,
      options: { expectations: { hostnames: ['tfe.acme.internal'] } },
    },
    { name: 'a Terraform Enterprise host a Terraform trust uses', code: tfe },
    ...['https://token.actions.githubusercontent.com/', 'https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789'].map((url) => ({
      name: `another issuer’s provider: ${url}`,
      code: provider(url),
    })),
  ],
  invalid: [
    ...bad.flatMap(([what, url, why]) =>
      inputs(url).map(([file, code]) => ({
        name: `${what}, at the url value (${file})`,
        file,
        code,
        errors: [{ messageId: 'urlProblem' as const, ...URL_AT[file], text: JSON.stringify(url), says: [why] }],
      })),
    ),
    {
      name: 'a path: the HCP Terraform issuer has none',
      code: setup('"https://app.terraform.io/oidc"'),
      errors: [
        {
          messageId: 'hasPath',
          severity: 'high',
          ...URL_AT['main.tf'],
          text: '"https://app.terraform.io/oidc"',
          says: ['"/oidc"', 'iss = https://app.terraform.io'],
        },
      ],
    },
    {
      name: 'the variable the bad part came from is named',
      code:
        setup('"https://${var.tfc_hostname}"') +
        tf`
        variable "tfc_hostname" {
          default = "app.terraform.io/"
        }
      `,
      errors: [
        {
          messageId: 'urlProblem',
          ...URL_AT['main.tf'],
          check: (f) => expect(f.origins?.map((o) => o.name)).toContain('var.tfc_hostname'),
        },
      ],
    },
    {
      name: 'a trailing slash in aws iam get-open-id-connect-provider output, at the Url value',
      file: 'provider.json',
      code: iamJson('app.terraform.io/'),
      errors: [{ messageId: 'urlProblem', line: 2, column: 12, text: '"app.terraform.io/"' }],
    },
    {
      name: 'a host outside the hostnames the configuration lists',
      code: setup('"https://app.terraform.io"'),
      options: { expectations: { hostnames: ['tfe.acme.internal'] } },
      errors: [{ messageId: 'unexpectedHost', ...URL_AT['main.tf'], text: '"https://app.terraform.io"', says: ['tfe.acme.internal'] }],
    },
    {
      name: 'a Terraform Enterprise URL with a port, found through the trust that uses it',
      code: setup('"https://tfe.acme.internal:8443"', 'tfe.acme.internal'),
      errors: [{ messageId: 'urlProblem', ...URL_AT['main.tf'], says: ['port'] }],
    },
  ],
});
