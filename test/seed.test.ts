// The seed example end to end through the public API: the findings the issue promises, at the
// lines it names.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { placeName } from '../src/core/source.js';

const textAt = (file: string, r: { start: { offset: number }; end: { offset: number } }) =>
  readFileSync(file, 'utf8').slice(r.start.offset, r.end.offset);

describe('fixtures/seed', async () => {
  const result = await lint(['fixtures/seed']);
  const byRule = (id: string) => result.findings.filter((f) => f.ruleId === id);

  it('reports run_phase:* at the sub value on line 71, with the plan token as witness', () => {
    const [f] = byRule('no-wildcard-run-phase');
    expect(f).toBeDefined();
    expect(placeName(f.range)).toBe('fixtures/seed/main.tf');
    expect(f.range.start.line).toBe(71);
    expect(textAt('fixtures/seed/main.tf', f.range)).toContain('run_phase:*');
    expect(f.severity).toBe('high');
    expect(f.witness?.sub).toMatch(/^organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:plan$/);
  });

  it('reports AdministratorAccess on the attachment (lines 87-90), naming the role', () => {
    const [f] = byRule('no-admin-access');
    expect(f).toBeDefined();
    expect(f.range.start.line).toBeGreaterThanOrEqual(87);
    expect(f.range.end.line).toBeLessThanOrEqual(90);
    expect(f.message).toContain('terraform-cloud-sts-assumption-role');
    expect(f.message).toContain('AdministratorAccess');
  });

  it('reports each placeholder default as the origin of the pinned scope', () => {
    const found = byRule('no-placeholder-scope');
    const originLines = found.flatMap((f) => (f.origins ?? []).map((o) => o.range?.start.line));
    for (const line of [18, 24, 30]) expect(originLines).toContain(line);
    const text = found.map((f) => f.message).join('\n');
    for (const name of ['YOUR_ORG_NAME', 'YOUR_PROJECT_NAME', 'YOUR_WORKSPACE_NAME']) expect(text).toContain(name);
  });

  it('finds nothing it should not: no sub/aud/organization finding on the seed', () => {
    const ids = new Set(result.findings.map((f) => f.ruleId));
    for (const id of [
      'require-sub-condition',
      'require-aud-condition',
      'no-wildcard-organization',
      'no-wildcard-project',
      'no-wildcard-workspace',
      'parse-error',
    ]) {
      expect(ids.has(id), id).toBe(false);
    }
  });
});
