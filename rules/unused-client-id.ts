// A client ID of an HCP Terraform provider that no role trusting the provider accepts in its `aud`
// condition: STS accepts tokens for that audience, yet nothing here is meant to use it. Either a
// leftover (an audience anyone could later start trusting by mistake) or a typo next to the real one.
import { defineRule } from '../src/model/rule.js';
import type { OidcProvider } from '../src/model/types.js';
import { knownString } from '../src/core/value.js';
import { roleTrustsFor, terraformProviders, trustAcceptsAudience } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'unused-client-id',
    description: 'Every client ID of an HCP Terraform OIDC provider should be an audience that some role trusting the provider accepts.',
    severity: 'low',
    messages: {
      unused:
        'Client ID "{{id}}" of the provider for {{host}} is accepted by no role that trusts it ({{roles}}): STS still accepts tokens for this audience, so a role that later omits its aud condition lets them in',
    },
    tags: ['provider'],
  },
  check({ project, report, settings }) {
    const trusts = roleTrustsFor({ project, settings });
    const issuersOf = (p: OidcProvider) =>
      trusts.flatMap((rt) =>
        rt.issuers
          .filter((i) => i.provider === p || (!i.provider && !!p.host && i.host === p.host))
          .map((trust) => ({ role: rt.role, trust })),
      );
    for (const provider of terraformProviders({ project, settings })) {
      const users = issuersOf(provider);
      // No role in the scan trusts it: the roles may live elsewhere, so there is nothing to compare.
      if (!users.length) continue;
      const roles = [...new Set(users.map((u) => u.role.label))];
      for (const v of provider.clientIds) {
        const id = knownString(v);
        if (id === undefined) continue;
        // Unknown (an aud from a variable without a value) counts as accepting: never guess a finding.
        if (users.some(({ trust }) => trustAcceptsAudience(trust, id) !== false)) continue;
        report({
          messageId: 'unused',
          data: {
            id,
            host: provider.host ?? 'the issuer',
            roles:
              roles
                .slice(0, 3)
                .map((r) => `"${r}"`)
                .join(', ') + (roles.length > 3 ? `, +${roles.length - 3} more` : ''),
          },
          range: v.range ?? provider.clientIdList?.range ?? provider.range,
          ...(v.origins?.length ? { origins: v.origins } : {}),
          callChain: provider.callChain,
          fix: `Remove "${id}" from client_id_list, or accept it in the aud condition of the role meant to use it`,
          resource: provider.address ?? provider.id,
        });
      }
    }
  },
});
