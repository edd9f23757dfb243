// An Allow statement for an HCP Terraform provider with no condition on the `sub` claim: any
// organization's runs can assume the role.
import { defineRule } from '../src/engine/rule.js';
import { pinSubFix, placeOf, subKey, trustsFor, witnessOf } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'require-sub-condition',
    description: 'A trust statement for HCP Terraform must restrict the `sub` claim, or every organization on the issuer can assume the role.',
    severity: 'critical',
    messages: {
      noSub:
        'Role "{{role}}" trusts {{issuer}} tokens without any condition on {{key}}: a run in any organization, including one an attacker creates, can assume it',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      for (const { statement, witness } of trust.unrestricted) {
        const place = placeOf(undefined, statement.conditions[0], statement);
        report({
          messageId: 'noSub',
          data: { role: role.label, issuer: trust.profile.name, key: subKey(trust) },
          range: statement.range,
          ...(place.origins ? { origins: place.origins } : {}),
          witness: witnessOf(trust, witness),
          fixData: pinSubFix(trust, undefined),
          fix: `Add "StringLike": {"${subKey(trust)}": "organization:<your org>:project:<project>:workspace:<workspace>:run_phase:apply"}`,
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
  },
});
