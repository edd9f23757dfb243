import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const EXACT = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

firesOnEveryShape('no-vacuous-condition', [
  {
    name: 'ForAllValues: on a custom claim meant to pin the organization, with an open sub',
    spec: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': 'organization:*:project:infra:workspace:prod:run_phase:apply' }, 'ForAllValues:StringEquals': { 'app.terraform.io:terraform_organization_name': 'acme' } } },
    at: 'app.terraform.io:terraform_organization_name',
    messageId: 'customClaimOpen',
    severity: 'high',
    witness: { kind: 'accepted', sub: /^organization:(?!acme:)[^:]+:project:infra:workspace:prod:run_phase:apply$/ },
  },
  {
    name: 'a custom claim under plain StringEquals never matches: the role can never be assumed',
    spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT, 'app.terraform.io:terraform_workspace_name': 'prod' } } },
    at: 'app.terraform.io:terraform_workspace_name',
    messageId: 'customClaimNeverMatches',
    says: ['the role can never be assumed'],
    witness: { kind: 'rejected', sub: new RegExp(`^${EXACT}$`) },
  },
  {
    name: 'StringNotLike as the only sub test admits every other organization',
    spec: { conditions: { StringEquals: AUD, StringNotLike: { 'app.terraform.io:sub': 'organization:evil-corp:*' } } },
    at: 'organization:evil-corp:*',
    messageId: 'negatedFilter',
    witness: { kind: 'accepted', sub: /^organization:attacker-org:/ },
  },
  {
    name: 'StringLikeIfExists on the right sub key is latent',
    spec: { conditions: { StringEquals: AUD, StringLikeIfExists: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:*' } } },
    at: 'StringLikeIfExists',
    messageId: 'latent',
    severity: 'low',
  },
  {
    name: 'ForAnyValue: on the single-valued sub key works like the plain operator but is misleading',
    spec: { conditions: { StringEquals: AUD, 'ForAnyValue:StringEquals': { 'app.terraform.io:sub': EXACT } } },
    at: 'ForAnyValue:StringEquals',
    messageId: 'forAnyValue',
    severity: 'low',
    says: ['single-valued', 'StringEquals'],
  },
]);

quietOnEveryShape('no-vacuous-condition', [
  { name: 'plain StringEquals on sub and aud', spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': EXACT } } } },
  {
    name: 'a negated exclusion next to a positive pin',
    spec: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:*:run_phase:apply' }, StringNotLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:sandbox-*:run_phase:apply' } } },
  },
  {
    name: 'StringNotLike as the only Allow test, when a Deny shuts every other organization out',
    spec: {
      conditions: { StringEquals: AUD, StringNotLike: { 'app.terraform.io:sub': 'organization:evil-corp:*' } },
      extraStatements: [{ effect: 'Deny', conditions: { StringNotLike: { 'app.terraform.io:sub': 'organization:acme:*' } } }],
    },
  },
]);
