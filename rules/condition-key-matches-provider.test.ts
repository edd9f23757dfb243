import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';

const SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

firesOnEveryShape('condition-key-matches-provider', [
  {
    name: 'https:// in the sub key under StringEquals fails closed: the role can never be assumed',
    spec: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'https://app.terraform.io:sub': SUB } } },
    at: 'https://app.terraform.io:sub',
    messageId: 'failsClosed',
    says: ['https://', 'the role can never be assumed'],
    witness: { kind: 'rejected', sub: new RegExp(`^${SUB}$`) },
  },
  {
    name: 'a trailing slash in the aud key fails closed',
    spec: { conditions: { StringEquals: { 'app.terraform.io/:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB } } },
    at: 'app.terraform.io/:aud',
    messageId: 'failsClosed',
  },
  {
    name: 'StringLikeIfExists on a misspelt sub key fails open: any organization gets in',
    spec: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLikeIfExists: { 'https://app.terraform.io:sub': 'organization:acme:*' } } },
    at: 'https://app.terraform.io:sub',
    messageId: 'failsOpen',
    severity: 'critical',
    witness: { kind: 'accepted', sub: /^organization:attacker-org:/ },
  },
  {
    name: 'another TFE host in one key next to the right one',
    spec: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'tfe.example.com:sub': SUB } } },
    at: 'tfe.example.com:sub',
    says: ['it names tfe.example.com'],
  },
]);

quietOnEveryShape('condition-key-matches-provider', [
  { name: 'the provider host', spec: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB } } } },
  { name: 'the provider host in another case (keys are case-insensitive)', spec: { conditions: { StringEquals: { 'APP.Terraform.io:aud': 'aws.workload.identity', 'App.Terraform.IO:sub': SUB } } } },
  { name: 'a global key', spec: { conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': SUB }, Bool: { 'aws:SecureTransport': 'true' } } } },
]);
