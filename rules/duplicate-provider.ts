// Two OIDC providers for the same URL in one AWS account: IAM keeps one provider per URL, so
// creating the second fails (EntityAlreadyExists) and the apply stops half done.
import { defineRule } from '../src/model/rule.js';
import type { OidcProvider } from '../src/model/types.js';
import { unitOf } from '../src/model/link.js';
import { placeName, startOffsetOf } from '../src/core/source.js';
import { accountOfArn, terraformProviders } from '../src/trust/index.js';

/** `module.a[0].module.b["x"].aws_iam_openid_connect_provider.tfc[1]` → `module.a.module.b`: every instance of one call shares its provider configuration. */
function moduleOf(address: string): string {
  const at = address.lastIndexOf('aws_iam_openid_connect_provider.');
  return (at < 0 ? '' : address.slice(0, at)).replace(/\[[^\]]*\]/g, '').replace(/\.$/, '');
}

/**
 * Which account a provider lives in, as far as the model tells. IAM JSON and live input carry the
 * ARN (its account); without one, providers cannot be compared and get a scope of their own.
 * Terraform code and plans: one root module and one module call share one AWS provider
 * configuration, so one account (the model does not record `provider = aws.x` meta-arguments).
 */
function scopeOf(p: OidcProvider): string {
  if (p.input === 'iam-json' || p.input === 'aws') {
    const account = accountOfArn(p.arn);
    return account ? `account:${account}` : `alone:${p.id}`;
  }
  // A plan is one root module; a root module of code is the directory of its root file.
  const root = p.input === 'plan' ? placeName(p.range) : unitOf(p);
  return `code:${root}|${moduleOf(p.address ?? p.id)}`;
}

/** Both ARNs known and in different accounts: the code uses two AWS provider configurations. */
function differentAccounts(a: OidcProvider, b: OidcProvider): boolean {
  const x = accountOfArn(a.arn) ?? a.account?.id;
  const y = accountOfArn(b.arn) ?? b.account?.id;
  if (x && y) return x !== y;
  // Created through provider configurations that work in different accounts (an aliased provider
  // that assumes a role elsewhere); aliases for other regions share the default credentials.
  return !!a.account && !!b.account && a.account.key !== b.account.key;
}

const byPosition = (a: OidcProvider, b: OidcProvider) =>
  placeName(a.range).localeCompare(placeName(b.range)) || startOffsetOf(a.range) - startOffsetOf(b.range);

export default defineRule({
  meta: {
    id: 'duplicate-provider',
    description:
      'An AWS account holds one OIDC provider per URL; a second HCP Terraform provider for the same URL in the same account is rejected by IAM.',
    severity: 'medium',
    messages: {
      duplicate:
        'A second OIDC provider for https://{{host}} in {{where}}: IAM holds one provider per URL and account, so creating this one fails with EntityAlreadyExists ({{first}} already declares it)',
    },
    tags: ['provider'],
  },
  check({ project, report, settings }) {
    const groups = new Map<string, OidcProvider[]>();
    for (const p of terraformProviders({ project, settings })) {
      if (!p.host) continue;
      const key = `${scopeOf(p)}|${p.host}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    for (const [key, providers] of groups) {
      const sorted = [...providers].sort(byPosition);
      const kept: OidcProvider[] = [];
      for (const p of sorted) {
        // The same ARN seen twice (a list file and a get file, two exports) is one provider.
        if (p.arn && kept.some((k) => k.arn === p.arn)) continue;
        const first = kept.find((k) => !differentAccounts(k, p));
        kept.push(p);
        if (!first) continue;
        const account = accountOfArn(p.arn) ?? accountOfArn(first.arn);
        const where = account
          ? `account ${account}`
          : key.startsWith('code:')
            ? 'the same AWS provider configuration (one account)'
            : 'the same account';
        report({
          messageId: 'duplicate',
          data: { host: p.host!, where, first: first.address ?? first.id },
          range: p.range,
          ...(p.url?.origins?.length ? { origins: p.url.origins } : {}),
          related: [{ message: `the first provider for https://${p.host}`, range: first.range }],
          callChain: p.callChain,
          fix: `Declare the provider once and reference it (aws_iam_openid_connect_provider.x.arn) from every role, or look up an existing one with data "aws_iam_openid_connect_provider"`,
          resource: p.address ?? p.id,
        });
      }
    }
  },
});
