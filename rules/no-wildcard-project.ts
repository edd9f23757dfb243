// A `sub` pattern that pins the organization but admits any project (a `*` that swallows the
// project also admits legacy project-less tokens and Stacks).
import { defineRule } from '../src/model/rule.js';
import {
  type IssuerTrust,
  OPEN_SEGMENT_MESSAGE,
  type OpenScope,
  openSegmentFindings,
  patternFields,
  pinSubFix,
  placeOf,
  scopesToReport,
  showValue,
  trustsWithLatentFor,
  witnessOf,
} from '../src/trust/index.js';

/** What the value really admits: a project name pattern or any project, and which run kinds. */
function reach(trust: IssuerTrust, scope: OpenScope): { projects: string; units: string; where: string; legacy: string } {
  const key = scope.value ?? scope.statement;
  const kinds = new Set((trust.search?.accepted ?? []).filter((t) => (t.value ?? t.statement) === key).map((t) => t.claim.kind));
  const text = scope.value ? trust.opaque.of(scope.value)?.text : undefined;
  const field = text ? patternFields(text).fields.find((f) => f.keyword === 'project') : undefined;
  const named = field && field.value !== '*' ? trust.opaque.show(field.value) : undefined;
  const workspaces = kinds.has('workspace') || kinds.has('legacy');
  const units = [workspaces ? 'workspace' : '', kinds.has('stack') ? 'Stack' : ''].filter(Boolean).join(' and ') || 'run';
  return {
    projects: named ? `any project matching "${named}"` : 'any project',
    units,
    where: named ? 'such a project' : 'the organization',
    legacy: kinds.has('legacy') ? ', including project-less legacy tokens,' : '',
  };
}

export default defineRule({
  meta: {
    id: 'no-wildcard-project',
    description:
      'The `sub` condition of an HCP Terraform trust should pin the project; otherwise every project of the organization can assume the role.',
    severity: 'high',
    messages: {
      anyProject:
        'Role "{{role}}" accepts runs from {{projects}} of organization "{{org}}" ("{{pattern}}"): every {{units}} in {{where}}{{legacy}} can assume it',
      openSegment: OPEN_SEGMENT_MESSAGE,
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsWithLatentFor({ project, settings })) {
      for (const scope of scopesToReport(trust, 'project')) {
        report({
          messageId: 'anyProject',
          data: {
            role: role.label,
            org: trust.opaque.show(scope.witness.claim.organization),
            pattern: showValue(scope.value),
            ...reach(trust, scope),
          },
          ...placeOf(scope.value, scope.condition, scope.statement),
          witness: witnessOf(trust, scope.witness),
          fixData: pinSubFix(trust, scope.value),
          fix: 'Pin the project: "organization:<org>:project:<project>:workspace:<workspace>:run_phase:apply"',
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
    for (const f of openSegmentFindings({ project, settings }, 'project')) report(f);
  },
});
