import { expect } from 'vitest';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './could-not-evaluate.js';

const role = (sub: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "deploy" {
    name = "tfc-deploy"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = ${sub} }
        }
      }]
    })
  }
`;

ruleTester(rule, {
  valid: [{ name: 'everything is known', code: role('"organization:acme:project:infra:workspace:prod:run_phase:apply"') }],
  invalid: [
    {
      name: 'the tokens a role admits depend on a value known only at apply',
      code: 'variable "subjects" {\n  type = list(string)\n}\n' + role('var.subjects'),
      errors: [
        {
          messageId: 'trust',
          line: 12,
          column: 18,
          severity: 'info',
          resource: 'aws_iam_role.deploy',
          check: (f) => expect(f.message).toMatch(/^Role "tfc-deploy": Could not decide which HCP Terraform tokens/),
        },
      ],
    },
    {
      name: 'a module source it does not read, where the call is',
      code: tf`
        module "role" {
          source       = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
          provider_url = "app.terraform.io"
        }
      `,
      errors: [
        {
          messageId: 'evaluation',
          line: 1,
          column: 1,
          check: (f) => expect(f.message).toMatch(/^Not evaluated: .*terraform-aws-modules\/iam/),
        },
      ],
    },
    {
      name: 'an evaluation error (a duplicate Sid in a policy document) is low',
      code: tf`
        data "aws_iam_policy_document" "trust" {
          statement {
            sid     = "Tfc"
            actions = ["sts:AssumeRoleWithWebIdentity"]
          }
          statement {
            sid     = "Tfc"
            actions = ["sts:AssumeRoleWithWebIdentity"]
          }
        }
        resource "aws_iam_role" "deploy" {
          name               = "deploy"
          assume_role_policy = data.aws_iam_policy_document.trust.json
        }
      `,
      errors: [{ messageId: 'evaluation', line: 7, column: 15, severity: 'low', says: ['duplicate Sid (Tfc)'] }],
    },
    {
      // Issue 9 item 11f: only values a rule needed, in Terraform's words.
      name: 'the undeclared variable behind TFC_AWS_RUN_ROLE_ARN as Terraform words it, and not the one behind TFC_VAULT_ADDR',
      code: tf`
        resource "tfe_workspace" "w" {
          name         = "app"
          organization = "acme"
        }
        resource "tfe_variable" "vault" {
          workspace_id = tfe_workspace.w.id
          key          = "TFC_VAULT_ADDR"
          value        = var.vault_addr
          category     = "env"
        }
        resource "tfe_variable" "role" {
          workspace_id = tfe_workspace.w.id
          key          = "TFC_AWS_RUN_ROLE_ARN"
          value        = var.role_arn
          category     = "env"
        }
      `,
      errors: [
        {
          messageId: 'evaluation',
          line: 14,
          column: 18,
          severity: 'info',
          says: [
            'Not evaluated: Reference to undeclared input variable: an input variable with the name "role_arn" has not been declared (var.role_arn)',
          ],
        },
      ],
    },
  ],
});
