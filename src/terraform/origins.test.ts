import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';
import { placeName } from '../core/source.js';
import type { Origin } from '../core/value.js';

const role = (sub: string) => tf`
  variable "subs" { type = any }
  resource "aws_iam_role" "r" {
    for_each = var.subs
    name     = "r-\${each.key}"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = ${sub} }
        }
      }]
    })
  }
`;

const where = (o: Origin) => `${o.kind}@${o.range && placeName(o.range)}:${o.range?.start.line}`;

describe('origins reach the line that set the value', () => {
  it('through each.value of a tfvars map: the tfvars line of that element, not the whole map', async () => {
    const res = await lintTree({
      'main.tf': role('"organization:acme:project:p:workspace:${each.value.ws}:run_phase:apply"'),
      'terraform.tfvars': 'subs = {\n  a = {\n    ws = "app"\n  }\n  b = {\n    ws = "b-*"\n  }\n}\n',
    });
    const f = res.findings.find((x) => x.ruleId === 'no-wildcard-workspace')!;
    expect(f.origins?.map(where)).toEqual(['tfvars@terraform.tfvars:6']);
  });

  it('through a for expression over a variable default', async () => {
    const res = await lintTree({
      'main.tf': role('[for w in each.value : "organization:acme:project:p:workspace:${w}:run_phase:apply"]').replace(
        'variable "subs" { type = any }',
        'variable "subs" {\n  type = map(list(string))\n  default = {\n    a = ["app", "web-*"]\n  }\n}',
      ),
    });
    const f = res.findings.find((x) => x.ruleId === 'no-wildcard-workspace')!;
    expect(f.origins?.map(where)).toEqual(['variable-default@main.tf:4']);
    expect(f.origins?.[0]?.name).toBe('var.subs["a"][1]');
  });

  it('through module inputs: the tfvars line first, then the module argument that passed it on', async () => {
    const res = await lintTree({
      'main.tf': 'variable "subs" { type = any }\nmodule "m" {\n  source = "./m"\n  subs   = var.subs\n}\n',
      'terraform.tfvars': 'subs = {\n  x = { ws = "ops-*" }\n}\n',
      'm/main.tf': role('"organization:acme:project:p:workspace:${each.value.ws}:run_phase:apply"'),
    });
    const f = res.findings.find((x) => x.ruleId === 'no-wildcard-workspace')!;
    expect(f.origins?.map(where)).toEqual(['tfvars@terraform.tfvars:2', 'module-input@main.tf:4']);
  });

  it('through a local interpolated into a heredoc: the tfvars line of the wildcard, then the local', async () => {
    const res = await lintTree({
      'main.tf': tf`
        variable "workspace" { type = string }
        locals {
          sub = "organization:acme:project:p:workspace:\${var.workspace}:run_phase:apply"
        }
        resource "aws_iam_role" "r" {
          name = "r"
          assume_role_policy = <<-EOT
            {
              "Version": "2012-10-17",
              "Statement": [{
                "Effect": "Allow",
                "Principal": { "Federated": "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" },
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                  "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
                  "StringLike": { "app.terraform.io:sub": "\${local.sub}" }
                }
              }]
            }
          EOT
        }
      `,
      'terraform.tfvars': 'workspace = "ops-*"\n',
    });
    const f = res.findings.find((x) => x.ruleId === 'no-wildcard-workspace')!;
    expect(f.origins?.map(where)).toEqual(['tfvars@terraform.tfvars:1', 'local@main.tf:3']);
  });
});
