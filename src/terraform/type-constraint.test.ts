import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';
import { evaluateFiles, plain } from '../testing/terraform.js';

const workspaces = tf`
  variable "workspaces" {
    type = list(object({
      name    = string
      project = optional(string, "Default Project")
      phase   = optional(string)
    }))
    default = [{ name = "app" }, { name = "db", project = "data", phase = "apply" }, { name = "ops", project = null }]
  }
  resource "t" "r" {
    for_each = { for w in var.workspaces : w.name => w }
    project  = each.value.project
    phase    = each.value.phase
    sub      = "project:\${each.value.project}:workspace:\${each.key}"
  }
`;

describe('optional() attribute defaults from variable type constraints', () => {
  it('fills absent and null attributes in a list of objects, with and without a default', async () => {
    const r = await evaluateFiles({ 'main.tf': workspaces });
    expect(r.resources.map((x) => x.address)).toEqual(['t.r["app"]', 't.r["db"]', 't.r["ops"]']);
    expect(plain(r.arg('t.r["app"]', 'project'))).toBe('Default Project');
    expect(plain(r.arg('t.r["app"]', 'phase'))).toBeNull();
    expect(plain(r.arg('t.r["db"]', 'project'))).toBe('data');
    expect(plain(r.arg('t.r["db"]', 'phase'))).toBe('apply');
    expect(plain(r.arg('t.r["ops"]', 'project'))).toBe('Default Project');
    expect(r.diagnostics).toEqual([]);
  });

  it('gives a filled value the range of the default in the constraint and an origin naming the variable', async () => {
    const r = await evaluateFiles({ 'main.tf': workspaces });
    const project = r.arg('t.r["app"]', 'project');
    expect(project.origins?.[0]).toMatchObject({
      kind: 'variable-default',
      name: 'var.workspaces',
      range: { file: 'main.tf', start: { line: 4, column: 32 }, end: { line: 4, column: 49 } },
    });
    const sub = r.arg('t.r["app"]', 'sub');
    if (sub.kind !== 'string') throw new Error('not a string');
    expect(sub.value).toBe('project:Default Project:workspace:app');
    const seg = sub.segments!.find((s) => sub.value.slice(s.start, s.end) === 'Default Project')!;
    // As for any variable, the run points at the interpolation and its origin at the default.
    expect(seg.range).toMatchObject({ file: 'main.tf', start: { line: 13, column: 23 } });
    expect(seg.origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.workspaces', range: { start: { line: 4, column: 32 } } });
  });

  it('fills nested objects, including the default object itself, and elements of a map(object)', async () => {
    const r = await evaluateFiles(
      {
        'main.tf': tf`
        variable "teams" {
          type = map(object({
            org = string
            ws  = optional(object({
              prefix = optional(string, "svc-")
              phase  = optional(string, "apply")
            }), {})
            tags = optional(list(object({ k = string, v = optional(string, "x") })), [])
          }))
        }
        resource "t" "r" {
          for_each = var.teams
          prefix   = each.value.ws.prefix
          phase    = each.value.ws.phase
          tags     = each.value.tags
        }
      `,
      },
      { vars: { teams: '{ a = { org = "acme" }, b = { org = "acme", ws = { phase = "plan" }, tags = [{ k = "owner" }] } }' } },
    );
    expect(plain(r.arg('t.r["a"]', 'prefix'))).toBe('svc-');
    expect(plain(r.arg('t.r["a"]', 'phase'))).toBe('apply');
    expect(plain(r.arg('t.r["a"]', 'tags'))).toEqual([]);
    expect(plain(r.arg('t.r["b"]', 'prefix'))).toBe('svc-');
    expect(plain(r.arg('t.r["b"]', 'phase'))).toBe('plan');
    expect(plain(r.arg('t.r["b"]', 'tags'))).toEqual([{ k: 'owner', v: 'x' }]);
    expect(r.arg('t.r["b"]', 'prefix').origins?.map((o) => o.kind)).toContain('variable-default');
  });

  it('fills module inputs by the child variable type', async () => {
    const r = await evaluateFiles({
      'main.tf': 'module "roles" {\n  source     = "./roles"\n  workspaces = [{ name = "app" }]\n}\n',
      'roles/main.tf': workspaces.replace(/default = .*\n/, ''),
    });
    expect(r.resources.map((x) => x.address)).toEqual(['module.roles.t.r["app"]']);
    const project = r.arg('module.roles.t.r["app"]', 'project');
    expect(plain(project)).toBe('Default Project');
    expect(project.origins?.[0]).toMatchObject({
      kind: 'variable-default',
      name: 'var.workspaces',
      range: { file: 'roles/main.tf', start: { line: 4 } },
    });
  });

  it('reads the constraint from a JSON-syntax string and from tfvars values', async () => {
    const json = JSON.stringify({
      variable: { ws: { type: 'list(object({ name = string, project = optional(string, "P") }))' } },
      resource: { t: { r: { for_each: '${{ for w in var.ws : w.name => w }}', project: '${each.value.project}' } } },
    });
    const r = await evaluateFiles({ 'main.tf.json': json, 'terraform.tfvars': 'ws = [{ name = "app" }]\n' });
    const project = r.arg('t.r["app"]', 'project');
    expect(plain(project)).toBe('P');
    expect(project.origins?.find((o) => o.name === 'var.ws' && o.kind === 'variable-default')?.range).toMatchObject({
      file: 'main.tf.json',
    });
  });

  it('leaves values alone where the type has no optional attribute or the value is not an object', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        variable "a" {
          type    = list(object({ name = string }))
          default = [{ name = "x" }]
        }
        variable "b" {
          type    = object({ p = optional(string, "d") })
          default = null
        }
        resource "t" "r" {
          a = var.a
          b = var.b
        }
      `,
    });
    expect(plain(r.arg('t.r', 'a'))).toEqual([{ name: 'x' }]);
    expect(plain(r.arg('t.r', 'b'))).toBeNull();
  });
});

describe('optional() defaults end to end', () => {
  it('finds a role per workspace built with for_each over a variable with optional attributes', async () => {
    const r = await lintTree({
      'variables.tf': tf`
        variable "workspaces" {
          type = list(object({
            name    = string
            project = optional(string, "*")
          }))
          default = [{ name = "app" }, { name = "db", project = "data" }]
        }
      `,
      'main.tf': tf`
        resource "aws_iam_role" "ws" {
          for_each = { for w in var.workspaces : w.name => w }
          name     = "tfc-\${each.key}"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = {
                StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
                StringLike   = { "app.terraform.io:sub" = "organization:acme:project:\${each.value.project}:workspace:\${each.key}:run_phase:apply" }
              }
            }]
          })
        }
      `,
    });
    const found = r.findings.filter((f) => f.ruleId === 'no-wildcard-project');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('app');
    expect(found[0].origins?.[0]).toMatchObject({
      kind: 'variable-default',
      name: 'var.workspaces',
      range: { file: 'variables.tf', start: { line: 4, column: 32 }, end: { column: 35 } },
    });
    expect(found[0].witness?.sub).toMatch(/^organization:acme:project:[^:]+:workspace:app:run_phase:apply$/);
    expect(r.findings.filter((f) => f.ruleId === 'could-not-evaluate')).toEqual([]);
  });
});
