// `*` or `?` under StringEquals: IAM compares them literally and no HCP Terraform name can hold
// them, so the value admits no run (or, under StringNotEquals, excludes none).
import { defineRule } from '../src/model/rule.js';
import { classifyKey, intendedClaim, operatorInfo, placeOf, rejectedWitness, trustsFor, tryClaim, witnessOf } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'no-wildcard-in-string-equals',
    description:
      'A `*` or `?` in a `sub` or `aud` value under StringEquals is a literal character: no token matches it, so the role silently rejects the runs it was written for.',
    severity: 'high',
    messages: {
      literal:
        'Role "{{role}}" compares {{key}} with "{{value}}" under {{operator}}, which takes {{chars}} literally: no run\'s token matches it, so {{consequence}}',
      literalExclusion:
        'Role "{{role}}" excludes "{{value}}" with {{operator}}, which takes {{chars}} literally: it excludes nothing, and the runs it was meant to keep out get in',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      for (const { statement, subConditions } of trust.statements) {
        for (const c of statement.conditions) {
          const op = operatorInfo(c.op);
          if (!op.known || (!/^StringEquals/.test(op.base) && !/^StringNotEquals/.test(op.base))) continue;
          const key = classifyKey(c, trust);
          if (key.kind !== 'claim') continue;
          for (const v of c.values) {
            const t = trust.opaque.of(v);
            if (!t || t.fullyUnknown) continue;
            const chars = [...new Set(t.text.match(/[*?]/g) ?? [])];
            if (!chars.length) continue;
            // An audience may be any string: only a value that is not one of the provider's client IDs is a mistake.
            if (key.claim === 'aud' && trust.provider?.clientIds.some((id) => id.kind === 'string' && id.value === t.text)) continue;
            const common = {
              data: {
                role: role.label,
                key: key.text,
                value: trust.opaque.show(t.text),
                operator: c.operator,
                chars: chars.map((x) => `"${x}"`).join(' and '),
              },
              ...placeOf(v, c, statement),
              callChain: role.callChain,
              resource: role.address ?? role.id,
            };
            const meant = key.claim === 'sub' ? intendedClaim(t.text, true) : undefined;
            if (op.negated) {
              const got = meant ? tryClaim(trust, meant) : false;
              if (typeof got !== 'object') continue;
              report({
                ...common,
                messageId: 'literalExclusion',
                witness: witnessOf(trust, got),
                fix: `Use ${c.operator.replace(/Equals/, 'Like')} to exclude by pattern`,
              });
              continue;
            }
            const others = (trust.search?.accepted ?? []).length > 0 || subConditions.length === 0;
            report({
              ...common,
              data: { ...common.data, consequence: others ? 'this value admits nothing' : 'the role can never be assumed' },
              messageId: 'literal',
              ...(meant ? { witness: rejectedWitness(trust, meant) } : {}),
              // The plain operator: IfExists and set qualifiers on sub/aud are their own finding
              // (no-vacuous-condition says to drop them), so the advice must not bring them back.
              fix: `Write the exact ${key.claim} value, or use ${op.base.replace(/Equals/, 'Like')} if the wildcard is meant (then check what it admits)`,
            });
          }
        }
      }
    }
  },
});
