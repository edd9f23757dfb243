import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { evaluateFiles, plain } from '../testing/terraform.js';
import type { StringValue, Value } from '../core/value.js';

const seed = readFileSync(new URL('../../fixtures/seed/main.tf', import.meta.url), 'utf8');

function asString(v: Value): StringValue {
  if (v.kind !== 'string') throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
}

describe('the seed example', () => {
  it('evaluates the trust policy heredoc with variable origins and a symbolic provider ARN', async () => {
    const r = await evaluateFiles({ 'main.tf': seed });
    const policy = asString(r.arg('aws_iam_role.terraform_cloud_sts_assumption_role', 'assume_role_policy'));
    expect(policy.value).toContain('organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:*');
    const org = policy.segments!.find((s) => policy.value.slice(s.start, s.end) === 'YOUR_ORG_NAME')!;
    expect(org.range).toMatchObject({ file: 'main.tf', start: { line: 71, column: 51 } });
    expect(org.origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.tfc_organization_name', range: { start: { line: 18 } } });
    const arn = policy.segments!.find((s) => s.unknown)!;
    expect(arn.unknown?.symbol).toEqual({ address: 'aws_iam_openid_connect_provider.terraform_cloud', attribute: 'arn', module: '' });
    expect(r.diagnostics).toEqual([]);
  });

  it('resolves the admin policy ARN from the data source name and links role to the role resource', async () => {
    const r = await evaluateFiles({ 'main.tf': seed });
    const att = 'aws_iam_role_policy_attachment.terraform_cloud_sts_assumption_role_admin_policy';
    const arn = r.arg(att, 'policy_arn');
    expect(plain(arn)).toBe('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(arn.origins?.some((o) => o.kind === 'data-source' && o.name === 'data.aws_iam_policy.admin' && o.range?.start.line === 84)).toBe(
      true,
    );
    const role = r.arg(att, 'role');
    expect(plain(role)).toBe('terraform-cloud-sts-assumption-role');
    expect(role.origins).toContainEqual(
      expect.objectContaining({
        kind: 'resource-attribute',
        name: 'aws_iam_role.terraform_cloud_sts_assumption_role.name',
        address: 'aws_iam_role.terraform_cloud_sts_assumption_role',
      }),
    );
    expect(role.range).toMatchObject({ start: { line: 88, column: 16 } });
  });

  it('keeps a computed data attribute symbolic through index and attribute steps', async () => {
    const r = await evaluateFiles({ 'main.tf': seed });
    const list = r.arg('aws_iam_openid_connect_provider.terraform_cloud', 'thumbprint_list');
    const item = list.kind === 'list' ? list.items[0] : undefined;
    expect(item).toMatchObject({
      kind: 'unknown',
      symbol: { address: 'data.tls_certificate.tfc_certificate', attribute: 'certificates[0].sha1_fingerprint', module: '' },
    });
    expect(plain(r.arg('aws_iam_openid_connect_provider.terraform_cloud', 'url'))).toBe('https://app.terraform.io');
  });

  it('gives instances header and block ranges and an hcl input kind', async () => {
    const r = await evaluateFiles({ 'main.tf': seed });
    const p = r.resource('data.aws_iam_policy.admin');
    expect(p).toMatchObject({ mode: 'data', type: 'aws_iam_policy', name: 'admin', module: '', callChain: [], input: 'hcl' });
    expect(p.range).toMatchObject({ start: { line: 83, column: 1 }, end: { line: 83, column: 32 } });
    expect(p.blockRange).toMatchObject({ start: { line: 83, column: 1 }, end: { line: 85, column: 2 } });
  });
});

describe('variables', () => {
  const decl =
    'variable "v" {\n  type = string\n  default = "default"\n}\nvariable "n" { type = number }\nresource "t" "r" {\n  v = var.v\n  n = var.n\n}\n';

  it('uses the default with a variable-default origin when nothing is set', async () => {
    const r = await evaluateFiles({ 'main.tf': decl });
    expect(plain(r.arg('t.r', 'v'))).toBe('default');
    expect(r.arg('t.r', 'v').origins).toEqual([
      {
        kind: 'variable-default',
        name: 'var.v',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 3, column: 13 }) }),
      },
    ]);
    expect(plain(r.arg('t.r', 'n'))).toMatch(/^\?var\.n has no value/);
  });

  it('applies env < terraform.tfvars < *.auto.tfvars < var-file < --var precedence', async () => {
    const files = {
      'main.tf': decl,
      'terraform.tfvars': 'v = "tfvars"\n',
      'b.auto.tfvars': 'v = "auto-b"\n',
      'a.auto.tfvars.json': '{"v": "auto-a"}',
      'x.tfvars': 'v = "varfile"\n',
    };
    const env = { TF_VAR_v: 'env', TF_VAR_n: '7' };
    expect(plain((await evaluateFiles({ 'main.tf': decl }, { env })).arg('t.r', 'v'))).toBe('env');
    expect(plain((await evaluateFiles({ 'main.tf': decl, 'terraform.tfvars': 'v = "tfvars"\n' }, { env })).arg('t.r', 'v'))).toBe('tfvars');
    const auto = await evaluateFiles(files, { env });
    expect(plain(auto.arg('t.r', 'v'))).toBe('auto-b');
    expect(auto.arg('t.r', 'v').origins?.[0]).toMatchObject({
      kind: 'tfvars',
      range: { file: 'b.auto.tfvars', start: { line: 1, column: 5 } },
    });
    const vf = await evaluateFiles(files, { env, varFiles: ['x.tfvars'] });
    expect(plain(vf.arg('t.r', 'v'))).toBe('varfile');
    expect(vf.arg('t.r', 'v').origins?.[0]).toMatchObject({ kind: 'var-file' });
    const cli = await evaluateFiles(files, { env, varFiles: ['x.tfvars'], vars: { v: 'cli "raw"', n: '40 + 2' } });
    expect(plain(cli.arg('t.r', 'v'))).toBe('cli "raw"');
    expect(cli.arg('t.r', 'v').origins?.[0]).toMatchObject({ kind: 'cli-var', name: 'var.v' });
    expect(plain(cli.arg('t.r', 'n'))).toBe(42);
    expect(plain(auto.arg('t.r', 'n'))).toBe(7);
    expect(auto.arg('t.r', 'n').origins?.[0]).toMatchObject({ kind: 'env-var' });
  });
});

describe('count and for_each', () => {
  it('creates one instance per count index and per for_each key, with keyed addresses', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        resource "aws_iam_role" "c" {
          count = 2
          name  = "role-\${count.index}"
        }
        resource "aws_iam_role" "e" {
          for_each = { prod = "p", dev = "d" }
          name     = "\${each.key}-\${each.value}"
        }
        resource "aws_iam_role" "s" {
          for_each = toset(["a"])
          name     = each.value
        }
        resource "t" "refs" {
          one   = aws_iam_role.e["prod"].name
          all   = aws_iam_role.c[*].name
          id    = aws_iam_role.c[1].id
          whole = aws_iam_role.e["dev"].arn
        }
      `,
    });
    expect(r.resources.map((x) => x.address)).toEqual([
      'aws_iam_role.c[0]',
      'aws_iam_role.c[1]',
      'aws_iam_role.e["prod"]',
      'aws_iam_role.e["dev"]',
      'aws_iam_role.s["a"]',
      't.refs',
    ]);
    expect(r.resource('aws_iam_role.e["prod"]').key).toBe('prod');
    expect(plain(r.arg('aws_iam_role.c[1]', 'name'))).toBe('role-1');
    expect(plain(r.arg('aws_iam_role.e["dev"]', 'name'))).toBe('dev-d');
    expect(plain(r.arg('aws_iam_role.s["a"]', 'name'))).toBe('a');
    expect(plain(r.arg('t.refs', 'one'))).toBe('prod-p');
    expect(plain(r.arg('t.refs', 'all'))).toEqual(['role-0', 'role-1']);
    expect(plain(r.arg('t.refs', 'id'))).toBe('role-1');
    expect(r.arg('t.refs', 'whole')).toMatchObject({ kind: 'unknown', symbol: { address: 'aws_iam_role.e["dev"]', attribute: 'arn' } });
    expect(r.resource('t.refs').values.entries.map((e) => e.key)).toEqual(['one', 'all', 'id', 'whole']);
  });

  it('gives each.value over a whole resource collection the attributes a direct reference gives', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        data "aws_iam_policy_document" "trust" {
          for_each = toset(["plan"])
          statement {
            actions = ["sts:\${each.key}"]
          }
        }
        resource "aws_iam_role" "phase" {
          for_each           = data.aws_iam_policy_document.trust
          name               = "r-\${each.key}"
          assume_role_policy = each.value.json
        }
        resource "t" "refs" {
          for_each = aws_iam_role.phase
          id       = each.value.id
          arn      = each.value.arn
          ids      = [for k, v in aws_iam_role.phase : v.unique_id]
        }
      `,
    });
    expect(JSON.parse(plain(r.arg('aws_iam_role.phase["plan"]', 'assume_role_policy')) as string)).toMatchObject({
      Statement: [{ Action: 'sts:plan' }],
    });
    expect(plain(r.arg('t.refs["plan"]', 'id'))).toBe('r-plan');
    expect(r.arg('t.refs["plan"]', 'arn')).toMatchObject({
      kind: 'unknown',
      symbol: { address: 'aws_iam_role.phase["plan"]', attribute: 'arn' },
    });
    expect(r.arg('t.refs["plan"]', 'ids')).toMatchObject({ items: [{ kind: 'unknown', symbol: { attribute: 'unique_id' } }] });
  });

  it('caps count expansion and reports it instead of hanging', async () => {
    const r = await evaluateFiles({ 'main.tf': 'resource "t" "many" {\n  count = 100000000\n}\n' });
    expect(r.resources).toEqual([]);
    expect(r.diagnostics.some((d) => /count of t\.many is over/.test(d.message))).toBe(true);
  });
});

describe('nested blocks', () => {
  it('turns nested and dynamic blocks into lists of objects and skips lifecycle and meta-arguments', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        data "aws_iam_policy_document" "d" {
          statement {
            actions = ["sts:AssumeRoleWithWebIdentity"]
            principals {
              type        = "Federated"
              identifiers = ["arn"]
            }
          }
          dynamic "statement" {
            for_each = ["s3:GetObject", "s3:PutObject"]
            content {
              actions = [statement.value]
            }
          }
          depends_on = []
          lifecycle {
            postcondition {
              condition = true
            }
          }
        }
      `,
    });
    const v = plain(r.resource('data.aws_iam_policy_document.d').values) as Record<string, unknown>;
    expect(v).toEqual({
      statement: [
        { actions: ['sts:AssumeRoleWithWebIdentity'], principals: [{ type: 'Federated', identifiers: ['arn'] }] },
        { actions: ['s3:GetObject'] },
        { actions: ['s3:PutObject'] },
      ],
    });
  });

  it('renders data.aws_iam_policy_document.x.json through the policy document renderer', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        data "aws_iam_policy_document" "d" {
          statement {
            actions = ["sts:AssumeRoleWithWebIdentity"]
          }
        }
        resource "aws_iam_role" "r" {
          assume_role_policy = data.aws_iam_policy_document.d.json
        }
      `,
    });
    const json = asString(r.arg('aws_iam_role.r', 'assume_role_policy'));
    expect(JSON.parse(json.value).Statement[0].Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(json.encodedFrom?.kind).toBe('object');
  });
});

describe('data sources', () => {
  it('keeps caller identity, partition, region and prefixed policies unknown with their symbol', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        data "aws_caller_identity" "me" {}
        data "aws_partition" "p" {}
        data "aws_iam_policy" "pre" {
          name        = "X"
          path_prefix = "/custom/"
        }
        data "aws_iam_policy" "given" {
          arn = "arn:aws:iam::1:policy/Y"
        }
        resource "t" "r" {
          account = data.aws_caller_identity.me.account_id
          part    = data.aws_partition.p.partition
          pre     = data.aws_iam_policy.pre.arn
          given   = data.aws_iam_policy.given.arn
        }
      `,
    });
    expect(r.arg('t.r', 'account')).toMatchObject({
      kind: 'unknown',
      symbol: { address: 'data.aws_caller_identity.me', attribute: 'account_id' },
    });
    expect(r.arg('t.r', 'part')).toMatchObject({ kind: 'unknown', symbol: { attribute: 'partition' } });
    expect(r.arg('t.r', 'pre')).toMatchObject({ kind: 'unknown', symbol: { address: 'data.aws_iam_policy.pre', attribute: 'arn' } });
    expect(plain(r.arg('t.r', 'given'))).toBe('arn:aws:iam::1:policy/Y');
  });
});
