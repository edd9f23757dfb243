// Offline checks of an HCP Terraform provider's thumbprint_list: format, count, duplicates, literals.
import { hasUnknownRun } from '../src/core/value.js';
import { defineRule } from '../src/model/rule.js';
import { UNKNOWN_ISSUER, profileOfHost, terraformProviders } from '../src/trust/index.js';

const HEX40 = /^[0-9a-fA-F]{40}$/;
const MAX_THUMBPRINTS = 5;

export default defineRule({
  meta: {
    id: 'valid-thumbprint',
    description:
      'The thumbprint_list of an OIDC provider (HCP Terraform or any other issuer) holds at most five distinct 40-hex-digit SHA-1 fingerprints, preferably read from the live chain.',
    severity: 'medium',
    severities: {
      medium: 'for a malformed list and a hard-coded thumbprint of a Terraform Enterprise host',
      low: 'for other hard-coded thumbprints',
      info: 'for a thumbprint AWS does not use for the issuer',
    },
    messages: {
      malformed: 'Thumbprint "{{value}}" is not a SHA-1 fingerprint (40 hexadecimal digits): IAM rejects the provider',
      tooMany: 'The provider lists {{count}} thumbprints; IAM accepts at most 5',
      duplicate: 'Thumbprint "{{value}}" is listed twice; IAM rejects duplicate thumbprints',
      hardCoded: 'Thumbprint "{{value}}" is hard-coded: it goes stale when {{host}} changes its certificate chain{{impact}}',
      ignored:
        'Thumbprint "{{value}}" is hard-coded for {{issuer}} ({{host}}); AWS verifies this issuer with its trusted root CAs and no longer uses the thumbprint, so the value is only clutter that goes stale',
      mixed:
        'Thumbprint "{{value}}" is hard-coded next to one read from the live certificate chain: the computed one follows {{host}}, the literal goes stale{{impact}}',
    },
    tags: ['provider'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    const terraform = new Set(terraformProviders({ project, settings }));
    for (const provider of project.providers) {
      const isTerraform = terraform.has(provider);
      const profile = isTerraform ? undefined : ((provider.host ? profileOfHost(provider.host) : undefined) ?? UNKNOWN_ISSUER);
      const computed =
        provider.thumbprintList?.kind === 'unknown'
          ? false
          : provider.thumbprints.some((t) => t.kind === 'unknown' || (t.kind === 'string' && hasUnknownRun(t)));
      const base = { callChain: provider.callChain, resource: provider.address ?? provider.id };
      const listRange = provider.thumbprintList?.range ?? provider.range;
      if (provider.thumbprints.length > MAX_THUMBPRINTS) {
        report({
          messageId: 'tooMany',
          data: { count: provider.thumbprints.length },
          range: listRange,
          ...base,
          fix: 'Keep at most five thumbprints',
        });
      }
      // Plan, IAM JSON and live input hold values IAM already took: only code gets the literal note.
      const fromCode = provider.input === 'hcl' || provider.input === 'tf-json';
      let notedLiteral = false;
      const seen = new Map<string, number>();
      for (const t of provider.thumbprints) {
        if (t.kind !== 'string' || hasUnknownRun(t)) continue;
        const range = t.range ?? listRange;
        if (!HEX40.test(t.value)) {
          report({
            messageId: 'malformed',
            data: { value: t.value },
            range,
            origins: t.origins,
            ...base,
            fix: 'Use the 40-hex-digit SHA-1 fingerprint of the certificate',
          });
          continue;
        }
        const key = t.value.toLowerCase();
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (seen.get(key) === 2) {
          report({ messageId: 'duplicate', data: { value: t.value }, range, ...base, fix: 'List each thumbprint once' });
        }
        if (fromCode && !notedLiteral && computed) {
          notedLiteral = true;
          const ignored = isTerraform ? provider.host === 'app.terraform.io' : !!profile?.thumbprintIgnored;
          report({
            messageId: 'mixed',
            data: {
              value: t.value,
              host: provider.host ?? 'the issuer',
              impact: ignored
                ? ' (AWS no longer uses thumbprints for this issuer)'
                : ': on a private CA, authentication then depends on which one IAM checks',
            },
            severity: ignored ? 'info' : 'low',
            range,
            origins: t.origins,
            ...base,
            fix: 'Keep only the computed thumbprint (data.tls_certificate.<name>.certificates[0].sha1_fingerprint)',
          });
        }
        if (fromCode && !notedLiteral && profile) {
          notedLiteral = true;
          if (profile.thumbprintIgnored) {
            report({
              messageId: 'ignored',
              data: { value: t.value, issuer: profile.name, host: provider.host ?? 'the issuer' },
              severity: 'info',
              range,
              origins: t.origins,
              ...base,
              fix: 'Drop thumbprint_list (optional in the AWS provider since late 2024) or read it with data.tls_certificate',
            });
          } else {
            report({
              messageId: 'hardCoded',
              data: {
                value: t.value,
                host: provider.host ?? 'the issuer',
                impact: ': if its certificate is not publicly trusted, authentication then fails',
              },
              severity: 'low',
              range,
              origins: t.origins,
              ...base,
              fix: 'thumbprint_list = [data.tls_certificate.<name>.certificates[0].sha1_fingerprint] re-reads the chain on every apply',
            });
          }
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
