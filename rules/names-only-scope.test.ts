import { describe, expect, it } from 'vitest';
import { ruleTester } from '../src/testing/rule-tester.js';
import { findRule, recommendedRules } from './index.js';
import rule from './names-only-scope.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };

// The tester runs an opt-in rule next to the recommended set.
ruleTester(rule, {
  valid: [{ name: 'a trust that pins no organization', shapes: { conditions: { StringEquals: AUD } } }],
  invalid: [
    {
      name: 'a role pinned to an organization and workspace by name',
      shapes: {
        conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } },
      },
      errors: [
        {
          messageId: 'namesOnly',
          text: '"organization:acme:project:infra:workspace:prod:run_phase:apply"',
          severity: 'low',
          says: ['"acme"', 'workspace "prod"', 're'],
          witness: { kind: 'accepted', sub: /^organization:acme:/ },
        },
      ],
    },
  ],
});

describe('names-only-scope is opt-in', () => {
  it('is not in the recommended set', () => {
    expect(findRule('names-only-scope')?.meta.optIn).toBe(true);
    expect(recommendedRules.map((r) => r.meta.id)).not.toContain('names-only-scope');
  });
});
