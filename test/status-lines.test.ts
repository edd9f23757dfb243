// What the CLI says about what it did not show or why it failed: suppressed and --quiet counts in
// the summary, --write-baseline's record, the --max-warnings reason, and an empty scan (exit 2
// unless --allow-empty).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../src/testing/cli.js';
import { writeTree } from '../src/testing/tf.js';

const seed = readFileSync(new URL('../fixtures/seed/main.tf', import.meta.url), 'utf8');

async function inTree<T>(files: Record<string, string>, fn: (dir: string) => Promise<T>): Promise<T> {
  const t = writeTree(files);
  return fn(t.dir).finally(t.cleanup);
}

describe('status lines', () => {
  it('--write-baseline says how many findings it recorded and where; the summary counts them as suppressed', () =>
    inTree({ 'infra/main.tf': seed }, async (dir) => {
      const r = await cli(['--write-baseline', 'base.json', 'infra'], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('tfc-oidc-lint: recorded 5 findings in base.json\n');
      expect(JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'))).toBeTruthy();
      expect(r.stdout).toBe('✔ no problems · 5 suppressed · 1 file\n');
      const again = await cli(['--baseline', 'base.json', 'infra'], dir);
      expect(again).toEqual({ code: 0, stdout: '✔ no problems · 5 suppressed · 1 file\n', stderr: '' });
    }));

  it('-q says how many findings below --fail-on it hid', () =>
    inTree({ 'main.tf': seed }, async (dir) => {
      const r = await cli(['-q', '--fail-on', 'critical', '.'], dir);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/\n✖ 1 problem \(1 critical\) · 4 below --fail-on hidden by --quiet · 1 file · \d+\.\d\d s\n$/);
      expect(r.stdout).not.toContain('no-placeholder-scope');
    }));

  it('--max-warnings says why the run failed when no finding reaches --fail-on', async () => {
    await inTree({ 'main.tf': seed }, async (dir) => {
      const r = await cli(['--fail-on', 'critical', '--ignore-rule', 'no-admin-access', '--max-warnings', '3', '.'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('tfc-oidc-lint: 5 findings below --fail-on critical, more than --max-warnings 3 allows\n');
      const within = await cli(['--fail-on', 'critical', '--ignore-rule', 'no-admin-access', '--max-warnings', '5', '.'], dir);
      expect(within.code).toBe(0);
      expect(within.stderr).toBe('');
    });
  });

  it('a directory with no Terraform or IAM input says so and exits 2; --allow-empty passes it', () =>
    inTree({ 'infra/README.md': '# nothing here\n', 'infra/package.json': '{ "name": "x" }\n' }, async (dir) => {
      const r = await cli(['infra'], dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(
        'no Terraform (.tf, .tf.json, terraform.tfvars) or IAM/plan JSON input in infra (pass --allow-empty if that is expected)',
      );
      expect(await cli(['--allow-empty', 'infra'], dir)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^✔ no problems/) });
    }));

  it('files named on the command line (pre-commit) are never "empty", whatever they hold', () =>
    inTree({ 'package.json': '{ "name": "x" }\n' }, async (dir) => {
      expect(await cli(['package.json'], dir)).toMatchObject({ code: 0, stderr: '' });
    }));
});
