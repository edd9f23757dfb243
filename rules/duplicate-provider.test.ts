import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

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

const plan = (resources: unknown[]) => JSON.stringify({ format_version: '1.2', planned_values: { root_module: { resources } } }, null, 2) + '\n';

const iamProvider = (arn: string) => JSON.stringify({ Arn: arn, Url: 'app.terraform.io', ClientIDList: ['aws.workload.identity'], ThumbprintList: [], Tags: [] }, null, 4) + '\n';

async function duplicates(files: Record<string, string>) {
  const r = await lintTree(files);
  return { ...r, found: r.findings.filter((f) => f.ruleId === 'duplicate-provider') };
}

describe('duplicate-provider', () => {
  it('reports the second provider for one URL in one module, at its header', async () => {
    const { found, text } = await duplicates({ 'main.tf': provider('a') + provider('b', 'https://App.Terraform.io') });
    expect(found).toHaveLength(1);
    expect(text('main.tf', found[0].range)).toBe('resource "aws_iam_openid_connect_provider" "b" {');
    expect(found[0].message).toContain('aws_iam_openid_connect_provider.a already declares it');
    expect(found[0].related?.[0].range.start.line).toBe(1);
    expect(found[0].severity).toBe('medium');
  });

  it('reports in Terraform JSON', async () => {
    const config = { resource: { aws_iam_openid_connect_provider: { a: { url: 'https://app.terraform.io' }, b: { url: 'https://app.terraform.io' } } } };
    const { found, text } = await duplicates({ 'main.tf.json': JSON.stringify(config, null, 2) + '\n' });
    expect(found).toHaveLength(1);
    expect(text('main.tf.json', found[0].range)).toContain('"b"');
  });

  it('reports every instance of one module call after the first (count), but not two module calls', async () => {
    const mod = provider('tfc');
    const counted = await duplicates({
      'main.tf': tf`
        module "oidc" {
          count  = 2
          source = "./oidc"
        }
      `,
      'oidc/main.tf': mod,
    });
    expect(counted.found).toHaveLength(1);
    expect(counted.found[0].resource).toBe('module.oidc[1].aws_iam_openid_connect_provider.tfc');
    // Two calls may pass two AWS provider configurations (providers = { aws = aws.prod }): accounts unknown.
    const calls = await duplicates({
      'main.tf': tf`
        module "prod" {
          source = "./oidc"
        }
        module "dev" {
          source = "./oidc"
        }
      `,
      'oidc/main.tf': mod,
    });
    expect(calls.found).toEqual([]);
  });

  it('stays quiet for different URLs, different root modules, and non-Terraform issuers', async () => {
    expect((await duplicates({ 'main.tf': provider('a') + provider('b', 'https://app.eu.terraform.io') })).found).toEqual([]);
    expect((await duplicates({ 'prod/main.tf': provider('a'), 'dev/main.tf': provider('a') })).found).toEqual([]);
    const gh = 'https://token.actions.githubusercontent.com';
    expect((await duplicates({ 'main.tf': provider('a', gh) + provider('b', gh) })).found).toEqual([]);
  });

  it('reports two providers for one URL in a plan, unless their ARNs show two accounts', async () => {
    const same = await duplicates({ 'plan.json': plan([planResource('a', {}), planResource('b', {})]) });
    expect(same.found).toHaveLength(1);
    expect(same.found[0].resource).toBe('aws_iam_openid_connect_provider.b');
    expect(same.text('plan.json', same.found[0].range)).toContain('aws_iam_openid_connect_provider.b');

    const known = await duplicates({
      'plan.json': plan([planResource('a', { arn: 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io' }), planResource('b', {})]),
    });
    expect(known.found.map((f) => f.message)).toEqual([expect.stringContaining('account 111111111111')]);

    const two = await duplicates({
      'plan.json': plan([planResource('a', { arn: 'arn:aws:iam::111111111111:oidc-provider/app.terraform.io' }), planResource('b', { arn: 'arn:aws:iam::222222222222:oidc-provider/app.terraform.io' })]),
    });
    expect(two.found).toEqual([]);
  });

  it('reads the account from the ARN in IAM JSON: one provider per account, the same ARN twice is one provider', async () => {
    const twoAccounts = await duplicates({
      'a.json': iamProvider('arn:aws:iam::111111111111:oidc-provider/app.terraform.io'),
      'b.json': iamProvider('arn:aws:iam::222222222222:oidc-provider/app.terraform.io'),
    });
    expect(twoAccounts.project.providers).toHaveLength(2);
    expect(twoAccounts.found).toEqual([]);
    const sameArn = await duplicates({
      'a.json': iamProvider('arn:aws:iam::111111111111:oidc-provider/app.terraform.io'),
      'b.json': iamProvider('arn:aws:iam::111111111111:oidc-provider/app.terraform.io'),
    });
    expect(sameArn.found).toEqual([]);
    // aws iam get-open-id-connect-provider output has no ARN: the account is unknown, nothing is compared.
    const noArn = (url: string) => JSON.stringify({ Url: url, ClientIDList: ['aws.workload.identity'], ThumbprintList: [] }, null, 4) + '\n';
    const unknownAccounts = await duplicates({ 'a.json': noArn('app.terraform.io'), 'b/b.json': noArn('app.terraform.io') });
    expect(unknownAccounts.project.providers).toHaveLength(2);
    expect(unknownAccounts.found).toEqual([]);
  });

  it('reports IAM JSON of one account next to Terraform code only through the ARN, never by guess', async () => {
    const { found } = await duplicates({ 'main.tf': provider('a'), 'export/a.json': iamProvider('arn:aws:iam::111111111111:oidc-provider/app.terraform.io') });
    expect(found).toEqual([]);
  });
});
