// The installed command itself: the built bin run as a child process, as users and CI run it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const bin = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, [new URL('../bin/tfc-oidc-lint.js', import.meta.url).pathname, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

describe('bin/tfc-oidc-lint.js', () => {
  it('prints its version from package.json and exits 0', () => {
    const r = bin(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('lints the seed: exit 1, the promised findings in JSON on stdout, nothing on stderr', () => {
    const r = bin(['fixtures/seed', '--format', 'json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; range: { start: { line: number } } }[] };
    const at = (id: string) => report.findings.filter((f) => f.ruleId === id).map((f) => `${f.file}:${f.range.start.line}`);
    expect(at('no-wildcard-run-phase')).toEqual(['fixtures/seed/main.tf:71']);
    expect(at('no-admin-access')).toEqual(['fixtures/seed/main.tf:87']);
    expect(at('no-placeholder-scope')).toHaveLength(3);
  });

  it('exits 0 on a clean setup and 2 on a path that does not exist', () => {
    expect(bin(['fixtures/secure']).status).toBe(0);
    const missing = bin(['no/such/dir']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no\/such\/dir/);
    expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});
