import { ruleTester } from '../src/testing/rule-tester.js';
import { APPLY_SUB, type WiringSpec, workspaceWith } from '../src/testing/wiring-setup.js';
import rule from './workspace-audience-matches.js';

const spec = (roleAud: string, vars: Record<string, string>, clientIds?: string[]): WiringSpec => ({
  roles: { run: { sub: APPLY_SUB, aud: roleAud } },
  ...(clientIds ? { clientIds } : {}),
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}', ...vars }),
});
/** The role ARN reference: bare in HCL, a "${…}" string in Terraform JSON. */
const RUN_ARN = /^"?(\$\{)?aws_iam_role\.run\.arn\}?"?$/;

ruleTester(rule, {
  valid: [
    {
      name: 'role and provider take the audience',
      wiring: spec('acme-prod', { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: 'acme-prod' }, ['acme-prod']),
    },
    { name: 'the default audience throughout', wiring: spec('aws.workload.identity', {}) },
  ],
  invalid: [
    {
      name: 'at the audience variable when the role’s aud condition does not take it',
      wiring: spec('aws.workload.identity', { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: 'acme-prod' }, ['aws.workload.identity', 'acme-prod']),
      errors: [
        {
          messageId: 'roleRejects',
          text: '"acme-prod"',
          says: [
            'Workspace "prod" sends audience "acme-prod" (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE), but the trust of role "tfc-run" does not accept it in its aud condition: every run fails to assume the role',
          ],
          witness: { kind: 'rejected', aud: /^acme-prod$/ },
        },
      ],
    },
    {
      name: 'at the role ARN when the workspace sends the default audience the role does not take',
      wiring: spec('acme-prod', {}, ['aws.workload.identity', 'acme-prod']),
      errors: [
        {
          messageId: 'roleRejects',
          text: RUN_ARN,
          says: ['sends audience "aws.workload.identity" (the default: no TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE is set)'],
        },
      ],
    },
    {
      name: 'the audience is not a client ID of the provider',
      wiring: spec('acme-prod', { TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: 'acme-prod' }),
      errors: [
        {
          messageId: 'providerRejects',
          severity: 'high',
          text: '"acme-prod"',
          says: [
            'which is not a client ID of OIDC provider aws_iam_openid_connect_provider.tfc (aws.workload.identity): STS rejects every token',
          ],
        },
      ],
    },
  ],
});
