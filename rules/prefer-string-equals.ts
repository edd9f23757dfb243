// StringLike with no wildcard in any value: StringEquals says the same and a later edit cannot
// widen it by accident.
import { defineRule } from '../src/model/rule.js';
import { classifyKey, operatorInfo, stringEqualsFix, trustsFor } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'prefer-string-equals',
    description:
      'A StringLike condition whose values have no wildcard should be StringEquals: exact matching states the intent and cannot be widened by accident.',
    severity: 'low',
    messages: {
      noWildcard:
        '{{operator}} on {{key}} with {{values}}, which {{has}} no wildcard: StringEquals matches the same tokens and states that only {{these}} meant',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      for (const { statement } of trust.statements) {
        for (const c of statement.conditions) {
          const op = operatorInfo(c.op);
          if (op.base !== 'StringLike' || op.negated || !c.values.length) continue;
          const key = classifyKey(c, trust);
          if (key.kind === 'unknown') continue;
          const texts = c.values.map((v) => trust.opaque.of(v));
          // An unknown part could hold a wildcard: say nothing.
          if (texts.some((t) => !t || /[*?\ue000-\uf8ff]/.test(t.text))) continue;
          const one = c.values.length === 1 ? c.values[0] : undefined;
          report({
            messageId: 'noWildcard',
            data: {
              operator: c.operator,
              key: key.text,
              values: texts.map((t) => `"${t!.text}"`).join(', '),
              has: one ? 'has' : 'have',
              these: one ? 'this value is' : 'these values are',
            },
            range: one?.range ?? c.range,
            ...(one?.origins?.length ? { origins: one.origins } : {}),
            fixData: stringEqualsFix(c, statement),
            fix: `Use "${c.operator.replace('StringLike', 'StringEquals')}"`,
            callChain: role.callChain,
            resource: role.address ?? role.id,
          });
        }
      }
    }
  },
});
