// A live role whose trust names an OIDC provider that does not exist in its account is dormant:
// no token reaches it today, and it comes back, with exactly this trust, as soon as someone
// creates that provider (a Terraform apply, `--fix`, a console click). Only a live scan (--aws)
// sees every provider of the account, so only live roles are judged.
import { defineRule } from '../src/model/rule.js';
import { accountOfArn, effectiveStatements } from '../src/trust/index.js';

const PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/(.+)$/i;

export default defineRule({
  meta: {
    id: 'dormant-provider-trust',
    description:
      'A live role must not trust an OIDC provider that does not exist: it is dormant, and comes back with that trust when someone creates the provider.',
    severity: 'medium',
    severities: { high: 'when the statement has no `sub` condition' },
    messages: {
      dormant:
        'Role "{{role}}" trusts OIDC provider {{provider}}, which does not exist in the account: the role is dormant, and comes back with this trust{{loose}} as soon as someone creates that provider',
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report }) {
    const existing = new Set(project.providers.flatMap((p) => (p.arn ? [p.arn.toLowerCase()] : [])));
    for (const role of project.roles) {
      if (role.input !== 'aws' || !role.trust) continue;
      const account = accountOfArn(role.arn);
      const seen = new Set<string>();
      for (const st of effectiveStatements(role.trust)) {
        if (st.effect !== 'Allow') continue;
        for (const p of st.principals ?? []) {
          if (p.type !== 'Federated') continue;
          for (const v of p.values) {
            if (v.kind !== 'string') continue;
            const arn = v.value;
            const m = PROVIDER_ARN.exec(arn);
            if (!m || (account && m[1] !== account) || existing.has(arn.toLowerCase()) || seen.has(arn.toLowerCase())) continue;
            seen.add(arn.toLowerCase());
            const host = m[2].toLowerCase();
            const hasSub = st.conditions.some((c) => c.key.kind === 'string' && c.key.value.toLowerCase() === `${host}:sub`);
            report({
              messageId: 'dormant',
              severity: hasSub ? 'medium' : 'high',
              data: { role: role.label, provider: arn, loose: hasSub ? '' : ', which has no sub condition,' },
              range: p.range ?? role.trust.range,
              fix: `Delete the role, or remove the statement that names ${host}; if the provider should exist, narrow the trust before creating it`,
              resource: role.address ?? role.id,
            });
          }
        }
      }
    }
  },
});
