// dormant-provider-trust judges live roles only: it fires for a live role whose provider is
// missing and stays quiet for code (the provider may be in another state) and for a provider
// that exists. Live cases run the account details through what --aws runs (scanDetails); the
// whole --aws path against the local IAM endpoint is in test/fix-provider.test.ts.
import type { AccountDetails } from '../src/fix/live.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './dormant-provider-trust.js';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io';
const trust = (sub?: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', ...(sub ? { 'app.terraform.io:sub': sub } : {}) } },
      },
    ],
  });

/** An account with these roles (trust documents URL-encoded, as the IAM API returns them) and providers. */
function account(roles: { name: string; trust: string }[], providers: string[]): AccountDetails {
  return {
    roles: roles.map((r) => ({
      RoleName: r.name,
      Arn: `arn:aws:iam::123456789012:role/${r.name}`,
      Path: '/',
      AssumeRolePolicyDocument: encodeURIComponent(r.trust),
    })),
    policies: [],
    providers: providers.map((arn) => ({
      arn,
      url: arn.replace(/^.*oidc-provider\//, ''),
      host: arn.replace(/^.*oidc-provider\//, ''),
      clientIds: ['aws.workload.identity'],
      thumbprints: [],
    })),
  };
}

const PINNED = 'organization:a:project:b:workspace:c:run_phase:apply';

ruleTester(rule, {
  valid: [
    { name: 'a live role whose provider exists', live: account([{ name: 'old', trust: trust() }], [PROVIDER]) },
    { name: 'an IAM JSON file: the provider may be managed elsewhere', code: trust(PINNED), file: 'trust.json' },
  ],
  invalid: [
    {
      name: 'a live role whose provider does not exist and that has no sub condition: high',
      live: account([{ name: 'old', trust: trust() }], []),
      errors: [
        {
          messageId: 'dormant',
          line: 1,
          column: 1,
          file: 'arn:aws:iam::123456789012:role/old',
          severity: 'high',
          says: [
            `Role "old" trusts OIDC provider ${PROVIDER}, which does not exist in the account: the role is dormant, and comes back with this trust, which has no sub condition, as soon as someone creates that provider`,
          ],
        },
      ],
    },
    {
      name: 'with a sub condition: medium',
      live: account([{ name: 'pinned', trust: trust(PINNED) }], []),
      errors: [{ messageId: 'dormant', line: 1, column: 1, file: 'arn:aws:iam::123456789012:role/pinned', severity: 'medium' }],
    },
  ],
});
