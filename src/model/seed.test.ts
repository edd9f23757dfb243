// End to end through the real parser and evaluator: the seed example and module/for_each shapes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceFile } from '../core/source.js';
import { evaluateModule } from '../terraform/index.js';
import { tf, writeTree } from '../testing/tf.js';
import type { StringValue } from '../core/value.js';
import { buildProject } from './extract.js';
import type { Project } from './types.js';

const seedText = readFileSync(join(import.meta.dirname, '../../fixtures/seed/main.tf'), 'utf8');

async function model(files: Record<string, string>): Promise<{ project: Project; cleanup(): void }> {
  const tree = writeTree(files);
  const sources = Object.entries(files)
    .filter(([p]) => !p.includes('/'))
    .map(([p, text]) => new SourceFile(p, join(tree.dir, p), text));
  const ev = await evaluateModule(
    { dir: tree.dir, files: sources },
    { rootDir: tree.dir, env: {}, displayPath: (abs) => abs.slice(tree.dir.length + 1) },
  );
  const fileMap = new Map(ev.files.map((f) => [f.path, f]));
  return { project: buildProject(ev.resources, { diagnostics: ev.diagnostics, files: fileMap }), cleanup: tree.cleanup };
}

describe('the model of the seed example (real parse and evaluation)', async () => {
  const { project, cleanup } = await model({ 'main.tf': seedText });
  afterAll(cleanup);
  const role = project.roles[0];

  it('finds the provider, the role and its admin attachment', () => {
    expect(project.providers.map((p) => p.id)).toEqual(['aws_iam_openid_connect_provider.terraform_cloud']);
    expect(project.providers[0].host).toBe('app.terraform.io');
    expect(project.providers[0].clientIds).toMatchObject([{ value: 'aws.workload.identity' }]);
    expect(project.roles.map((r) => r.label)).toEqual(['terraform-cloud-sts-assumption-role']);
    expect(role.attachments.map((a) => `${a.kind}:${a.label}`)).toEqual(['aws_iam_role_policy_attachment:AdministratorAccess']);
  });

  it('reads the heredoc trust policy and points the sub value at main.tf:71:37', () => {
    expect(role.trustUnknown).toBeUndefined();
    const [s] = role.trust!.statements;
    const sub = s.conditions.find((c) => c.key.value === 'app.terraform.io:sub')!;
    expect(sub.op.base).toBe('StringLike');
    const v = sub.values[0] as StringValue;
    expect(v.value).toBe('organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:*');
    expect(v.range).toMatchObject({ file: 'main.tf', start: { line: 71, column: 37 } });
    expect(sub.key.range).toMatchObject({ file: 'main.tf', start: { line: 71, column: 10 } });
  });

  it('keeps the symbol of the provider ARN in the Federated principal', () => {
    const fed = role.trust!.statements[0].principals![0].values[0] as StringValue;
    const run = fed.segments!.find((g) => g.unknown);
    expect(run?.unknown?.symbol).toMatchObject({
      address: 'aws_iam_openid_connect_provider.terraform_cloud',
      attribute: 'arn',
      module: '',
    });
  });
});

describe('the model across for_each and child modules (real parse and evaluation)', async () => {
  const trust = tf`
    jsonencode({
      Version = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "sts:AssumeRoleWithWebIdentity", Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" } }]
    })`.trim();
  const { project, cleanup } = await model({
    'main.tf': tf`
      resource "aws_iam_role" "r" {
        for_each           = toset(["plan", "apply"])
        name_prefix        = "tfc-\${each.key}-"
        assume_role_policy = ${trust}
      }
      resource "aws_iam_role_policy_attachment" "a" {
        for_each   = { plan = "arn:aws:iam::aws:policy/ReadOnlyAccess", apply = "arn:aws:iam::aws:policy/AdministratorAccess" }
        role       = aws_iam_role.r[each.key].id
        policy_arn = each.value
      }
      module "child" {
        source = "./child"
      }
    `,
    'child/main.tf': tf`
      resource "aws_iam_role" "r" {
        name               = "child-role"
        assume_role_policy = ${trust}
      }
      resource "aws_iam_policy" "deploy" {
        name   = "deploy"
        policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "iam:*", Resource = "*" }] })
      }
      resource "aws_iam_role_policy_attachment" "d" {
        role       = aws_iam_role.r.name
        policy_arn = aws_iam_policy.deploy.arn
      }
    `,
  });
  afterAll(cleanup);

  it('links each for_each attachment to the role instance with its key', () => {
    const byId = Object.fromEntries(project.roles.map((r) => [r.id, r.attachments.map((a) => a.label)]));
    expect(byId['aws_iam_role.r["plan"]']).toEqual(['ReadOnlyAccess']);
    expect(byId['aws_iam_role.r["apply"]']).toEqual(['AdministratorAccess']);
  });

  it('links the child module attachment to the child role, with the customer-managed document', () => {
    const child = project.roles.find((r) => r.id === 'module.child.aws_iam_role.r')!;
    expect(child.label).toBe('child-role');
    expect(child.attachments.map((a) => a.label)).toEqual(['module.child.aws_iam_policy.deploy']);
    expect(child.attachments[0].policy!.statements[0].actions).toMatchObject([{ value: 'iam:*' }]);
    expect(child.trust!.statements[0].effect).toBe('Allow');
  });
});
