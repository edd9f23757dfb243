// A role ARN is wired but TFC_AWS_PROVIDER_AUTH is not "true": HCP Terraform never asks for a
// token, and the role is not used.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import type { WorkspaceVariable } from '../src/model/types.js';
import { bindingSubject, variablePlace } from '../src/trust/index.js';

/** true / false / undefined when the value is not known. */
function enabled(v: WorkspaceVariable): boolean | undefined {
  if (v.value?.kind === 'bool') return v.value.value;
  const s = knownString(v.value);
  return s === undefined ? undefined : s.trim().toLowerCase() === 'true';
}

export default defineRule({
  meta: {
    id: 'provider-auth-enabled',
    description: 'A workspace that sets an AWS role ARN for dynamic credentials must also set TFC_AWS_PROVIDER_AUTH to true.',
    severity: 'high',
    messages: {
      missing: '{{scope}} sets {{key}} but not {{auth}}: dynamic credentials are off, so runs never assume the role',
      notTrue: '{{auth}} is "{{value}}" on {{scope}}, not "true": dynamic credentials are off although {{key}} is set',
    },
    tags: ['workspace'],
  },
  check({ project, report }) {
    for (const b of project.workspaceBindings ?? []) {
      const roleVar = b.settings.RUN_ROLE_ARN ?? b.settings.PLAN_ROLE_ARN ?? b.settings.APPLY_ROLE_ARN;
      if (!roleVar) continue;
      const auth = `TFC_AWS_PROVIDER_AUTH${b.tag ? `_${b.tag}` : ''}`;
      const scope = bindingSubject(b);
      const set = b.settings.PROVIDER_AUTH;
      const common = { callChain: roleVar.callChain, fix: `Set ${auth} = "true" (category "env") on the workspace` };
      if (!set) {
        report({
          messageId: 'missing',
          data: { scope, key: roleVar.key, auth },
          ...variablePlace(roleVar),
          ...common,
          resource: roleVar.address ?? roleVar.id,
        });
      } else if (enabled(set) === false) {
        report({
          messageId: 'notTrue',
          data: {
            scope: scope.charAt(0).toLowerCase() + scope.slice(1),
            key: roleVar.key,
            auth,
            value: knownString(set.value) ?? String(set.value?.kind === 'bool' ? set.value.value : ''),
          },
          ...variablePlace(set),
          related: [{ message: `${roleVar.key} is set here`, range: roleVar.value?.range ?? roleVar.range }],
          ...common,
          callChain: set.callChain,
          resource: set.address ?? set.id,
        });
      }
    }
  },
});
