// A workspace whose plan and apply runs use one role with write access: speculative plans (pull
// requests) run arbitrary code with that access.
import { defineRule } from '../src/model/rule.js';
import { bindingSubject, variablePlace } from '../src/trust/index.js';
import { permissionLevel } from '../src/permissions/index.js';

export default defineRule({
  meta: {
    id: 'separate-plan-apply-roles',
    description:
      'A workspace should run plan and apply with separate roles when the apply role can write; plan runs execute code from pull requests.',
    severity: 'high',
    messages: {
      sameRole:
        '{{workspace}} runs plan and apply with the same role "{{role}}" ({{key}}), which has {{level}} access ({{what}}): every speculative plan, including one from a pull request, gets it',
    },
    tags: ['workspace', 'permissions'],
  },
  check({ project, report }) {
    for (const b of project.workspaceBindings ?? []) {
      const role = b.plan?.role;
      if (!role || b.apply?.role !== role) continue;
      const perms = permissionLevel(role, project);
      if (perms.level !== 'write' && perms.level !== 'admin') continue;
      const variable = b.plan!.variable;
      report({
        messageId: 'sameRole',
        data: {
          workspace: bindingSubject(b),
          role: role.label,
          key: variable.key,
          level: perms.level,
          what: perms.reasons.map((r) => r.message).join(', '),
        },
        ...variablePlace(variable),
        related: [
          { message: `role "${role.label}"`, range: role.range },
          ...perms.reasons.map((r) => ({ message: `${r.message} (${r.level})`, range: r.range })),
        ],
        fix: `Set TFC_AWS_PLAN_ROLE_ARN${b.tag ? `_${b.tag}` : ''} to a read-only role and TFC_AWS_APPLY_ROLE_ARN${b.tag ? `_${b.tag}` : ''} to this one`,
        callChain: variable.callChain,
        resource: variable.address ?? variable.id,
      });
    }
  },
});
