import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

/** A provider and a role that trusts it, with the condition keys on `keyHost`. */
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
  JSON.stringify({ resource: { aws_iam_openid_connect_provider: { tfc: { url, client_id_list: ['aws.workload.identity'] } } } }, null, 2) + '\n';

const plan = (url: string) =>
  JSON.stringify(
    {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [{ address: 'aws_iam_openid_connect_provider.tfc', mode: 'managed', type: 'aws_iam_openid_connect_provider', name: 'tfc', values: { url, client_id_list: ['aws.workload.identity'] } }],
        },
      },
    },
    null,
    2,
  ) + '\n';

const iamJson = (url: string) => JSON.stringify({ Url: url, ClientIDList: ['aws.workload.identity'], ThumbprintList: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'], Tags: [] }, null, 4) + '\n';

async function urlFindings(files: Record<string, string>, options = {}) {
  const r = await lintTree(files, options);
  return { ...r, found: r.findings.filter((f) => f.ruleId === 'valid-provider-url') };
}

describe('valid-provider-url', () => {
  const bad: [string, string, RegExp][] = [
    ['a trailing slash', 'https://app.terraform.io/', /ends with "\/"/],
    ['a port', 'https://app.terraform.io:443', /port/],
    ['a query', 'https://app.terraform.io?x=1', /query/],
    ['http://', 'http://app.terraform.io', /http:\/\//],
    ['no scheme', 'app.terraform.io', /https:\/\//],
  ];
  for (const [what, url, why] of bad) {
    it(`reports ${what}, at the url value (HCL, .tf.json, plan JSON)`, async () => {
      for (const [file, text] of [
        ['main.tf', setup(JSON.stringify(url))],
        ['main.tf.json', tfJson(url)],
        ['plan.json', plan(url)],
      ] as const) {
        const r = await urlFindings({ [file]: text });
        expect(r.found.length, file).toBeGreaterThan(0);
        expect(r.found.some((f) => why.test(f.message)), file).toBe(true);
        for (const f of r.found) expect(r.text(file, f.range), file).toBe(JSON.stringify(url));
      }
    });
  }

  it('reports a path: the HCP Terraform issuer has none', async () => {
    const { found, text } = await urlFindings({ 'main.tf': setup('"https://app.terraform.io/oidc"') });
    const path = found.filter((f) => f.messageId === 'hasPath');
    expect(path).toHaveLength(1);
    expect(path[0].message).toContain('"/oidc"');
    expect(path[0].message).toContain('iss = https://app.terraform.io');
    expect(text('main.tf', path[0].range)).toBe('"https://app.terraform.io/oidc"');
  });

  it('names the variable the bad part came from', async () => {
    const files = {
      'main.tf': setup('"https://${var.tfc_hostname}"') + tf`
        variable "tfc_hostname" {
          default = "app.terraform.io/"
        }
      `,
    };
    const { found } = await urlFindings(files);
    expect(found).toHaveLength(1);
    expect(found[0].origins?.map((o) => o.name)).toContain('var.tfc_hostname');
  });

  it('reports a trailing slash in aws iam get-open-id-connect-provider output, at the Url value', async () => {
    const { found, text } = await urlFindings({ 'provider.json': iamJson('app.terraform.io/') });
    expect(found).toHaveLength(1);
    expect(text('provider.json', found[0].range)).toBe('"app.terraform.io/"');
  });

  it('reports a host outside the hostnames the configuration lists', async () => {
    const { found, text } = await urlFindings({ 'main.tf': setup('"https://app.terraform.io"') }, { expectations: { hostnames: ['tfe.acme.internal'] } });
    expect(found.map((f) => f.messageId)).toEqual(['unexpectedHost']);
    expect(found[0].message).toContain('tfe.acme.internal');
    expect(text('main.tf', found[0].range)).toBe('"https://app.terraform.io"');
  });

  it('stays quiet for a correct URL on every input', async () => {
    const ok = 'https://app.terraform.io';
    const inputs: Record<string, string>[] = [
      { 'main.tf': setup(JSON.stringify(ok)) },
      { 'main.tf.json': tfJson(ok) },
      { 'plan.json': plan(ok) },
      { 'provider.json': iamJson('app.terraform.io') },
    ];
    for (const files of inputs) {
      expect((await urlFindings(files)).found, Object.keys(files)[0]).toEqual([]);
    }
    // A Terraform Enterprise host the configuration lists, and one a Terraform trust uses.
    const tfe = setup('"https://tfe.acme.internal"', 'tfe.acme.internal');
    expect((await urlFindings({ 'main.tf': tfe }, { expectations: { hostnames: ['tfe.acme.internal'] } })).found).toEqual([]);
    expect((await urlFindings({ 'main.tf': tfe })).found).toEqual([]);
  });

  it('reports a Terraform Enterprise URL with a port, found through the trust that uses it', async () => {
    const { found } = await urlFindings({ 'main.tf': setup('"https://tfe.acme.internal:8443"', 'tfe.acme.internal') });
    expect(found.map((f) => f.messageId)).toEqual(['urlProblem']);
    expect(found[0].message).toContain('port');
  });

  it('stays quiet for GitHub Actions and EKS providers', async () => {
    const others = [
      'https://token.actions.githubusercontent.com/',
      'https://oidc.eks.us-east-1.amazonaws.com/id/ABCDEF0123456789',
    ];
    for (const url of others) {
      expect((await urlFindings({ 'main.tf': tf`
        resource "aws_iam_openid_connect_provider" "x" {
          url            = "${url}"
          client_id_list = ["sts.amazonaws.com"]
        }
      ` })).found, url).toEqual([]);
    }
  });
});
