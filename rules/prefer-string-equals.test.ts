import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './prefer-string-equals.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const EXACT = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const DEV = 'organization:acme:project:infra:workspace:dev:run_phase:apply';

ruleTester(rule, {
  valid: [
    { name: 'StringEquals', shapes: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT } } } },
    {
      name: 'StringLike with a wildcard in one of its values',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': [EXACT, 'organization:acme:project:infra:workspace:dev-*:run_phase:apply'] },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'StringLike with an exact sub',
      shapes: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': EXACT } } },
      errors: [
        {
          messageId: 'noWildcard',
          text: `"${EXACT}"`,
          severity: 'low',
          says: ['", which has no wildcard: StringEquals matches the same tokens and states that only this value is meant'],
        },
      ],
    },
    {
      name: 'StringLike with several exact sub values speaks of them in the plural',
      shapes: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': [EXACT, DEV] } } },
      errors: [
        {
          messageId: 'noWildcard',
          text: /^"app\.terraform\.io:sub"[^\]]*"organization:acme:project:infra:workspace:dev:run_phase:apply"(\s|\\n)*\]$/,
          says: [
            'workspace:dev:run_phase:apply", which have no wildcard: StringEquals matches the same tokens and states that only these values are meant',
          ],
        },
      ],
    },
    {
      name: 'StringLike with an exact aud',
      shapes: {
        conditions: {
          StringLike: {
            'app.terraform.io:aud': 'aws.workload.identity',
            'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply',
          },
        },
      },
      errors: [{ messageId: 'noWildcard', text: '"aws.workload.identity"' }],
    },
  ],
});
