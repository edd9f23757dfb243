// A `sub` that pins a template placeholder (`YOUR_ORG_NAME`): the role trusts whoever registers
// or creates that name.
import { defineRule } from '../src/model/rule.js';
import { latentOf, pinSubFix, placeOf, placeholderMatch, trustsWithLatentFor } from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'no-placeholder-scope',
    description: 'The organization, project and workspace names in a `sub` condition must be real names, not template placeholders.',
    severity: 'high',
    messages: {
      placeholderOrganization:
        'The trust policy pins organization "{{name}}", a placeholder: the role trusts whoever registers an organization of that name',
      placeholderScope:
        'The trust policy pins {{dimension}} "{{name}}", a placeholder: anyone who can create a {{dimension}} of that name in the organization can assume the role',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsWithLatentFor({ project, settings })) {
      for (const n of trust.scopedNames) {
        if (!placeholderMatch(n.name)) continue;
        const place = placeOf(n.value, n.condition, n.statement);
        // Where the name is written: the variable default, tfvars line or local that first held
        // it (origins run in travel order), else its own characters in the policy.
        const written = n.origins.find((o) => o.range)?.range ?? n.nameRange;
        report({
          messageId: n.dimension === 'organization' ? 'placeholderOrganization' : 'placeholderScope',
          data: { name: n.name, dimension: n.dimension },
          range: place.range,
          ...(n.origins.length ? { origins: n.origins } : {}),
          ...(written ? { related: [{ message: `"${n.name}" is written here`, range: written }] } : {}),
          fixData: pinSubFix(trust, n.value),
          fix: `Set the real ${n.dimension} name${n.origins[0] ? ` (${n.origins[0].name})` : ''}`,
          callChain: role.callChain,
          resource: role.address ?? role.id,
          // On a latent copy (a statement another problem shuts today): "takes effect once …".
          ...latentOf(trust),
        });
      }
    }
  },
});
