// The scenario folders end to end: values reach the trust policy through variables, tfvars,
// --var, --var-file, TF_VAR_, locals, a local module and for_each, and findings say so.
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import { placeName } from '../src/core/source.js';
import { tfcTrustJson } from '../src/testing/rule-cases.js';

describe('fixtures/module-chain: the wildcard comes in through a module input', async () => {
  const r = await lint(['fixtures/module-chain']);
  it('reports the workspace wildcard inside the module, with the call chain and the input as origin', () => {
    const [f] = r.findings.filter((x) => x.ruleId === 'no-wildcard-workspace');
    expect(f.range).toMatchObject({ file: 'fixtures/module-chain/modules/tfc-role/main.tf', start: { line: 18 } });
    expect(f.callChain).toEqual([
      expect.objectContaining({
        name: 'module.prod_role',
        source: './modules/tfc-role',
        range: expect.objectContaining({ file: 'fixtures/module-chain/main.tf' }),
      }),
    ]);
    expect(f.origins).toEqual([
      expect.objectContaining({
        kind: 'module-input',
        name: 'var.workspace',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 8 }) }),
      }),
    ]);
    expect(f.witness?.sub).toMatch(/^organization:acme:project:infra:workspace:prod-.+:run_phase:apply$/);
  });
  it('does not evaluate the called module a second time as a root with unset inputs', () => {
    expect(r.findings.filter((x) => x.ruleId === 'no-wildcard-workspace')).toHaveLength(1);
  });
});

describe('fixtures/tfvars-for-each: the organization comes from terraform.tfvars, roles from for_each', async () => {
  const r = await lint(['fixtures/tfvars-for-each']);
  it('reports the open organization once per role instance, naming terraform.tfvars', () => {
    const found = r.findings.filter((x) => x.ruleId === 'no-wildcard-organization');
    expect(found.map((f) => f.resource).sort()).toEqual(['aws_iam_role.ws["prod"]', 'aws_iam_role.ws["staging"]']);
    for (const f of found) {
      expect(f.severity).toBe('critical');
      expect(f.origins?.[0]).toMatchObject({
        kind: 'tfvars',
        range: { file: 'fixtures/tfvars-for-each/terraform.tfvars', start: { line: 1 } },
      });
      expect(f.witness?.sub).toMatch(/^organization:(?!\*)[^:]+:project:infra:/);
    }
  });
  it('links each for_each attachment to its role instance', () => {
    expect(r.findings.filter((x) => x.ruleId === 'no-admin-access').map((f) => f.message)).toEqual([
      expect.stringContaining('"tfc-prod"'),
      expect.stringContaining('"tfc-staging"'),
    ]);
  });
});

describe('quiet scenarios', () => {
  it('fixtures/secure (split plan/apply roles, pinned, read-only plan) has no findings', async () => {
    expect((await lint(['fixtures/secure'])).findings).toEqual([]);
  });
  it('fixtures/other-issuers (EKS IRSA pinned, GitHub Actions repo:acme/* with admin): GitHub findings named as such, nothing low or above on EKS', async () => {
    const { findings } = await lint(['fixtures/other-issuers']);
    expect(findings.filter((f) => f.message.includes('HCP Terraform') || f.message.includes('Terraform Enterprise'))).toEqual([]);
    expect(findings.filter((f) => f.severity !== 'info').map((f) => [f.ruleId, f.range.start.line])).toEqual([
      ['require-aud-condition', 34],
      ['no-wildcard-workspace', 43],
      // AdministratorAccess also grants the IAM writes on the role itself (issue 9 item 9): the same
      // problem, reported once by no-admin-access, which names it as a related note.
      ['no-admin-access', 53],
    ]);
    for (const f of findings.filter((x) => x.severity !== 'info')) expect(f.message).toContain('GitHub Actions');
  });
});

describe('variable sources, in Terraform precedence', () => {
  const files = {
    'main.tf': tf`
      variable "org" {
        type    = string
        default = "acme"
      }
      locals {
        sub = "organization:${'${var.org}'}:project:infra:workspace:prod:run_phase:apply"
      }
      resource "aws_iam_openid_connect_provider" "tfc" {
        url            = "https://app.terraform.io"
        client_id_list = ["aws.workload.identity"]
      }
      resource "aws_iam_role" "r" {
        name = "r"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
            Action    = "sts:AssumeRoleWithWebIdentity"
            Condition = {
              StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
              StringLike   = { "app.terraform.io:sub" = local.sub }
            }
          }]
        })
      }
    `,
    'ci.tfvars': 'org = "acme-*"\n',
  };
  const orgFinding = (r: Awaited<ReturnType<typeof lintTree>>) => r.findings.find((f) => f.ruleId === 'no-wildcard-organization');

  it('a safe default gives no finding', async () => {
    expect(orgFinding(await lintTree(files))).toBeUndefined();
  });
  it('TF_VAR_org opens it, and the finding names the environment and the local', async () => {
    const f = orgFinding(await lintTree(files, { env: { TF_VAR_org: '*' } }));
    expect(f?.origins?.map((o) => o.kind)).toEqual(['env-var', 'local']);
  });
  it('--var-file beats TF_VAR_, --var beats --var-file', async () => {
    const fromFile = orgFinding(await lintTree(files, { env: { TF_VAR_org: 'acme' }, varFiles: ['ci.tfvars'] }));
    expect(fromFile?.origins?.[0]).toMatchObject({ kind: 'var-file', range: { file: 'ci.tfvars', start: { line: 1 } } });
    expect(fromFile?.witness?.sub).toMatch(/^organization:acme-/);
    const fromVar = await lintTree(files, { varFiles: ['ci.tfvars'], vars: { org: 'acme' } });
    expect(orgFinding(fromVar)).toBeUndefined();
  });
});

describe('a JSON trust policy that a module reads with file()', () => {
  it('is one role, not a second one linted on its own', async () => {
    const r = await lintTree({
      'main.tf': tf`
        resource "aws_iam_openid_connect_provider" "tfc" {
          url            = "https://app.terraform.io"
          client_id_list = ["aws.workload.identity"]
        }
        resource "aws_iam_role" "r" {
          name               = "tfc-r"
          assume_role_policy = file("${'${path.module}'}/trust.json")
        }
      `,
      'trust.json': tfcTrustJson('organization:*:project:infra:workspace:prod:run_phase:apply'),
    });
    expect(r.project.roles.map((role) => role.label)).toEqual(['tfc-r']);
    const org = r.findings.filter((f) => f.ruleId === 'no-wildcard-organization');
    expect(org).toHaveLength(1);
    expect(placeName(org[0].range)).toBe('trust.json');
  });
});
