import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import couldNotEvaluate from './could-not-evaluate.js';

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

const notes = async (files: Record<string, string>) => (await lintTree(files, { rules: [couldNotEvaluate] })).findings;

describe('could-not-evaluate', () => {
  it('says so when the tokens a role admits depend on a value known only at apply', async () => {
    const found = await notes({ 'main.tf': 'variable "subjects" {\n  type = list(string)\n}\n' + role('var.subjects') });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'info', resource: 'aws_iam_role.deploy' });
    expect(found[0].message).toMatch(/^Role "tfc-deploy": Could not decide which HCP Terraform tokens/);
  });

  it('names a module source it does not read, where the call is', async () => {
    const found = await notes({
      'main.tf': tf`
        module "role" {
          source       = "terraform-aws-modules/iam/aws//modules/iam-assumable-role-with-oidc"
          provider_url = "app.terraform.io"
        }
      `,
    });
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/^Not evaluated: .*terraform-aws-modules\/iam/)]);
    expect(found[0].range.file).toBe('main.tf');
  });

  it('stays quiet when everything is known', async () => {
    expect(await notes({ 'main.tf': role('"organization:acme:project:infra:workspace:prod:run_phase:apply"') })).toEqual([]);
  });
});

describe('could-not-evaluate speaks only of values a rule needed, in Terraform\'s words (issue 9 item 11f)', () => {
  const files = {
    'main.tf': tf`
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
  };
  it('notes the undeclared variable behind TFC_AWS_RUN_ROLE_ARN as Terraform words it, and not the one behind TFC_VAULT_ADDR', async () => {
    const r = await lintTree(files);
    const notes = r.findings.filter((f) => f.ruleId === 'could-not-evaluate').map((f) => `${f.range.start.line}: ${f.message}`);
    expect(notes).toEqual(['14: Not evaluated: Reference to undeclared input variable: an input variable with the name "role_arn" has not been declared (var.role_arn)']);
  });
});
