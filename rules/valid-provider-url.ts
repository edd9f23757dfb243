// The URL of an HCP Terraform / Terraform Enterprise OIDC provider: IAM wants `https://<host>` with
// no port, query or trailing slash, and the token's `iss` has no path, so anything else either
// fails at apply or makes every run's token name an issuer IAM has no provider for.
import { defineRule } from '../src/model/rule.js';
import type { Origin, Value } from '../src/core/value.js';
import { placeName } from '../src/core/source.js';
import { analyzeOptionsOf, classifyIssuer, normalizeHost, terraformProviders } from '../src/trust/index.js';

/** Where the URL's parts came from (variable defaults, tfvars, module inputs), first seen first. */
export function urlOrigins(url: Value | undefined): Origin[] | undefined {
  if (!url) return undefined;
  const all = [...(url.origins ?? []), ...(url.kind === 'string' ? (url.segments ?? []).flatMap((s) => s.origins ?? []) : [])];
  const seen = new Set<string>();
  const out = all.filter((o) => {
    const k = `${o.kind}|${o.name}|${o.range && placeName(o.range)}:${o.range?.start.offset}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out.length ? out : undefined;
}

export default defineRule({
  meta: {
    id: 'valid-provider-url',
    description:
      'The URL of an HCP Terraform OIDC provider is `https://<host>` with no port, path, query or trailing slash, and names a host the team trusts.',
    severity: 'high',
    messages: {
      urlProblem: 'The URL of the OIDC provider for {{host}} is not what IAM and the token issuer expect: {{problem}}',
      hasPath:
        'The URL of the OIDC provider for {{host}} has the path "{{path}}": {{name}} tokens carry iss = https://{{bare}}, so IAM finds no provider for them and every run fails to authenticate',
      unexpectedHost:
        'The OIDC provider trusts {{host}}, which is not one of the HCP Terraform hostnames the configuration lists ({{hostnames}}): tokens of that issuer can reach the roles that trust this provider',
    },
    tags: ['provider'],
  },
  check({ project, report, settings }) {
    const options = analyzeOptionsOf(settings);
    const expected = (settings.hostnames ?? []).map(normalizeHost);
    for (const provider of terraformProviders({ project, settings })) {
      const host = provider.host ?? 'an unknown host';
      const range = provider.url?.range ?? provider.range;
      const origins = urlOrigins(provider.url);
      const base = { range, ...(origins ? { origins } : {}), callChain: provider.callChain, resource: provider.address ?? provider.id };
      const bare = host.split('/')[0];
      for (const p of provider.urlProblems ?? []) {
        report({
          ...base,
          range: p.range,
          messageId: 'urlProblem',
          data: { host: bare, problem: p.message },
          fix: `url = "https://${bare}"`,
        });
      }
      // The model keeps a path (EKS and Entra ID issuers have one); HCP Terraform's issuer never does.
      const slash = provider.host?.indexOf('/') ?? -1;
      if (provider.host && slash >= 0) {
        const profile = classifyIssuer(bare, [], options);
        const name = profile.terraform ? profile.name : 'Terraform Enterprise';
        report({
          ...base,
          messageId: 'hasPath',
          data: { host: bare, path: provider.host.slice(slash), bare, name },
          fix: `url = "https://${bare}"`,
        });
      }
      // The team's stated hostnames (config) against the host the provider actually names.
      if (expected.length && provider.host && !expected.includes(bare)) {
        report({
          ...base,
          messageId: 'unexpectedHost',
          data: { host: bare, hostnames: expected.join(', ') },
          fix: `Point the provider at ${expected.length === 1 ? expected[0] : 'one of the listed hosts'}, or add ${bare} to "hostnames" in the configuration`,
        });
      }
    }
  },
});
