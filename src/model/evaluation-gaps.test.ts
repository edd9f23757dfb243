import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';

const trust = (sub: string) => `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
        StringLike   = { "app.terraform.io:sub" = "${sub}" }
      }
    }]
  })`;

describe('attachments link to a role named by name_prefix', () => {
  it('links role = aws_iam_role.this.name when name is null, so AdministratorAccess is seen', async () => {
    const res = await lintTree({
      'main.tf': tf`
        variable "role_name" {
          type    = string
          default = null
        }
        resource "aws_iam_role" "this" {
          name               = var.role_name
          name_prefix        = "hcp-"
          assume_role_policy = ${trust('organization:acme:project:p:workspace:w:run_phase:apply')}
        }
        resource "aws_iam_role_policy_attachment" "admin" {
          role       = aws_iam_role.this.name
          policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
        }
      `,
    });
    expect(res.project.roles[0].attachments.map((a) => a.label)).toEqual(['AdministratorAccess']);
    expect(res.findings.filter((f) => f.ruleId === 'no-admin-access')).toHaveLength(1);
  });
});

describe('a policy document given without .json', () => {
  it('is one valid-policy-document finding saying to use .json, and the document is still analysed', async () => {
    const res = await lintTree({
      'main.tf': tf`
        data "aws_iam_policy_document" "trust" {
          statement {
            actions = ["sts:AssumeRoleWithWebIdentity"]
            principals {
              type        = "Federated"
              identifiers = ["arn:aws:iam::111122223333:oidc-provider/app.terraform.io"]
            }
            condition {
              test     = "StringEquals"
              variable = "app.terraform.io:aud"
              values   = ["aws.workload.identity"]
            }
            condition {
              test     = "StringLike"
              variable = "app.terraform.io:sub"
              values   = ["organization:*"]
            }
          }
        }
        resource "aws_iam_role" "r" {
          name               = "r"
          assume_role_policy = data.aws_iam_policy_document.trust
        }
      `,
    });
    const shape = res.findings.filter((f) => f.ruleId === 'valid-policy-document' || f.ruleId === 'parse-error');
    expect(shape).toHaveLength(1);
    expect(shape[0].message).toContain('write data.aws_iam_policy_document.trust.json');
    expect(shape[0].range.start.line).toBe(22);
    expect(res.findings.some((f) => f.ruleId === 'no-wildcard-organization')).toBe(true);
  });

  it('stays quiet about shape when .json is there (control)', async () => {
    const res = await lintTree({
      'main.tf': tf`
        data "aws_iam_policy_document" "trust" {
          statement {
            actions = ["sts:AssumeRoleWithWebIdentity"]
            principals {
              type        = "Federated"
              identifiers = ["arn:aws:iam::111122223333:oidc-provider/app.terraform.io"]
            }
          }
        }
        resource "aws_iam_role" "r" {
          name               = "r"
          assume_role_policy = data.aws_iam_policy_document.trust.json
        }
      `,
    });
    expect(res.findings.filter((f) => f.ruleId === 'valid-policy-document' || f.ruleId === 'parse-error')).toEqual([]);
  });
});
