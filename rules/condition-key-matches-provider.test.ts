import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './condition-key-matches-provider.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

ruleTester(rule, {
  valid: [
    {
      name: 'the provider host',
      shapes: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB } } },
    },
    {
      name: 'the provider host in another case (keys are case-insensitive)',
      shapes: { conditions: { StringEquals: { 'APP.Terraform.io:aud': 'aws.workload.identity', 'App.Terraform.IO:sub': SUB } } },
    },
    {
      // A global key such as aws:SecureTransport is a condition on the caller's request, not a key of the issuer.
      name: 'a global key',
      shapes: {
        conditions: {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'https:// in the sub key under StringEquals fails closed: the role can never be assumed',
      shapes: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'https://app.terraform.io:sub': SUB } } },
      errors: [
        {
          messageId: 'failsClosed',
          text: '"https://app.terraform.io:sub"',
          says: ['https://', 'the role can never be assumed'],
          witness: { kind: 'rejected', sub: new RegExp(`^${SUB}$`) },
        },
      ],
    },
    {
      name: 'a trailing slash in the aud key fails closed',
      shapes: { conditions: { StringEquals: { 'app.terraform.io/:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB } } },
      errors: [{ messageId: 'failsClosed', severity: 'high', text: '"app.terraform.io/:aud"' }],
    },
    {
      name: 'StringLikeIfExists on a misspelt sub key fails open: any organization gets in',
      shapes: {
        conditions: {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLikeIfExists: { 'https://app.terraform.io:sub': 'organization:acme:*' },
        },
      },
      errors: [
        {
          messageId: 'failsOpen',
          text: '"https://app.terraform.io:sub"',
          severity: 'critical',
          witness: { kind: 'accepted', sub: /^organization:attacker-org:/ },
        },
      ],
    },
    {
      name: 'another TFE host in one key next to the right one',
      shapes: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'tfe.example.com:sub': SUB } } },
      errors: [{ messageId: 'failsClosed', text: '"tfe.example.com:sub"', says: ['it names tfe.example.com'] }],
    },
  ],
});
