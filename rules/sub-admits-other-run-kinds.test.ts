import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './sub-admits-other-run-kinds.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const like = (sub: string) => ({ shapes: { conditions: { StringEquals: AUD, StringLike: { 'app.terraform.io:sub': sub } } } });

ruleTester(rule, {
  valid: [
    { name: 'a workspace pattern', ...like('organization:acme:project:infra:workspace:*:run_phase:apply') },
    { name: 'a pattern written for Stacks', ...like('organization:acme:project:infra:stack:network:*') },
    { name: 'an open organization (no-wildcard-organization reports it)', ...like('organization:*') },
  ],
  invalid: [
    {
      name: 'organization:acme:* admits Stacks and module test runs',
      ...like('organization:acme:*'),
      errors: [
        {
          messageId: 'otherKinds',
          text: '"organization:acme:*"',
          says: ['Stacks deployments', 'private-registry module test runs', 'legacy'],
          witness: { kind: 'accepted', sub: /^organization:acme:module:[^:]+:operation:test_run$/ },
        },
      ],
    },
    {
      name: 'a project wildcard tail admits Stacks of that project',
      ...like('organization:acme:project:infra:*'),
      errors: [
        {
          messageId: 'otherKinds',
          severity: 'medium',
          text: '"organization:acme:project:infra:*"',
          says: ['Stacks deployments'],
          witness: { kind: 'accepted', sub: /^organization:acme:project:infra:stack:/ },
        },
      ],
    },
  ],
});
