// Offline checks of an HCP Terraform provider's thumbprint_list: format, count, duplicates, literals.
import { defineRule } from '../src/model/rule.js';
import { terraformProviders } from '../src/trust/index.js';

const HEX40 = /^[0-9a-fA-F]{40}$/;
const MAX_THUMBPRINTS = 5;

export default defineRule({
  meta: {
    id: 'valid-thumbprint',
    description: 'The thumbprint_list of an HCP Terraform OIDC provider holds at most five distinct 40-hex-digit SHA-1 fingerprints, preferably read from the live chain.',
    severity: 'medium',
    messages: {
      malformed: 'Thumbprint "{{value}}" is not a SHA-1 fingerprint (40 hexadecimal digits): IAM rejects the provider',
      tooMany: 'The provider lists {{count}} thumbprints; IAM accepts at most 5',
      duplicate: 'Thumbprint "{{value}}" is listed twice; IAM rejects duplicate thumbprints',
      hardCoded:
        'Thumbprint "{{value}}" is hard-coded: it goes stale when {{host}} changes its certificate chain{{impact}}',
    },
    tags: ['provider'],
  },
  check({ project, report, settings }) {
    for (const provider of terraformProviders({ project, settings })) {
      const base = { callChain: provider.callChain, resource: provider.address ?? provider.id };
      const listRange = provider.thumbprintList?.range ?? provider.range;
      if (provider.thumbprints.length > MAX_THUMBPRINTS) {
        report({ messageId: 'tooMany', data: { count: provider.thumbprints.length }, range: listRange, ...base, fix: 'Keep at most five thumbprints' });
      }
      // Plan, IAM JSON and live input hold values IAM already took: only code gets the literal note.
      const fromCode = provider.input === 'hcl' || provider.input === 'tf-json';
      let notedLiteral = false;
      const seen = new Map<string, number>();
      for (const t of provider.thumbprints) {
        if (t.kind !== 'string' || t.segments?.some((s) => s.unknown)) continue;
        const range = t.range ?? listRange;
        if (!HEX40.test(t.value)) {
          report({ messageId: 'malformed', data: { value: t.value }, range, origins: t.origins, ...base, fix: 'Use the 40-hex-digit SHA-1 fingerprint of the certificate' });
          continue;
        }
        const key = t.value.toLowerCase();
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (seen.get(key) === 2) {
          report({ messageId: 'duplicate', data: { value: t.value }, range, ...base, fix: 'List each thumbprint once' });
        }
        if (fromCode && !notedLiteral) {
          notedLiteral = true;
          const publicHost = provider.host === 'app.terraform.io';
          report({
            messageId: 'hardCoded',
            data: {
              value: t.value,
              host: provider.host ?? 'the issuer',
              impact: publicHost
                ? ' (AWS checks app.terraform.io against its trusted root CAs, so this is hygiene)'
                : ': for Terraform Enterprise on a private CA, every run then fails to authenticate',
            },
            severity: publicHost ? 'low' : 'medium',
            range,
            origins: t.origins,
            ...base,
            fix: 'thumbprint_list = [data.tls_certificate.tfc.certificates[0].sha1_fingerprint] re-reads the chain on every apply',
          });
        }
      }
    }
  },
});
