// With --online: the provider's thumbprint_list must hold the thumbprint of the top certificate the
// issuer host serves today (OidcProvider.live, read by src/online before the rules run).
import { knownString } from '../src/core/value.js';
import { defineRule } from '../src/model/rule.js';
import type { LiveChain, OidcProvider } from '../src/model/types.js';
import { analyzeOptionsOf, classifyIssuer, trustsFor } from '../src/trust/index.js';

const known = (p: OidcProvider) => p.thumbprints.map((t) => knownString(t)?.toLowerCase());

/** "the leaf certificate", "the root CA" ... for a listed thumbprint that is in the chain but not on top. */
function roleInChain(chain: LiveChain, sha1: string): string | undefined {
  const i = chain.certificates.findIndex((c) => c.sha1 === sha1);
  if (i < 0) return undefined;
  return i === 0 ? 'the leaf certificate (it changes at every renewal)' : `"${chain.certificates[i].subject}", not the top of the chain`;
}

export default defineRule({
  meta: {
    id: 'thumbprint-current',
    description:
      'With --online, the thumbprint_list of an HCP Terraform OIDC provider holds the thumbprint of the top certificate its host serves today.',
    severity: 'high',
    severities: {
      high: 'for a host whose chain is not publicly trusted (Terraform Enterprise on a private CA)',
      low: 'for a publicly trusted host such as `app.terraform.io`',
      info: 'when the host could not be reached',
    },
    messages: {
      stale:
        'thumbprint_list of the provider for {{host}} does not hold the current thumbprint {{current}} (of "{{subject}}", the top of the chain {{host}} serves, valid until {{notAfter}}){{listed}}{{impact}}',
      unreachable: 'Could not read the certificate chain of {{host}} ({{error}}): whether thumbprint_list is current was not checked',
    },
    tags: ['provider', 'online'],
  },
  check({ project, report, settings }) {
    const used = new Set(trustsFor({ project, settings }).map(({ trust }) => trust.provider));
    for (const provider of project.providers) {
      const chain = provider.live;
      if (!chain || !(used.has(provider) || classifyIssuer(provider.host, [], analyzeOptionsOf(settings)).terraform)) continue;
      const base = { callChain: provider.callChain, resource: provider.address ?? provider.id };
      const top = chain.certificates.at(-1);
      if (chain.error || !top) {
        report({
          messageId: 'unreachable',
          data: { host: chain.host, error: chain.error ?? 'no certificate served' },
          severity: 'info',
          range: provider.url?.range ?? provider.range,
          ...base,
        });
        continue;
      }
      const listed = known(provider);
      // A value computed at apply (data.tls_certificate) is re-read every apply; no list at all is valid-thumbprint's concern.
      if (listed.length === 0 || listed.includes(undefined) || listed.includes(top.sha1)) continue;
      const others = listed.map((t) => t && roleInChain(chain, t)).filter((x): x is string => !!x);
      report({
        messageId: 'stale',
        data: {
          host: chain.host,
          current: top.sha1,
          subject: top.subject,
          notAfter: top.notAfter.slice(0, 10),
          listed: others.length ? `; the list holds the thumbprint of ${others.join(' and ')}` : '',
          impact: chain.trustedPublicly
            ? ` (AWS checks ${chain.host} against its trusted root CAs, so this is hygiene)`
            : `: the chain is not publicly trusted (${chain.untrustedReason ?? 'private CA'}), so AWS relies on the thumbprint and every run fails to authenticate`,
        },
        severity: chain.trustedPublicly ? 'low' : 'high',
        range: provider.thumbprints[0]?.range ?? provider.thumbprintList?.range ?? provider.range,
        origins: provider.thumbprints[0]?.origins,
        related: [
          {
            message: `provider URL ${chain.host}${chain.proxy ? ` (read through proxy ${chain.proxy})` : ''}`,
            range: provider.url?.range ?? provider.range,
          },
        ],
        ...base,
        fix: `thumbprint_list = ["${top.sha1}"], or [data.tls_certificate.x.certificates[0].sha1_fingerprint] to re-read it on every apply`,
      });
    }
  },
});
