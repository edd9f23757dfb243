// TFC_AWS_* set as a Terraform variable: HCP Terraform reads them only from the environment, so
// dynamic credentials are silently off.
import { defineRule } from '../src/model/rule.js';
import { variableScope } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'variable-category-env',
    description: 'TFC_AWS_* dynamic-credential variables must have category "env"; HCP Terraform ignores them as Terraform variables.',
    severity: 'high',
    messages: {
      notEnv:
        '{{key}} on {{scope}} has category "{{category}}": HCP Terraform reads dynamic-credential settings only from environment variables, so this one is silently ignored',
    },
    tags: ['workspace'],
  },
  check({ project, report }) {
    for (const v of project.workspaceVariables ?? []) {
      if (!v.setting || v.category === undefined || v.category === 'env') continue;
      report({
        messageId: 'notEnv',
        data: { key: v.key, scope: variableScope(v), category: v.category },
        range: v.categoryValue?.range ?? v.range,
        ...(v.categoryValue?.origins?.length ? { origins: v.categoryValue.origins } : {}),
        fix: 'category = "env"',
        callChain: v.callChain,
        resource: v.address ?? v.id,
      });
    }
  },
});
