import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };

firesOnEveryShape('no-wildcard-in-string-equals', [
  {
    name: 'a * under StringEquals in the only sub value: the role can never be assumed',
    spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' } } },
    at: 'workspace:*',
    messageId: 'literal',
    says: ['the role can never be assumed'],
    witness: { kind: 'rejected', sub: /^organization:acme:project:infra:workspace:[^*:]+:run_phase:apply$/ },
  },
  {
    name: 'a ? next to a working value: this value admits nothing',
    spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': ['organization:acme:project:infra:workspace:prod:run_phase:apply', 'organization:acme:project:infra:workspace:dev-?:run_phase:apply'] } } },
    at: 'dev-?',
    says: ['this value admits nothing'],
  },
  {
    name: 'a * under StringNotEquals in a Deny-less Allow excludes nothing',
    spec: {
      conditions: {
        StringEquals: AUD,
        StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' },
        StringNotEquals: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:sandbox-*:run_phase:apply' },
      },
    },
    at: 'sandbox-*',
    messageId: 'literalExclusion',
    witness: { kind: 'accepted', sub: /workspace:sandbox-/ },
  },
]);

quietOnEveryShape('no-wildcard-in-string-equals', [
  { name: 'exact values', spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } } } },
  { name: 'wildcards under StringLike', spec: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' } } } },
]);
