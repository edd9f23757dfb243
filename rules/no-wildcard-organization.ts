// A `sub` pattern that admits more than one organization: anyone can create an organization
// whose name matches it.
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
    id: 'no-wildcard-organization',
    description:
      'The `sub` condition of an HCP Terraform trust must pin one organization; a wildcard there admits organizations anyone can create.',
    severity: 'critical',
    severities: { high: 'for an open subject of an issuer whose `sub` grammar is not known' },
    messages: {
      anyOrganization:
        'Role "{{role}}" accepts {{issuer}} tokens from any organization matching "{{pattern}}": whoever creates an organization such as "{{org}}" can assume it',
      openSegment: OPEN_SEGMENT_MESSAGE,
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsWithLatentFor({ project, settings })) {
      for (const scope of scopesToReport(trust, 'organization')) {
        const place = placeOf(scope.value, scope.condition, scope.statement);
        report({
          messageId: 'anyOrganization',
          data: {
            role: role.label,
            issuer: trust.profile.name,
            pattern: showValue(scope.value) || '(no positive sub value)',
            org: trust.opaque.show(scope.witness.claim.organization),
          },
          ...place,
          witness: witnessOf(trust, scope.witness),
          fixData: pinSubFix(trust, scope.value),
          fix: 'Start the sub pattern with the exact organization name: "organization:<your org>:project:…"',
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
    for (const f of openSegmentFindings({ project, settings }, 'organization')) report(f);
  },
});
