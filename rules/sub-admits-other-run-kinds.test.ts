import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const like = (sub: string) => ({ conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': sub } } });

firesOnEveryShape('sub-admits-other-run-kinds', [
  {
    name: 'organization:acme:* admits Stacks and module test runs',
    spec: like('organization:acme:*'),
    at: 'organization:acme:*',
    says: ['Stacks deployments', 'private-registry module test runs', 'legacy'],
    witness: { kind: 'accepted', sub: /^organization:acme:module:[^:]+:operation:test_run$/ },
  },
  {
    name: 'a project wildcard tail admits Stacks of that project',
    spec: like('organization:acme:project:infra:*'),
    at: 'project:infra:*',
    says: ['Stacks deployments'],
    witness: { kind: 'accepted', sub: /^organization:acme:project:infra:stack:/ },
  },
]);

quietOnEveryShape('sub-admits-other-run-kinds', [
  { name: 'a workspace pattern', spec: like('organization:acme:project:infra:workspace:*:run_phase:apply') },
  { name: 'a pattern written for Stacks', spec: like('organization:acme:project:infra:stack:network:*') },
  { name: 'an open organization (no-wildcard-organization reports it)', spec: like('organization:*') },
]);
