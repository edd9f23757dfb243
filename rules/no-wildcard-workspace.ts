// A `sub` pattern that pins organization and project but admits any workspace (or Stack).
import { defineRule } from '../src/model/rule.js';
import {
  OPEN_SEGMENT_MESSAGE,
  openSegmentFindings,
  pinSubFix,
  placeOf,
  scopesToReport,
  showValue,
  trustsWithLatentFor,
  witnessOf,
} from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'no-wildcard-workspace',
    description:
      'The `sub` condition of an HCP Terraform trust should pin the workspace; otherwise every workspace of the project can assume the role.',
    severity: 'medium',
    messages: {
      anyWorkspace:
        'Role "{{role}}" accepts runs from any workspace{{stacks}} of project "{{project}}" in organization "{{org}}" ("{{pattern}}"): anyone who can create or run a workspace there gets its credentials',
      openSegment: OPEN_SEGMENT_MESSAGE,
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsWithLatentFor({ project, settings })) {
      for (const scope of scopesToReport(trust, 'workspace')) {
        const c = scope.witness.claim;
        const stacks = scope.values.some((v) => v.startsWith('stack:')) ? ' or Stack' : '';
        report({
          messageId: 'anyWorkspace',
          data: {
            role: role.label,
            stacks,
            project: trust.opaque.show(c.project ?? '(none)'),
            org: trust.opaque.show(c.organization),
            pattern: showValue(scope.value),
          },
          ...placeOf(scope.value, scope.condition, scope.statement),
          witness: witnessOf(trust, scope.witness),
          fixData: pinSubFix(trust, scope.value),
          fix: 'Pin the workspace: "…:workspace:<workspace>:run_phase:apply", one value per workspace that needs the role',
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
    for (const f of openSegmentFindings({ project, settings }, 'workspace')) report(f);
  },
});
