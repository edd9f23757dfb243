// The wildcard rules over other issuers' claim grammars: one finding per accepting value at the
// broadest open segment of the dimension the rule owns, with the witness and the value's origin.
import type { FindingInput } from '../core/finding.js';
import type { SegmentDimension } from './issuers/types.js';
import { type TrustContext } from './context.js';
import { placeOf, showValue } from './findings.js';
import { grammarScopesToReport } from './grammar.js';
import { grammarWitness, nounOf, otherIssuerTrusts } from './web-identity.js';

/** The message every wildcard rule uses for another issuer's open segment. */
export const OPEN_SEGMENT_MESSAGE =
  'Role "{{role}}" accepts {{issuer}} tokens from any {{noun}} ("{{pattern}}"), for example {{example}}: {{consequence}}';

export function openSegmentFindings(ctx: TrustContext, dimension: SegmentDimension): FindingInput<'openSegment'>[] {
  const out: FindingInput<'openSegment'>[] = [];
  for (const { role, trust } of otherIssuerTrusts(ctx)) {
    for (const scope of grammarScopesToReport(trust.grammar, dimension)) {
      const seg = trust.profile.grammar!.segments[scope.segment];
      if (seg?.fixedByIssuer) continue;
      if (seg?.outsiderOnly && !seg.outsiders.includes(scope.witness.values[scope.segment])) continue;
      const witness = grammarWitness(trust, scope.witness);
      out.push({
        messageId: 'openSegment',
        data: {
          role: role.label,
          issuer: trust.profile.name,
          noun: nounOf(trust, scope),
          pattern: showValue(scope.value) || '(no positive sub value)',
          example: witness.note ?? witness.sub ?? '',
          consequence: seg?.consequence ?? 'tokens the role was not meant for get its credentials',
        },
        severity: seg?.severity ?? 'high',
        ...placeOf(scope.value, scope.condition, scope.statement),
        witness,
        fix: `Pin the ${nounOf(trust, scope)}: ${trust.profile.exampleSub} (${trust.profile.docs})`,
        callChain: role.callChain,
        resource: role.address ?? role.id,
      });
    }
  }
  return out;
}
