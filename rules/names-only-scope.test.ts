import { describe, expect, it } from 'vitest';
import { findRule, recommendedRules, rules } from './index.js';
import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const only = { rules: rules.filter((r) => r.meta.id === 'names-only-scope') };

firesOnEveryShape('names-only-scope', [
  {
    name: 'a role pinned to an organization and workspace by name',
    spec: { conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } } },
    at: 'organization:acme',
    severity: 'low',
    says: ['"acme"', 'workspace "prod"', 're'],
    witness: { kind: 'accepted', sub: /^organization:acme:/ },
    options: only,
  },
]);

quietOnEveryShape('names-only-scope', [
  { name: 'a trust that pins no organization', spec: { conditions: { StringEquals: AUD } }, options: only },
]);

describe('names-only-scope is opt-in', () => {
  it('is not in the recommended set', () => {
    expect(findRule('names-only-scope')?.meta.optIn).toBe(true);
    expect(recommendedRules.map((r) => r.meta.id)).not.toContain('names-only-scope');
  });
});
