import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './no-wildcard-in-string-equals.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };

ruleTester(rule, {
  valid: [
    {
      name: 'exact values',
      shapes: {
        conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } },
      },
    },
    {
      name: 'wildcards under StringLike',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' },
        },
      },
    },
  ],
  invalid: [
    {
      name: 'a * under StringEquals in the only sub value: the role can never be assumed',
      shapes: {
        conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' } },
      },
      errors: [
        {
          messageId: 'literal',
          text: '"organization:acme:project:infra:workspace:*:run_phase:apply"',
          says: ['the role can never be assumed'],
          witness: { kind: 'rejected', sub: /^organization:acme:project:infra:workspace:[^*:]+:run_phase:apply$/ },
        },
      ],
    },
    {
      name: 'a ? next to a working value: this value admits nothing',
      shapes: {
        conditions: {
          StringEquals: {
            ...AUD,
            'app.terraform.io:sub': [
              'organization:acme:project:infra:workspace:prod:run_phase:apply',
              'organization:acme:project:infra:workspace:dev-?:run_phase:apply',
            ],
          },
        },
      },
      errors: [
        {
          messageId: 'literal',
          severity: 'high',
          text: '"organization:acme:project:infra:workspace:dev-?:run_phase:apply"',
          says: ['this value admits nothing'],
        },
      ],
    },
    {
      name: 'a * under StringNotEquals in a Deny-less Allow excludes nothing',
      shapes: {
        conditions: {
          StringEquals: AUD,
          StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' },
          StringNotEquals: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:sandbox-*:run_phase:apply' },
        },
      },
      errors: [
        {
          messageId: 'literalExclusion',
          text: '"organization:acme:project:infra:workspace:sandbox-*:run_phase:apply"',
          witness: { kind: 'accepted', sub: /workspace:sandbox-/ },
        },
      ],
    },
  ],
});
