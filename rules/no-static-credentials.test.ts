import { ruleTester } from '../src/testing/rule-tester.js';
import { APPLY_SUB, type WiringSpec, workspaceWith } from '../src/testing/wiring-setup.js';
import rule from './no-static-credentials.js';

const withKeys = (dynamic: boolean): WiringSpec => {
  const resources = workspaceWith('prod', {
    AWS_ACCESS_KEY_ID: '${aws_iam_access_key.ci.id}',
    AWS_SECRET_ACCESS_KEY: '${aws_iam_access_key.ci.secret}',
    ...(dynamic ? { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' } : {}),
  });
  return {
    roles: dynamic ? { run: { sub: APPLY_SUB } } : {},
    resources: { ...resources, aws_iam_user: { ci: { name: 'tfc-ci' } }, aws_iam_access_key: { ci: { user: '${aws_iam_user.ci.name}' } } },
  };
};
/** The access key resource block: `resource "aws_iam_access_key" "ci" {…}` in HCL, its object in Terraform JSON. */
const ACCESS_KEY = /^(resource "aws_iam_access_key" "ci" \{[^]*\}|\{\s*"user": "\$\{aws_iam_user\.ci\.name\}"\s*\})$/;

ruleTester(rule, {
  valid: [
    {
      name: 'a dynamic setup without keys, and an access key not handed to HCP Terraform',
      wiring: {
        roles: { run: { sub: APPLY_SUB } },
        resources: {
          ...workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
          aws_iam_user: { ci: { name: 'other-ci' } },
          aws_iam_access_key: { ci: { user: '${aws_iam_user.ci.name}' } },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'each static key variable (at its key) and the access key it comes from',
      wiring: withKeys(false),
      errors: [
        { messageId: 'staticKey', text: '"AWS_ACCESS_KEY_ID"', says: ['AWS_ACCESS_KEY_ID'], fix: ['TFC_AWS_PROVIDER_AUTH'] },
        { messageId: 'staticKey', text: '"AWS_SECRET_ACCESS_KEY"' },
        {
          messageId: 'accessKey',
          text: ACCESS_KEY,
          says: ['Access key aws_iam_access_key.ci of IAM user "tfc-ci" is handed to HCP Terraform'],
        },
      ],
    },
    {
      name: 'says so when the workspace already has dynamic credentials',
      wiring: withKeys(true),
      errors: [
        { messageId: 'staticNextToDynamic', severity: 'high', text: '"AWS_ACCESS_KEY_ID"' },
        { messageId: 'staticNextToDynamic', text: '"AWS_SECRET_ACCESS_KEY"' },
        { messageId: 'accessKey', text: ACCESS_KEY },
      ],
    },
  ],
});
