import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './duplicate-provider.js';

const provider = (name: string, url = 'https://app.terraform.io', extra = '') => tf`
  resource "aws_iam_openid_connect_provider" "${name}" {
    url            = "${url}"
    client_id_list = ["aws.workload.identity"]${extra}
  }
`;

const planResource = (name: string, values: Record<string, unknown>, module?: string) => ({
  address: `${module ? `${module}.` : ''}aws_iam_openid_connect_provider.${name}`,
  mode: 'managed',
  type: 'aws_iam_openid_connect_provider',
  name,
  values: { url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'], ...values },
});

const plan = (resources: unknown[]) =>
  JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } }, null, 2) + '\n';

const iamProvider = (arn: string) =>
  JSON.stringify({ Arn: arn, Url: 'app.terraform.io', ClientIDList: ['aws.workload.identity'], ThumbprintList: [], Tags: [] }, null, 4) +
  '\n';

const ARN_111 = 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io';
/** aws iam get-open-id-connect-provider output has no ARN: the account is unknown. */
const noArn = (url: string) => JSON.stringify({ Url: url, ClientIDList: ['aws.workload.identity'], ThumbprintList: [] }, null, 4) + '\n';
const GH = 'https://token.actions.githubusercontent.com';
const oidcModule = provider('tfc');

ruleTester(rule, {
  valid: [
    { name: 'different URLs', code: provider('a') + provider('b', 'https://app.eu.terraform.io') },
    { name: 'different root modules', files: { 'prod/main.tf': provider('a'), 'dev/main.tf': provider('a') } },
    { name: 'a non-Terraform issuer', code: provider('a', GH) + provider('b', GH) },
    {
      // Two calls may pass two AWS provider configurations (providers = { aws = aws.prod }): accounts unknown.
      name: 'two module calls',
      files: {
        'main.tf': tf`
          module "prod" {
            source = "./oidc"
          }
          module "dev" {
            source = "./oidc"
          }
        `,
        'oidc/main.tf': oidcModule,
      },
    },
    {
      name: 'a plan whose ARNs show two accounts',
      files: {
        'plan.json': plan([
          planResource('a', { arn: ARN_111 }),
          planResource('b', { arn: 'arn:aws:iam::222222222222:oidc-provider/app.terraform.io' }),
        ]),
      },
    },
    {
      name: 'IAM JSON of two accounts',
      files: { 'a.json': iamProvider(ARN_111), 'b.json': iamProvider('arn:aws:iam::222222222222:oidc-provider/app.terraform.io') },
    },
    { name: 'the same ARN twice in IAM JSON is one provider', files: { 'a.json': iamProvider(ARN_111), 'b.json': iamProvider(ARN_111) } },
    {
      name: 'IAM JSON without ARNs: the accounts are unknown, nothing is compared',
      files: { 'a.json': noArn('app.terraform.io'), 'b/b.json': noArn('app.terraform.io') },
    },
    {
      name: 'IAM JSON of one account next to Terraform code: only through the ARN, never by guess',
      files: { 'main.tf': provider('a'), 'export/a.json': iamProvider(ARN_111) },
    },
  ],
  invalid: [
    {
      name: 'the second provider for one URL in one module, at its header',
      code: provider('a') + provider('b', 'https://App.Terraform.io'),
      errors: [
        {
          messageId: 'duplicate',
          line: 5,
          column: 1,
          text: 'resource "aws_iam_openid_connect_provider" "b" {',
          severity: 'medium',
          says: ['aws_iam_openid_connect_provider.a already declares it'],
          check: (f) => expect(f.related?.[0].range.start.line).toBe(1),
        },
      ],
    },
    {
      name: 'Terraform JSON',
      files: {
        'main.tf.json':
          JSON.stringify(
            {
              resource: {
                aws_iam_openid_connect_provider: { a: { url: 'https://app.terraform.io' }, b: { url: 'https://app.terraform.io' } },
              },
            },
            null,
            2,
          ) + '\n',
      },
      errors: [{ messageId: 'duplicate', line: 7, column: 7, text: '"b": {' }],
    },
    {
      name: 'every instance of one module call after the first (count)',
      files: {
        'main.tf': tf`
          module "oidc" {
            count  = 2
            source = "./oidc"
          }
        `,
        'oidc/main.tf': oidcModule,
      },
      errors: [
        {
          messageId: 'duplicate',
          file: 'oidc/main.tf',
          line: 1,
          column: 1,
          resource: 'module.oidc[1].aws_iam_openid_connect_provider.tfc',
        },
      ],
    },
    {
      name: 'two providers for one URL in a plan',
      files: { 'plan.json': plan([planResource('a', {}), planResource('b', {})]) },
      errors: [
        {
          messageId: 'duplicate',
          line: 18,
          column: 9,
          text: /^\{\s*"address": "aws_iam_openid_connect_provider\.b"[\s\S]*\}$/,
          resource: 'aws_iam_openid_connect_provider.b',
        },
      ],
    },
    {
      name: 'two providers for one URL in a plan, one ARN known: named with its account',
      files: { 'plan.json': plan([planResource('a', { arn: ARN_111 }), planResource('b', {})]) },
      errors: [{ messageId: 'duplicate', line: 19, column: 9, says: ['account 111111111111'] }],
    },
  ],
});

describe('duplicate-provider: the quiet IAM JSON cases read both providers', () => {
  it('holds two providers for two accounts, and for two outputs without ARNs', async () => {
    const two = await lintTree({
      'a.json': iamProvider(ARN_111),
      'b.json': iamProvider('arn:aws:iam::222222222222:oidc-provider/app.terraform.io'),
    });
    expect(two.project.providers).toHaveLength(2);
    const unknown = await lintTree({ 'a.json': noArn('app.terraform.io'), 'b/b.json': noArn('app.terraform.io') });
    expect(unknown.project.providers).toHaveLength(2);
  });
});
