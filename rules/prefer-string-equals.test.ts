import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const EXACT = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

firesOnEveryShape('prefer-string-equals', [
  { name: 'StringLike with an exact sub', spec: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': EXACT } } }, at: EXACT, severity: 'low', says: ['", which has no wildcard: StringEquals matches the same tokens and states that only this value is meant'] },
  {
    name: 'StringLike with several exact sub values speaks of them in the plural',
    spec: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': [EXACT, 'organization:acme:project:infra:workspace:dev:run_phase:apply'] } } },
    says: ['workspace:dev:run_phase:apply", which have no wildcard: StringEquals matches the same tokens and states that only these values are meant'],
  },
  { name: 'StringLike with an exact aud', spec: { conditions: { StringLike: { 'app.terraform.io:aud': 'aws.workload.identity', 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' } } }, at: 'aws.workload.identity' },
]);

quietOnEveryShape('prefer-string-equals', [
  { name: 'StringEquals', spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT } } } },
  { name: 'StringLike with a wildcard in one of its values', spec: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': [EXACT, 'organization:acme:project:infra:workspace:dev-*:run_phase:apply'] } } } },
]);
