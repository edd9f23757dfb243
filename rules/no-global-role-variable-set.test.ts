import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './no-global-role-variable-set.js';

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
  ${
    admin
      ? `resource "aws_iam_role_policy_attachment" "admin" {
    role       = aws_iam_role.tfc.name
    policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
  }`
      : ''
  }
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
  ${
    scope === 'project'
      ? `resource "tfe_project_variable_set" "aws" {
    project_id      = tfe_project.infra.id
    variable_set_id = tfe_variable_set.aws.id
  }`
      : ''
  }
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

const perWorkspace = set('project').replace(/resource "tfe_project_variable_set"[\s\S]*?\n\s*}\n/, '');

ruleTester(rule, {
  valid: [{ name: 'a set applied to named workspaces', code: role(false) + perWorkspace }],
  invalid: [
    {
      name: 'a global set with the role ARN and provider auth: medium, on the role ARN value',
      code: role(false) + set('global'),
      errors: [
        {
          messageId: 'global',
          line: 39,
          column: 21,
          text: 'aws_iam_role.tfc.arn',
          severity: 'medium',
          says: ['every workspace of organization acme, including ones created later', 'TFC_AWS_PROVIDER_AUTH=true'],
        },
      ],
    },
    {
      name: 'high when the role it hands out has administrator access',
      code: role(true) + set('global'),
      errors: [{ messageId: 'global', line: 42, column: 21, severity: 'high', says: ['admin permissions'] }],
    },
    {
      name: 'a project-wide set is an info note',
      code: role(false) + set('project'),
      errors: [{ messageId: 'project', line: 42, column: 21, severity: 'info' }],
    },
  ],
});
