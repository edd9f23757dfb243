import { ruleTester } from '../src/testing/rule-tester.js';
import { APPLY_SUB, type WiringSpec, workspaceWith } from '../src/testing/wiring-setup.js';
import rule from './variable-category-env.js';

const spec = (category: string): WiringSpec => ({
  roles: { run: { sub: APPLY_SUB } },
  resources: workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: { value: 'true', category }, TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
});
const quiet = spec('env');
quiet.resources.tfe_variable.other = { key: 'region', value: 'eu-west-1', category: 'terraform', workspace_id: '${tfe_workspace.prod.id}' };

ruleTester(rule, {
  valid: [{ name: 'category "env", and another variable with category "terraform"', wiring: quiet }],
  invalid: [
    {
      name: 'a TFC_AWS_* variable with category "terraform", at the category',
      wiring: spec('terraform'),
      errors: [
        {
          messageId: 'notEnv',
          severity: 'high',
          text: '"terraform"',
          says: [
            'TFC_AWS_PROVIDER_AUTH on workspace "prod" has category "terraform": HCP Terraform reads dynamic-credential settings only from environment variables, so this one is silently ignored',
          ],
        },
      ],
    },
  ],
});
