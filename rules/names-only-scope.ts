// A reminder, for teams that want it: on AWS the `sub` claim carries names only, and names can be
// renamed and re-registered by someone else.
import { defineRule } from '../src/model/rule.js';
import { placeOf, trustsFor, witnessOf } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'names-only-scope',
    description:
      'Explains that HCP Terraform trust on AWS rests on organization and workspace names, which can be renamed and re-registered.',
    severity: 'low',
    optIn: true,
    messages: {
      namesOnly:
        'Role "{{role}}" trusts organization "{{org}}"{{workspace}} by name, the only scope AWS can check: if the organization is deleted or renamed, whoever registers "{{org}}" next gets this role; a renamed workspace loses it and a new one with the old name gains it',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsFor({ project, settings })) {
      const org = trust.scopedNames.find((n) => n.dimension === 'organization');
      if (!org) continue;
      const ws = trust.scopedNames.find((n) => n.dimension === 'workspace' && n.value === org.value);
      const token = trust.search?.accepted.find((a) => a.value === org.value) ?? trust.search?.accepted[0];
      report({
        messageId: 'namesOnly',
        data: { role: role.label, org: org.name, workspace: ws ? ` and workspace "${ws.name}"` : '' },
        range: placeOf(org.value, org.condition, org.statement).range,
        ...(org.origins.length ? { origins: org.origins } : {}),
        ...(token ? { witness: witnessOf(trust, token) } : {}),
        fix: 'Keep organization names registered, restrict who may create workspaces, and review roles when renaming',
        callChain: role.callChain,
        resource: role.address ?? role.id,
      });
    }
  },
});
