import { ruleTester } from '../src/testing/rule-tester.js';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { tf } from '../src/testing/tf.js';
import rule from './unused-client-id.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const IDS = ['aws.workload.identity', 'leftover.audience'];

/** The provider as `aws iam get-open-id-connect-provider` prints it: next to the raw IAM trust document; the IDs are on lines 4 and 5. */
const providerJson = (ids: string[]) =>
  JSON.stringify(
    {
      Url: 'app.terraform.io',
      ClientIDList: ids,
      ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
      CreateDate: '2024-02-11T09:29:12.112000+00:00',
      Tags: [],
    },
    null,
    4,
  ) + '\n';

function spec(aud: string | string[]): TrustSpec {
  return { clientIds: IDS, conditions: { StringEquals: { 'app.terraform.io:aud': aud, 'app.terraform.io:sub': SUB } } };
}
/** The raw IAM trust document of a spec, with the provider's get-open-id-connect-provider output beside it. */
const rawWithProvider = (s: TrustSpec) => ({
  files: { ...allShapes(s).find((x) => x.name === 'raw IAM JSON document')!.files, 'provider.json': providerJson(IDS) },
});
const TERRAFORM = [
  'heredoc JSON' as const,
  'jsonencode' as const,
  'aws_iam_policy_document' as const,
  'Terraform JSON' as const,
  'plan JSON' as const,
];
const jsonencode = (s: TrustSpec) => allShapes(s).find((x) => x.name === 'jsonencode')!.files['main.tf'];
const second = tf`
  resource "aws_iam_role" "other" {
    name = "other"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${SUB}" } }
      }]
    })
  }
`;
const LIKE = { clientIds: IDS, conditions: { StringLike: { 'app.terraform.io:aud': 'leftover.*', 'app.terraform.io:sub': SUB } } };

ruleTester(rule, {
  valid: [
    { name: 'every client ID is accepted', shapes: spec(IDS), only: TERRAFORM },
    { name: 'every client ID is accepted (raw IAM JSON document with the provider’s JSON)', ...rawWithProvider(spec(IDS)) },
    {
      name: 'a statement without an aud condition accepts every client ID',
      shapes: { clientIds: IDS, conditions: { StringEquals: { 'app.terraform.io:sub': SUB } } },
      only: ['heredoc JSON'],
    },
    { name: 'StringLike on one ID and a second role on the other', code: jsonencode(LIKE) + second },
    { name: 'no role in the scan trusts the provider', files: { 'provider.json': providerJson(IDS) } },
    {
      name: 'the aud is not known',
      code: jsonencode(spec('${var.audience}')).replace('"${var.audience}"', 'var.audience') + '\nvariable "audience" {}\n',
    },
    {
      name: 'a GitHub Actions provider',
      shapes: {
        host: 'token.actions.githubusercontent.com',
        clientIds: ['sts.amazonaws.com', 'unused'],
        conditions: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
          },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'a client ID no aud condition accepts, at that ID',
      shapes: spec('aws.workload.identity'),
      only: TERRAFORM,
      errors: [
        {
          messageId: 'unused',
          text: '"leftover.audience"',
          severity: 'low',
          says: ['"leftover.audience"', 'no role that trusts it ("tfc-role")'],
        },
      ],
    },
    {
      name: 'a client ID no aud condition accepts, at that ID (raw IAM JSON document with the provider’s JSON)',
      ...rawWithProvider(spec('aws.workload.identity')),
      errors: [
        {
          messageId: 'unused',
          file: 'provider.json',
          line: 5,
          column: 9,
          text: '"leftover.audience"',
          severity: 'low',
          says: ['no role that trusts it ("trust-policy.json")'],
        },
      ],
    },
    {
      name: 'StringLike accepts only the matching ID',
      code: jsonencode(LIKE),
      errors: [{ messageId: 'unused', line: 3, column: 22, says: ['"aws.workload.identity"'] }],
    },
  ],
});
