// Advice fits the finding, and findings on the same condition never contradict each other.
import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tfcRole } from '../src/testing/tf.js';

const role = (operator: string, sub: string) => tfcRole(sub, { name: 'r', operator });

describe('neighbouring findings give advice that agrees', () => {
  it('StringEqualsIfExists with a "*": one finding says drop IfExists, so the other does not suggest StringLikeIfExists', async () => {
    const r = await lintTree({ 'main.tf': role('StringEqualsIfExists', 'organization:acme:project:infra:workspace:*:run_phase:apply') });
    const byRule = Object.fromEntries(r.findings.map((f) => [f.ruleId, f.fix ?? '']));
    expect(byRule['no-vacuous-condition']).toBe('Use StringEquals without IfExists');
    expect(byRule['no-wildcard-in-string-equals']).toContain('use StringLike if the wildcard is meant');
    // No fix on this condition names an IfExists operator while another says to drop it.
    const fixes = r.findings.map((f) => f.fix ?? '');
    expect(fixes.filter((f) => /\b\w+IfExists\b/.test(f.replace('without IfExists', '')))).toEqual([]);
  });

  it('the plain StringEquals case keeps its advice', async () => {
    const r = await lintTree({ 'main.tf': role('StringEquals', 'organization:acme:project:infra:workspace:*:run_phase:apply') });
    expect(r.findings.find((f) => f.ruleId === 'no-wildcard-in-string-equals')?.fix).toContain('use StringLike if the wildcard is meant');
    expect(r.findings.some((f) => f.ruleId === 'no-vacuous-condition')).toBe(false);
  });
});
