import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';
import { evaluateFiles, plain } from '../testing/terraform.js';

const role = (extra: string) => tf`
  variable "create" { type = bool }
  variable "names" { type = list(string) }
  resource "aws_iam_role" "r" {
    ${extra}
    name = "deploy"
    assume_role_policy = "{}"
  }
`;

describe('a resource whose count or for_each is not known is analysed as if created', () => {
  it('keeps a counted resource as its first instance, saying which input the count waits for', async () => {
    const r = await evaluateFiles({ 'main.tf': role('count = var.create ? 1 : 0') });
    const inst = r.resource('aws_iam_role.r[0]');
    expect(inst.assumptions).toEqual(['assumes count > 0 (count depends on var.create, which has no value)']);
    expect(plain(r.arg('aws_iam_role.r[0]', 'name'))).toBe('deploy');
  });

  it('keeps a for_each resource as one instance whose each.value is unknown', async () => {
    const r = await evaluateFiles({
      'main.tf': role('for_each = toset(var.names)').replace('name = "deploy"', 'name = "deploy-${each.value}"'),
    });
    const inst = r.resource('aws_iam_role.r');
    expect(inst.assumptions).toEqual(['assumes for_each has an element (for_each depends on var.names, which has no value)']);
    const name = r.arg('aws_iam_role.r', 'name');
    expect(name.kind === 'string' && name.value.startsWith('deploy-')).toBe(true);
  });

  it('drops nothing and assumes nothing where count is known', async () => {
    const zero = await evaluateFiles({ 'main.tf': role('count = var.create ? 1 : 0'), 'terraform.tfvars': 'create = false\n' });
    expect(zero.resources).toEqual([]);
    const one = await evaluateFiles({ 'main.tf': role('count = var.create ? 1 : 0'), 'terraform.tfvars': 'create = true\n' });
    expect(one.resource('aws_iam_role.r[0]').assumptions).toBeUndefined();
  });

  it('keeps the known elements of a for_each and adds one assumed instance for the unknown ones', async () => {
    const r = await evaluateFiles({ 'main.tf': role('for_each = toset(["a", var.names[0]])') });
    expect(r.resources.map((x) => [x.address, x.assumptions?.length ?? 0])).toEqual([
      ['aws_iam_role.r["a"]', 0],
      ['aws_iam_role.r', 1],
    ]);
  });

  it('links this[each.key] and this[count.index] references to the assumed instance', async () => {
    const r = await evaluateFiles({
      'main.tf': tf`
        variable "names" { type = list(string) }
        variable "create" { type = bool }
        resource "aws_iam_role" "r" {
          for_each = toset(var.names)
          name     = "deploy"
        }
        resource "aws_iam_role" "c" {
          count = var.create ? 1 : 0
          name  = "counted"
        }
        resource "t" "a" {
          for_each = toset(var.names)
          role     = aws_iam_role.r[each.key].name
        }
        resource "t" "b" {
          count = var.create ? 1 : 0
          role  = aws_iam_role.c[count.index].name
        }
      `,
    });
    expect(plain(r.arg('t.a', 'role'))).toBe('deploy');
    expect(plain(r.arg('t.b[0]', 'role'))).toBe('counted');
  });

  it('passes the assumption of a module call whose count is unknown to everything inside it', async () => {
    const r = await evaluateFiles({
      'main.tf': 'variable "on" { type = bool }\nmodule "m" {\n  source = "./m"\n  count  = var.on ? 1 : 0\n}\n',
      'm/main.tf': 'resource "aws_iam_role" "r" {\n  name = "inner"\n}\n',
    });
    expect(r.resource('module.m[0].aws_iam_role.r').assumptions).toEqual([
      'assumes count > 0 (count depends on var.on, which has no value)',
    ]);
  });

  it('shows the assumption on the findings of the role and of its attachment', async () => {
    const res = await lintTree({
      'main.tf': tf`
        variable "create" { type = bool }
        resource "aws_iam_role" "r" {
          count = var.create ? 1 : 0
          name  = "deploy"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = {
                StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
                StringLike   = { "app.terraform.io:sub" = "organization:acme:project:p:workspace:w:run_phase:*" }
              }
            }]
          })
        }
        resource "aws_iam_role_policy_attachment" "admin" {
          role       = aws_iam_role.r[0].name
          policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        }
      `,
    });
    const byRule = (id: string) => res.findings.find((f) => f.ruleId === id);
    const assumption = 'assumes count > 0 (count depends on var.create, which has no value)';
    expect(byRule('no-wildcard-run-phase')?.assumptions).toEqual([assumption]);
    expect(byRule('no-admin-access')?.assumptions).toEqual([assumption]);
  });
});
