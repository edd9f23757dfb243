import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const role = (admin: boolean) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "tfc" {
    name = "tfc-shared"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "organization:acme:project:*:workspace:*:run_phase:*" }
        }
      }]
    })
  }
  ${admin ? `resource "aws_iam_role_policy_attachment" "admin" {
    role       = aws_iam_role.tfc.name
    policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  }` : ''}
`;

const set = (scope: 'global' | 'project') => tf`
  resource "tfe_project" "infra" {
    organization = "acme"
    name         = "infra"
  }
  resource "tfe_variable_set" "aws" {
    name         = "aws-credentials"
    organization = "acme"
    global       = ${scope === 'global' ? 'true' : 'false'}
  }
  ${scope === 'project' ? `resource "tfe_project_variable_set" "aws" {
    project_id      = tfe_project.infra.id
    variable_set_id = tfe_variable_set.aws.id
  }` : ''}
  resource "tfe_variable" "auth" {
    key             = "TFC_AWS_PROVIDER_AUTH"
    value           = "true"
    category        = "env"
    variable_set_id = tfe_variable_set.aws.id
  }
  resource "tfe_variable" "role" {
    key             = "TFC_AWS_RUN_ROLE_ARN"
    value           = aws_iam_role.tfc.arn
    category        = "env"
    variable_set_id = tfe_variable_set.aws.id
  }
`;

async function run(files: Record<string, string>) {
  const r = await lintTree(files);
  return r.findings.filter((f) => f.ruleId === 'no-global-role-variable-set');
}

describe('no-global-role-variable-set', () => {
  it('a global set with the role ARN and provider auth: medium, on the role ARN value', async () => {
    const found = await run({ 'main.tf': role(false) + set('global') });
    expect(found.map((f) => [f.messageId, f.severity])).toEqual([['global', 'medium']]);
    expect(found[0].message).toContain('every workspace of organization acme, including ones created later');
    expect(found[0].message).toContain('TFC_AWS_PROVIDER_AUTH=true');
  });

  it('high when the role it hands out has administrator access', async () => {
    const found = await run({ 'main.tf': role(true) + set('global') });
    expect(found.map((f) => f.severity)).toEqual(['high']);
    expect(found[0].message).toContain('admin permissions');
  });

  it('a project-wide set is an info note; a set applied to named workspaces stays quiet', async () => {
    expect((await run({ 'main.tf': role(false) + set('project') })).map((f) => [f.messageId, f.severity])).toEqual([['project', 'info']]);
    const perWorkspace = set('project').replace(/resource "tfe_project_variable_set"[\s\S]*?\n\s*}\n/, '');
    expect(await run({ 'main.tf': role(false) + perWorkspace })).toEqual([]);
  });
});
