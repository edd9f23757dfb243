import { ruleTester } from '../src/testing/rule-tester.js';
import { APPLY_SUB, PLAN_SUB, type WiringSpec, workspaceWith } from '../src/testing/wiring-setup.js';
import rule from './separate-plan-apply-roles.js';

const both = [PLAN_SUB, APPLY_SUB];
const oneRole = (managed: string[]): WiringSpec => ({
  roles: { run: { sub: both, managed } },
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
});
/** The role ARN reference: bare in HCL, a "${…}" string in Terraform JSON. */
const RUN_ARN = /^"?(\$\{)?aws_iam_role\.run\.arn\}?"?$/;

ruleTester(rule, {
  valid: [
    { name: 'a read-only shared role', wiring: oneRole(['ReadOnlyAccess']) },
    {
      name: 'split roles',
      wiring: {
        roles: { plan: { sub: PLAN_SUB, managed: ['ReadOnlyAccess'] }, apply: { sub: APPLY_SUB, managed: ['PowerUserAccess'] } },
        resources: workspaceWith('prod', {
          TFC_AWS_PROVIDER_AUTH: 'true',
          TFC_AWS_PLAN_ROLE_ARN: '${aws_iam_role.plan.arn}',
          TFC_AWS_APPLY_ROLE_ARN: '${aws_iam_role.apply.arn}',
        }),
      },
    },
  ],
  invalid: [
    {
      name: 'plan and apply share one role with write access, at the role ARN variable',
      wiring: oneRole(['PowerUserAccess']),
      errors: [
        {
          messageId: 'sameRole',
          severity: 'high',
          text: RUN_ARN,
          says: ['runs plan and apply with the same role "tfc-run" (TFC_AWS_RUN_ROLE_ARN), which has write access (PowerUserAccess)'],
        },
      ],
    },
    {
      name: 'a project variable set is named as the project, not as a workspace called "project …"',
      wiring: {
        roles: { run: { sub: both, managed: ['PowerUserAccess'] } },
        resources: {
          tfe_project: { infra: { name: 'infra', organization: 'acme' } },
          tfe_variable_set: { aws: { name: 'aws', organization: 'acme' } },
          tfe_project_variable_set: { aws: { project_id: '${tfe_project.infra.id}', variable_set_id: '${tfe_variable_set.aws.id}' } },
          tfe_variable: {
            auth: { key: 'TFC_AWS_PROVIDER_AUTH', value: 'true', category: 'env', variable_set_id: '${tfe_variable_set.aws.id}' },
            role: {
              key: 'TFC_AWS_RUN_ROLE_ARN',
              value: '${aws_iam_role.run.arn}',
              category: 'env',
              variable_set_id: '${tfe_variable_set.aws.id}',
            },
          },
        },
      },
      errors: [
        {
          messageId: 'sameRole',
          text: RUN_ARN,
          says: ['Project infra (variable set aws) runs plan and apply with the same role "tfc-run"'],
        },
      ],
    },
    {
      name: 'only an apply role is split off from a run role that plans with write access',
      wiring: {
        roles: { run: { sub: both, managed: ['AdministratorAccess'] } },
        resources: workspaceWith('prod', {
          TFC_AWS_PROVIDER_AUTH: 'true',
          TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}',
          TFC_AWS_APPLY_ROLE_ARN: '${aws_iam_role.run.arn}',
        }),
      },
      errors: [{ messageId: 'sameRole', text: RUN_ARN, says: ['admin access'] }],
    },
  ],
});
