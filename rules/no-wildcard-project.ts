// A `sub` pattern that pins the organization but admits any project (a `*` that swallows the
// project also admits legacy project-less tokens and Stacks).
import { defineRule } from '../src/engine/rule.js';
import { placeOf, scopesToReport, showValue, trustsFor, witnessOf } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'no-wildcard-project',
    description: 'The `sub` condition of an HCP Terraform trust should pin the project; otherwise every project of the organization can assume the role.',
    severity: 'high',
    messages: {
      anyProject:
        'Role "{{role}}" accepts runs from any project of organization "{{org}}" ("{{pattern}}"): every workspace and Stack in the organization, including project-less legacy tokens, can assume it',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      for (const scope of scopesToReport(trust, 'project')) {
        report({
          messageId: 'anyProject',
          data: { role: role.label, org: trust.opaque.show(scope.witness.claim.organization), pattern: showValue(scope.value) },
          ...placeOf(scope.value, scope.condition, scope.statement),
          witness: witnessOf(trust, scope.witness),
          fix: 'Pin the project: "organization:<org>:project:<project>:workspace:<workspace>:run_phase:apply"',
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
  },
});
