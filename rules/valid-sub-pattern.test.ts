import { describe, expect, it } from 'vitest';
import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const eq = (sub: string) => ({ conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': sub } } });
const like = (sub: string) => ({ conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': sub } } });

firesOnEveryShape('valid-sub-pattern', [
  {
    name: 'a workspace ID where the token carries the name',
    spec: eq('organization:acme:project:infra:workspace:ws-CZcmD7eagjhyX0vN:run_phase:apply'),
    at: 'ws-CZcmD7eagjhyX0vN',
    messageId: 'idNotName',
    says: ['workspace ID'],
    witness: { kind: 'rejected', sub: /^organization:acme:project:infra:workspace:<name of ws-CZcmD7eagjhyX0vN>:run_phase:apply$/ },
  },
  {
    name: 'a misspelt keyword (workspaces:)',
    spec: eq('organization:acme:project:infra:workspaces:prod:run_phase:apply'),
    at: 'workspaces:prod',
    messageId: 'noToken',
    says: ['"workspaces"', '"workspace"'],
    witness: { kind: 'rejected', sub: /^organization:acme:project:infra:workspace:prod:run_phase:apply$/ },
  },
  { name: 'an empty project segment', spec: eq('organization:acme:project::workspace:prod:run_phase:apply'), messageId: 'noToken', says: ['project segment is empty'] },
  { name: 'a Stacks pattern with a run_phase tail', spec: like('organization:acme:project:infra:stack:network:run_phase:*'), says: ['Stacks tokens end in'] },
  { name: 'a module-test pattern with an apply operation', spec: eq('organization:acme:module:vpc:operation:apply'), says: ['operation:test_run'] },
  { name: 'segments out of order', spec: eq('organization:acme:workspace:prod:project:infra:run_phase:apply'), says: ['out of order'] },
  { name: 'a capitalised run phase', spec: eq('organization:acme:project:infra:workspace:prod:run_phase:Apply'), says: ['"Apply"'] },
]);

quietOnEveryShape('valid-sub-pattern', [
  { name: 'the workspace shape', spec: eq('organization:acme:project:infra:workspace:prod:run_phase:apply') },
  { name: 'the legacy shape', spec: eq('organization:acme:workspace:prod:run_phase:apply') },
  { name: 'a Stacks deployment', spec: eq('organization:acme:project:infra:stack:network:deployment:prod:operation:apply') },
  { name: 'module tests', spec: eq('organization:acme:module:vpc:operation:test_run') },
  { name: 'a broad but matchable pattern', spec: like('organization:acme:*') },
  { name: 'a project named like a sentence', spec: eq('organization:acme:project:Default Project:workspace:prod:run_phase:apply') },
]);

describe('valid-sub-pattern: a project pinned where the organization still issues legacy tokens', () => {
  const provider = tf`
    resource "aws_iam_openid_connect_provider" "tfc" {
      url             = "https://app.terraform.io"
      client_id_list  = ["aws.workload.identity"]
    }
  `;
  const role = (name: string, sub: string) => tf`
    resource "aws_iam_role" "${name}" {
      name = "${name}"
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
          Action    = "sts:AssumeRoleWithWebIdentity"
          Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${sub}" } }
        }]
      })
    }
  `;
  it('explains it at the project-pinned value, naming the role that shows legacy tokens, with the legacy token as rejected witness', async () => {
    const r = await lintTree({ 'main.tf': provider + role('old', 'organization:acme:workspace:net:run_phase:apply') + role('new', 'organization:acme:project:infra:workspace:prod:run_phase:apply') });
    const found = r.findings.filter((f) => f.ruleId === 'valid-sub-pattern');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ messageId: 'projectPinnedLegacy', severity: 'medium', resource: 'aws_iam_role.new' });
    expect(found[0].message).toContain('role "old"');
    expect(r.text('main.tf', found[0].range)).toContain('project:infra');
    expect(found[0].witness).toMatchObject({ kind: 'rejected', sub: 'organization:acme:workspace:prod:run_phase:apply' });
  });
  it('stays quiet for another organization, and when the role also accepts the legacy form', async () => {
    const other = await lintTree({ 'main.tf': provider + role('old', 'organization:globex:workspace:net:run_phase:apply') + role('new', 'organization:acme:project:infra:workspace:prod:run_phase:apply') });
    expect(other.findings.filter((f) => f.ruleId === 'valid-sub-pattern')).toEqual([]);
  });
});

describe('valid-sub-pattern: an ID from a reference where the token carries the name (issue 9 item 6)', () => {
  const files = (ref: string) => ({
    'main.tf': tf`
      resource "tfe_workspace" "app" {
        name         = "app-prod"
        organization = "acme"
      }
      data "tfe_project" "infra" {
        name         = "infra"
        organization = "acme"
      }
      resource "tfe_organization" "acme" {
        name  = "acme"
        email = "ops@example.com"
      }
      resource "aws_iam_role" "r" {
        name = "r"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
            Action    = "sts:AssumeRoleWithWebIdentity"
            Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${ref}" } }
          }]
        })
      }
    `,
  });
  const sub = (org: string, proj: string, ws: string) => `organization:${org}:project:${proj}:workspace:${ws}:run_phase:apply`;
  it.each([
    ['tfe_workspace.X.id', sub('acme', 'infra', '${tfe_workspace.app.id}'), 'tfe_workspace.app.name', /workspace:app-prod:/],
    ['data.tfe_project.X.id', sub('acme', '${data.tfe_project.infra.id}', 'app-prod'), 'data.tfe_project.infra.name', /project:infra:workspace:app-prod:/],
    ['tfe_organization.X.external_id', sub('${tfe_organization.acme.external_id}', 'infra', 'app-prod'), 'tfe_organization.acme.name', /^organization:<name of tfe_organization\.acme\.external_id>:/],
  ])('%s: reported, with the reference that gives the name as fix', async (_name, value, fix, witness) => {
    const r = await lintTree(files(value));
    const found = r.findings.filter((f) => f.ruleId === 'valid-sub-pattern');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ messageId: 'idNotName', fix: `Use ${fix}, not the ID` });
    expect(found[0].witness?.sub).toMatch(witness);
  });
  it('stays quiet on tfe_workspace.X.name and on tfe_organization.X.id (that id is the name)', async () => {
    for (const value of [sub('acme', 'infra', '${tfe_workspace.app.name}'), sub('${tfe_organization.acme.id}', 'infra', 'app-prod')]) {
      const r = await lintTree(files(value));
      expect(r.findings.filter((f) => f.ruleId === 'valid-sub-pattern')).toEqual([]);
    }
  });
});

describe('valid-sub-pattern: one legacy-shaped value does not spread (issue 9 item 11c)', () => {
  const provider = tf`
    resource "aws_iam_openid_connect_provider" "tfc" {
      url            = "https://app.terraform.io"
      client_id_list = ["aws.workload.identity"]
    }
  `;
  const role = (name: string, sub: string) => tf`
    resource "aws_iam_role" "${name}" {
      name = "${name}"
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
          Action    = "sts:AssumeRoleWithWebIdentity"
          Condition = { StringEquals = { "app.terraform.io:aud" = "aws.workload.identity", "app.terraform.io:sub" = "${sub}" } }
        }]
      })
    }
  `;
  it('reports once for the organization however many roles pin a project, and the fix suggests no widening', async () => {
    const pinned = ['a', 'b', 'c', 'd'].map((w) => role(`r${w}`, `organization:acme:project:infra:workspace:${w}:run_phase:apply`)).join('');
    const r = await lintTree({ 'main.tf': provider + role('old', 'organization:acme:workspace:net:run_phase:apply') + pinned });
    const found = r.findings.filter((f) => f.ruleId === 'valid-sub-pattern');
    expect(found).toHaveLength(1);
    expect(found[0].fix).not.toMatch(/\badd\b|legacy form|widen/i);
  });
});
