import { describe, expect, it } from 'vitest';
import { lintTree } from '../testing/lint-tree.js';
import { tf } from '../testing/tf.js';
import { parseWiringKey } from './workspace.js';

describe('parseWiringKey', () => {
  it('reads the setting, the _<TAG> and the TFC_DEFAULT_ forms', () => {
    expect(parseWiringKey('TFC_AWS_RUN_ROLE_ARN')).toEqual({ name: 'RUN_ROLE_ARN', isDefault: false });
    expect(parseWiringKey('TFC_AWS_PLAN_ROLE_ARN_PROD_2')).toEqual({ name: 'PLAN_ROLE_ARN', tag: 'PROD_2', isDefault: false });
    expect(parseWiringKey('TFC_DEFAULT_AWS_WORKLOAD_IDENTITY_AUDIENCE')).toEqual({ name: 'WORKLOAD_IDENTITY_AUDIENCE', isDefault: true });
    expect(parseWiringKey('TFC_AWS_PROVIDER_AUTH_X')).toEqual({ name: 'PROVIDER_AUTH', tag: 'X', isDefault: false });
  });
  it('rejects what HCP Terraform does not read', () => {
    expect(parseWiringKey('TFC_DEFAULT_AWS_PROVIDER_AUTH')).toBeUndefined();
    expect(parseWiringKey('TFC_AWS_RUN_ROLE')).toBeUndefined();
    expect(parseWiringKey('tfc_aws_run_role_arn')).toBeUndefined();
  });
});

const setup = tf`
  resource "aws_iam_role" "a" {
    name               = "role-a"
    assume_role_policy = "{}"
  }
  resource "aws_iam_role" "b" {
    name               = "role-b"
    assume_role_policy = "{}"
  }
  data "tfe_project" "infra" {
    name         = "infra"
    organization = "acme"
  }
  resource "tfe_workspace" "prod" {
    name         = "prod"
    organization = "acme"
    project_id   = data.tfe_project.infra.id
  }
  resource "tfe_workspace" "loose" {
    name         = "loose"
    organization = "acme"
  }
  resource "tfe_variable_set" "global" {
    name         = "global-aws"
    organization = "acme"
    global       = true
  }
  resource "tfe_variable" "global_role" {
    key             = "TFC_AWS_RUN_ROLE_ARN"
    value           = aws_iam_role.a.arn
    category        = "env"
    variable_set_id = tfe_variable_set.global.id
  }
  resource "tfe_variable" "prod_role" {
    key          = "TFC_AWS_RUN_ROLE_ARN"
    value        = "arn:aws:iam::123456789012:role/role-b"
    category     = "env"
    workspace_id = tfe_workspace.prod.id
  }
  resource "tfe_variable" "ignored" {
    key          = "region"
    value        = "eu-west-1"
    category     = "terraform"
    workspace_id = tfe_workspace.prod.id
  }
`;

describe('workspace wiring in the model', () => {
  it('links workspaces to projects (data sources too), variables to roles by reference and by ARN, and applies precedence', async () => {
    const { project } = await lintTree({ 'main.tf': setup });
    expect(
      project.tfeWorkspaces?.map((w) => [
        w.name?.kind === 'string' && w.name.value,
        w.projectName?.kind === 'string' && w.projectName.value,
      ]),
    ).toEqual([
      ['prod', 'infra'],
      ['loose', 'Default Project'],
    ]);
    expect(project.workspaceVariables?.map((v) => [v.key, v.role?.label])).toEqual([
      ['TFC_AWS_RUN_ROLE_ARN', 'role-a'],
      ['TFC_AWS_RUN_ROLE_ARN', 'role-b'],
    ]);
    // The workspace variable beats the global variable set; the other workspace gets the set's role.
    expect(project.workspaceBindings?.map((b) => [b.label, b.plan?.role?.label, b.apply?.role?.label])).toEqual([
      ['prod', 'role-b', 'role-b'],
      ['loose', 'role-a', 'role-a'],
    ]);
  });

  it('adds no wiring fields to a project without tfe resources', async () => {
    const { project } = await lintTree({ 'main.tf': 'resource "aws_iam_role" "a" {\n  name = "a"\n  assume_role_policy = "{}"\n}\n' });
    expect(project.workspaceBindings).toBeUndefined();
    expect(project.tfeWorkspaces).toBeUndefined();
  });

  it('never throws on odd tfe input (unknown keys, missing references)', async () => {
    const odd = tf`
      variable "k" {}
      resource "tfe_variable" "x" {
        key          = var.k
        value        = "v"
        category     = "env"
        workspace_id = tfe_workspace.missing.id
      }
      resource "tfe_workspace_variable_set" "y" {
        variable_set_id = "varset-123"
        workspace_id    = "ws-123"
      }
    `;
    const { project } = await lintTree({ 'main.tf': odd });
    expect(project.workspaceVariables).toBeUndefined();
    expect(project.diagnostics.some((d) => d.message.includes('tfe_workspace_variable_set.y'))).toBe(true);
  });
});

describe('workspaces reached through for_each over a workspace collection', () => {
  it('binds a variable set to each workspace named by each.value.id', async () => {
    const { project } = await lintTree({
      'main.tf': tf`
        resource "aws_iam_role" "r" {
          name               = "r"
          assume_role_policy = "{}"
        }
        data "tfe_workspace" "ws" {
          for_each     = toset(["one", "two"])
          name         = each.key
          organization = "acme"
        }
        resource "tfe_variable_set" "s" {
          name         = "s"
          organization = "acme"
        }
        resource "tfe_workspace_variable_set" "s" {
          for_each        = data.tfe_workspace.ws
          variable_set_id = tfe_variable_set.s.id
          workspace_id    = each.value.id
        }
        resource "tfe_variable" "role" {
          key             = "TFC_AWS_RUN_ROLE_ARN"
          value           = aws_iam_role.r.arn
          category        = "env"
          variable_set_id = tfe_variable_set.s.id
        }
      `,
    });
    expect(project.diagnostics.filter((d) => d.message.includes('not in the input'))).toEqual([]);
    expect(project.variableSets?.[0].workspaces.map((w) => w.id)).toEqual(['data.tfe_workspace.ws["one"]', 'data.tfe_workspace.ws["two"]']);
  });
});
