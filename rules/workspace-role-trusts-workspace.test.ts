import { expect } from 'vitest';
import { ruleTester } from '../src/testing/rule-tester.js';
import { APPLY_SUB, PLAN_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring-setup.js';
import rule from './workspace-role-trusts-workspace.js';

const split = (project: string): WiringSpec => ({
  roles: { plan: { sub: PLAN_SUB, managed: ['ReadOnlyAccess'] }, apply: { sub: APPLY_SUB } },
  resources: workspaceWith(
    'prod',
    {
      TFC_AWS_PROVIDER_AUTH: 'true',
      TFC_AWS_PLAN_ROLE_ARN: '${aws_iam_role.plan.arn}',
      TFC_AWS_APPLY_ROLE_ARN: '${aws_iam_role.apply.arn}',
    },
    { project },
  ),
});
/** A role ARN reference: bare in HCL, a "${…}" string in Terraform JSON. */
const arnRef = (role: string) => new RegExp(`^"?(\\$\\{)?aws_iam_role\\.${role}\\.arn\\}?"?$`);
const runRole = (sub: string): WiringSpec => ({
  roles: { run: { sub } },
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
});
const wired = (arn: string, project = 'infra'): WiringSpec => ({
  roles: { apply: { sub: APPLY_SUB } },
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_APPLY_ROLE_ARN: arn }, { project }),
});
/** The HCL wiring with the provider moved to a Terraform Enterprise host; the role's keys still name app.terraform.io. */
const tfeFiles = () => {
  const files = wiringShapes({
    roles: { apply: { sub: APPLY_SUB } },
    resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.apply.arn}' }),
  })[0].files;
  return { ...files, 'main.tf': files['main.tf'].replace('https://app.terraform.io', 'https://tfe.acme.com') };
};
const tfeHosts = {
  messageId: 'rejected' as const,
  line: 31,
  column: 11,
  says: ['its condition keys trust app.terraform.io, but the token comes from tfe.acme.com'],
  witness: {
    kind: 'rejected' as const,
    iss: /^https:\/\/tfe\.acme\.com$/,
    sub: /^organization:acme:project:infra:workspace:prod:run_phase:plan$/,
  },
  check: (f: { message: string }) => expect(f.message).not.toContain('trusts no HCP Terraform issuer'),
};

ruleTester(rule, {
  valid: [
    { name: 'the trust admits the workspace for each phase it is wired to', wiring: split('infra') },
    {
      name: 'the wired ARN is a role outside the input',
      wiring: {
        roles: {},
        resources: workspaceWith('prod', {
          TFC_AWS_PROVIDER_AUTH: 'true',
          TFC_AWS_RUN_ROLE_ARN: 'arn:aws:iam::123456789012:role/elsewhere',
        }),
      },
    },
    {
      name: 'an ARN naming no role of the scan, when no role of the scan trusts the workspace (a role of another repository)',
      wiring: wired('arn:aws:iam::111122223333:role/shared-apply', 'platform'),
    },
    { name: 'an ARN naming a role of the scan', wiring: wired('arn:aws:iam::111122223333:role/tfc-apply') },
  ],
  invalid: [
    {
      name: 'once per phase when the workspace sits in another project, naming the part and the rejected token',
      wiring: split('platform'),
      errors: [
        {
          messageId: 'rejected',
          text: arnRef('plan'),
          severity: 'high',
          says: [
            'sends its plan runs to role "tfc-plan" (TFC_AWS_PLAN_ROLE_ARN)',
            'the token has project "platform" where the trust admits "infra"',
          ],
          witness: { kind: 'rejected', sub: /^organization:acme:project:platform:workspace:prod:run_phase:plan$/ },
        },
        { messageId: 'rejected', text: arnRef('apply'), says: ['sends its apply runs to role "tfc-apply" (TFC_AWS_APPLY_ROLE_ARN)'] },
      ],
    },
    {
      name: 'the plan phase only when one run role admits apply only',
      wiring: runRole(APPLY_SUB),
      errors: [
        {
          messageId: 'rejected',
          text: arnRef('run'),
          says: ['sends its plan runs', 'the token has run_phase "plan" where the trust admits "apply"'],
        },
      ],
    },
    {
      name: 'a trust that admits far more than the workspaces that use the role (medium, at the sub value)',
      wiring: runRole('organization:acme:project:*:workspace:prod:run_phase:*'),
      errors: [
        {
          messageId: 'admitsMore',
          text: '"organization:acme:project:*:workspace:prod:run_phase:*"',
          severity: 'medium',
          says: ['its trust also admits another project'],
          witness: { kind: 'accepted', sub: /^organization:acme:project:(?!infra:)/ },
        },
      ],
    },
    {
      name: 'a project variable set reaches the workspaces of that project, with the _TAG and TFC_DEFAULT_ forms',
      files: wiringShapes({
        roles: { apply: { sub: APPLY_SUB } },
        resources: {
          tfe_project: { infra: { name: 'infra', organization: 'acme' } },
          tfe_workspace: { staging: { name: 'staging', organization: 'acme', project_id: '${tfe_project.infra.id}' } },
          tfe_variable_set: { aws: { name: 'aws', organization: 'acme' } },
          tfe_project_variable_set: { aws: { variable_set_id: '${tfe_variable_set.aws.id}', project_id: '${tfe_project.infra.id}' } },
          tfe_variable: {
            auth: { key: 'TFC_AWS_PROVIDER_AUTH_PROD', value: 'true', category: 'env', variable_set_id: '${tfe_variable_set.aws.id}' },
            role: {
              key: 'TFC_DEFAULT_AWS_APPLY_ROLE_ARN',
              value: '${aws_iam_role.apply.arn}',
              category: 'env',
              variable_set_id: '${tfe_variable_set.aws.id}',
            },
          },
        },
      })[0].files,
      errors: [
        {
          messageId: 'rejected',
          line: 41,
          column: 11,
          says: [
            'Workspace "staging" sends its apply runs to role "tfc-apply" (TFC_DEFAULT_AWS_APPLY_ROLE_ARN)',
            'the token has workspace "staging" where the trust admits "prod"',
          ],
        },
      ],
    },
    {
      name: 'a role whose keys name app.terraform.io, wired to a workspace whose tokens come from a TFE host (no hostnames setting)',
      files: tfeFiles(),
      errors: [tfeHosts],
    },
    {
      name: 'the same with tfe.acme.com in hostnames',
      files: tfeFiles(),
      options: { expectations: { hostnames: ['tfe.acme.com'] } },
      errors: [tfeHosts],
    },
    {
      name: 'a role ARN naming a role nothing creates, while a role of the scan trusts exactly this workspace (issue 9 item 10)',
      wiring: wired('arn:aws:iam::111122223333:role/tfc-aply'),
      errors: [
        {
          messageId: 'noSuchRole',
          text: '"arn:aws:iam::111122223333:role/tfc-aply"',
          says: [
            'role "tfc-aply" (TFC_AWS_APPLY_ROLE_ARN), which nothing in the scan creates, while role "tfc-apply" trusts exactly this workspace',
          ],
        },
      ],
    },
  ],
});
