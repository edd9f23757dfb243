import { ruleTester } from '../src/testing/rule-tester.js';
import { APPLY_SUB, type WiringSpec, workspaceWith } from '../src/testing/wiring-setup.js';
import rule from './provider-auth-enabled.js';

const spec = (vars: Record<string, string>): WiringSpec => ({ roles: { run: { sub: APPLY_SUB } }, resources: workspaceWith('prod', vars) });
const ROLE = '${aws_iam_role.run.arn}';
/** The role ARN reference: bare in HCL, a "${…}" string in Terraform JSON. */
const RUN_ARN = /^"?(\$\{)?aws_iam_role\.run\.arn\}?"?$/;

ruleTester(rule, {
  valid: [
    { name: 'TFC_AWS_PROVIDER_AUTH is "true"', wiring: spec({ TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: ROLE }) },
    {
      name: 'a tag with its own TFC_AWS_PROVIDER_AUTH_PROD "true"',
      wiring: spec({ TFC_AWS_PROVIDER_AUTH_PROD: 'true', TFC_AWS_RUN_ROLE_ARN_PROD: ROLE }),
    },
  ],
  invalid: [
    {
      name: 'at the role ARN when TFC_AWS_PROVIDER_AUTH is missing',
      wiring: spec({ TFC_AWS_RUN_ROLE_ARN: ROLE }),
      errors: [
        {
          messageId: 'missing',
          text: RUN_ARN,
          says: [
            'Workspace "prod" sets TFC_AWS_RUN_ROLE_ARN but not TFC_AWS_PROVIDER_AUTH: dynamic credentials are off, so runs never assume the role',
          ],
        },
      ],
    },
    {
      name: 'at the value when it is not "true"',
      wiring: spec({ TFC_AWS_PROVIDER_AUTH: 'false', TFC_AWS_RUN_ROLE_ARN: ROLE }),
      errors: [{ messageId: 'notTrue', severity: 'high', text: '"false"' }],
    },
    {
      name: 'a tag without its own PROVIDER_AUTH',
      wiring: spec({ TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN_PROD: ROLE }),
      errors: [{ messageId: 'missing', text: RUN_ARN, says: ['sets TFC_AWS_RUN_ROLE_ARN_PROD but not TFC_AWS_PROVIDER_AUTH_PROD'] }],
    },
  ],
});
