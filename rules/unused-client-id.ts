// A client ID of an HCP Terraform provider that no role trusting the provider accepts in its `aud`
// condition: STS accepts tokens for that audience, yet nothing here is meant to use it. Either a
// leftover (an audience anyone could later start trusting by mistake) or a typo next to the real one.
import { defineRule } from '../src/model/rule.js';
import type { OidcProvider } from '../src/model/types.js';
import type { Value } from '../src/core/value.js';
import { and3, conditionHolds, type IssuerTrust, or3, roleTrustsFor, terraformProviders, type Tri } from '../src/trust/index.js';

function knownId(v: Value): string | undefined {
  return v.kind === 'string' && !v.segments?.some((s) => s.unknown) ? v.value : undefined;
}

/** Does any Allow statement of this issuer let a token with this audience through its `aud` conditions? */
function accepts(trust: IssuerTrust, aud: string): Tri {
  const ctx = trust.evaluation?.ctx;
  if (!ctx) return 'unknown';
  let r: Tri = false;
  for (const t of trust.statements) {
    // No `aud` condition: every client ID of the provider gets in (require-aud-condition says so).
    r = or3(r, t.audConditions.reduce<Tri>((acc, c) => and3(acc, conditionHolds(c, { aud }, ctx)), true));
    if (r === true) return r;
  }
  return r;
}

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
      trusts.flatMap((rt) => rt.issuers.filter((i) => i.provider === p || (!i.provider && !!p.host && i.host === p.host)).map((trust) => ({ role: rt.role, trust })));
    for (const provider of terraformProviders({ project, settings })) {
      const users = issuersOf(provider);
      // No role in the scan trusts it: the roles may live elsewhere, so there is nothing to compare.
      if (!users.length) continue;
      const roles = [...new Set(users.map((u) => u.role.label))];
      for (const v of provider.clientIds) {
        const id = knownId(v);
        if (id === undefined) continue;
        // Unknown (an aud from a variable without a value) counts as accepting: never guess a finding.
        if (users.some(({ trust }) => accepts(trust, id) !== false)) continue;
        report({
          messageId: 'unused',
          data: { id, host: provider.host ?? 'the issuer', roles: roles.slice(0, 3).map((r) => `"${r}"`).join(', ') + (roles.length > 3 ? `, +${roles.length - 3} more` : '') },
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
