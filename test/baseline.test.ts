// --write-baseline / --baseline: fingerprints (rule, file, resource, value), not line numbers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../src/testing/cli.js';
import { writeTree } from '../src/testing/tf.js';

const seed = readFileSync(new URL('../fixtures/seed/main.tf', import.meta.url), 'utf8');

describe('baseline', () => {
  it('a baseline written before a 10-line insertion at the top still suppresses the same findings after it', async () => {
    const t = writeTree({ 'main.tf': seed });
    try {
      const before = JSON.parse((await cli(['.', '-f', 'json'], t.dir)).stdout);
      expect(before.findings.length).toBeGreaterThan(0);
      const write = await cli(['.', '--write-baseline', 'baseline.json'], t.dir);
      expect(write.code).toBe(0);
      const baseline = JSON.parse(readFileSync(join(t.dir, 'baseline.json'), 'utf8'));
      expect(baseline.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(before.findings.map((f: { fingerprint: string }) => f.fingerprint));

      writeFileSync(join(t.dir, 'main.tf'), '# a header\n'.repeat(10) + seed);
      const after = await cli(['.', '-f', 'json', '--baseline', 'baseline.json'], t.dir);
      const doc = JSON.parse(after.stdout);
      expect(after.code).toBe(0);
      expect(doc.findings).toEqual([]);
      // The same findings, ten lines further down, each suppressed as external.
      expect(doc.suppressed.map((f: { ruleId: string; range: { start: { line: number } } }) => `${f.ruleId}:${f.range.start.line}`)).toEqual(
        before.findings.map((f: { ruleId: string; range: { start: { line: number } } }) => `${f.ruleId}:${f.range.start.line + 10}`),
      );
      expect(doc.suppressed[0].suppressions).toEqual([{ kind: 'external', justification: 'accepted in the baseline' }]);
    } finally {
      t.cleanup();
    }
  });

  it('a changed value is a new finding: the baseline does not hide it', async () => {
    const t = writeTree({ 'main.tf': seed });
    try {
      await cli(['.', '--write-baseline', 'baseline.json'], t.dir);
      const changed = seed.replace(':workspace:${var.tfc_workspace_name}', ':workspace:*');
      expect(changed).not.toBe(seed);
      writeFileSync(join(t.dir, 'main.tf'), changed);
      const r = await cli(['.', '-f', 'json', '--baseline', 'baseline.json'], t.dir);
      const doc = JSON.parse(r.stdout);
      expect(doc.findings.length).toBeGreaterThan(0);
      expect(r.code).toBe(1);
    } finally {
      t.cleanup();
    }
  });

  it('a file that is not a baseline is a usage error (exit 2) naming it', async () => {
    const t = writeTree({ 'main.tf': seed, 'b.json': '{"findings": 3}' });
    try {
      const r = await cli(['.', '--baseline', 'b.json'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('b.json: not a baseline file');
    } finally {
      t.cleanup();
    }
  });
});
