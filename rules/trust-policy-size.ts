// A trust policy longer than IAM's quota (2,048 characters without whitespace by default, 4,096
// at most): IAM rejects it, so the apply fails. Teams with a raised quota set `maxCharacters`.
import { defineRule } from '../src/model/rule.js';
import { TRUST_POLICY_HARD_LIMIT, policySize, webIdentityRoles } from '../src/trust/index.js';

const DEFAULT_QUOTA = 2048;
const HARD_LIMIT = TRUST_POLICY_HARD_LIMIT;

export default defineRule({
  meta: {
    id: 'trust-policy-size',
    description:
      "A rendered trust policy must stay within IAM's size quota: 2,048 characters without whitespace unless raised, 4,096 at most.",
    severity: 'medium',
    severities: { high: 'past 4,096 characters' },
    messages: {
      overQuota:
        'The trust policy of role "{{role}}" is {{size}} characters without whitespace; IAM accepts {{limit}} unless the account\'s quota was raised (4,096 at most), so the apply fails',
      overHardLimit:
        'The trust policy of role "{{role}}" is {{size}} characters without whitespace; IAM never accepts more than 4,096, so the apply fails',
    },
    tags: ['trust'],
  },
  check({ project, report, options, settings }) {
    const configured = typeof options.maxCharacters === 'number' ? options.maxCharacters : DEFAULT_QUOTA;
    const limit = Math.min(HARD_LIMIT, Math.max(1, configured));
    for (const role of webIdentityRoles({ project, settings })) {
      if (!role.trust) continue;
      const size = policySize(role.trust.value);
      if (size.chars <= limit) continue;
      const hard = size.chars > HARD_LIMIT;
      report({
        messageId: hard ? 'overHardLimit' : 'overQuota',
        severity: hard ? 'high' : 'medium',
        data: {
          role: role.label,
          size: `${size.lowerBound ? 'at least ' : ''}${size.chars.toLocaleString('en-US')}`,
          limit: limit.toLocaleString('en-US'),
        },
        range: role.trust.range,
        fix: 'Merge sub values into fewer StringLike patterns, split the workspaces across roles, or raise the "Role trust policy length" quota',
        callChain: role.callChain,
        resource: role.address ?? role.id,
      });
    }
  },
});
