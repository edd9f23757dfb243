// --write-baseline / --baseline: fingerprints (rule, file, resource, value), not line numbers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      expect(baseline.findings.map((f: { fingerprint: string }) => f.fingerprint)).toEqual(
        before.findings.map((f: { fingerprint: string }) => f.fingerprint),
      );

      writeFileSync(join(t.dir, 'main.tf'), '# a header\n'.repeat(10) + seed);
      const after = await cli(['.', '-f', 'json', '--baseline', 'baseline.json'], t.dir);
      const doc = JSON.parse(after.stdout);
      expect(after.code).toBe(0);
      expect(doc.findings).toEqual([]);
      // The same findings, ten lines further down, each suppressed as external.
      expect(
        doc.suppressed.map((f: { ruleId: string; range: { start: { line: number } } }) => `${f.ruleId}:${f.range.start.line}`),
      ).toEqual(
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
  it('matches whatever directory the scan runs from: paths count from the baseline file (no repository)', async () => {
    const t = writeTree({ 'infra/main.tf': seed });
    try {
      const write = await cli(['--write-baseline', 'base.json', 'infra'], t.dir);
      expect(write.stderr).toBe('tfc-oidc-lint: recorded 5 findings in base.json\n');
      const fromInfra = await cli(['--baseline', '../base.json', '-f', 'json', '.'], join(t.dir, 'infra'));
      const doc = JSON.parse(fromInfra.stdout);
      expect(doc.findings).toEqual([]);
      expect(doc.suppressed).toHaveLength(5);
      expect(fromInfra.code).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('matches whatever directory the scan runs from: paths count from the git repository root', async () => {
    const t = writeTree({ 'infra/prod/main.tf': seed });
    try {
      execFileSync('git', ['init', '-q'], { cwd: t.dir });
      mkdirSync(join(t.dir, 'ci'));
      expect((await cli(['--write-baseline', 'ci/base.json', 'infra/prod'], t.dir)).code).toBe(0);
      // From the module's own directory, and from a sibling, naming the module by another path.
      for (const [cwd, path, baseline] of [
        ['infra/prod', '.', '../../ci/base.json'],
        ['ci', '../infra/prod', 'base.json'],
      ]) {
        const r = await cli(['--baseline', baseline, '-f', 'json', path], join(t.dir, cwd));
        expect(JSON.parse(r.stdout).findings, `from ${cwd}`).toEqual([]);
        expect(r.code).toBe(0);
      }
      // A new finding still shows from any directory.
      writeFileSync(join(t.dir, 'infra/prod/main.tf'), seed.replace(':workspace:${var.tfc_workspace_name}', ':workspace:*'));
      expect((await cli(['--baseline', '../../ci/base.json', '.'], join(t.dir, 'infra/prod'))).code).toBe(1);
    } finally {
      t.cleanup();
    }
  });
});
