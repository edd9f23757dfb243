import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';
import { evaluateFiles, plain } from '../testing/terraform.js';

const env = tf`
  variable "env" {
    type = string
    validation {
      condition     = contains(["dev", "prod"], var.env)
      error_message = "dev or prod"
    }
  }
  resource "t" "same" {
    a = "fixed"
  }
  resource "t" "differs" {
    a = "role-\${var.env}"
  }
  resource "t" "only_prod" {
    count = var.env == "prod" ? 1 : 0
  }
`;

describe('a variable without a value whose validation lists its values', () => {
  it('is evaluated once per value; what is the same in every world is kept once, the rest carries its world', async () => {
    const r = await evaluateFiles({ 'main.tf': env });
    const rows = r.resources.map((x) => [
      x.address,
      x.address === 't.same' ? plain(x.values.entries[0].value) : plain(x.values.entries[0]?.value),
      x.assumptions ?? [],
    ]);
    expect(rows).toEqual([
      ['t.same', 'fixed', []],
      ['t.differs', 'role-dev', ['assumes var.env = "dev" (one of the values its validation allows)']],
      ['t.differs', 'role-prod', ['assumes var.env = "prod" (one of the values its validation allows)']],
      ['t.only_prod[0]', undefined, ['assumes var.env = "prod" (one of the values its validation allows)']],
    ]);
    // The value taken points at the validation's list as its origin.
    expect(r.arg('t.differs', 'a').kind).toBe('string');
  });

  it('is not enumerated when the variable has a value, or when the validation is not a list of literals', async () => {
    const set = await evaluateFiles({ 'main.tf': env, 'terraform.tfvars': 'env = "dev"\n' });
    expect(set.resources.every((x) => !x.assumptions && !x.world)).toBe(true);
    const regex = await evaluateFiles({
      'main.tf': env.replace('contains(["dev", "prod"], var.env)', 'can(regex("^(dev|prod)$", var.env))'),
    });
    expect(regex.resources.map((x) => x.address)).toEqual(['t.same', 't.differs', 't.only_prod[0]']);
  });

  it('is enumerated inside a module whose caller passes an input without a value', async () => {
    const r = await evaluateFiles({
      'main.tf': 'variable "env" {}\nmodule "m" {\n  source = "./m"\n  env    = var.env\n}\n',
      'm/main.tf': env,
    });
    expect(r.resources.filter((x) => x.address === 'module.m.t.differs').map((x) => plain(x.values.entries[0]?.value))).toEqual([
      'role-dev',
      'role-prod',
    ]);
  });

  it('gives each finding the value it rests on, and reports a finding true in every world once without one', async () => {
    const res = await lintTree({
      'main.tf': tf`
        variable "env" {
          type = string
          validation {
            condition     = contains(["dev", "prod"], var.env)
            error_message = "dev or prod"
          }
        }
        resource "aws_iam_role" "r" {
          name = "deploy-\${var.env}"
          assume_role_policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect    = "Allow"
              Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
              Action    = "sts:AssumeRoleWithWebIdentity"
              Condition = {
                StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
                StringLike   = { "app.terraform.io:sub" = "organization:acme:project:\${var.env == "prod" ? "p" : "*"}:workspace:*:run_phase:apply" }
              }
            }]
          })
        }
      `,
    });
    const project = res.findings.filter((f) => f.ruleId === 'no-wildcard-project');
    expect(project.map((f) => f.assumptions)).toEqual([['assumes var.env = "dev" (one of the values its validation allows)']]);
    const workspace = res.findings.filter((f) => f.ruleId === 'no-wildcard-workspace');
    expect(workspace.map((f) => f.assumptions)).toEqual([['assumes var.env = "prod" (one of the values its validation allows)']]);
  });
});
