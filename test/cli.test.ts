import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../src/cli/index.js';
import { writeTree } from '../src/testing/tf.js';
import { cli } from '../src/testing/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe('run()', () => {
  it('prints the package version on stdout and exits 0 for --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await cli([flag]);
      expect(r).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });

  it('prints help with every flag and the exit codes on stdout and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const flag of [
      '--format',
      '--output',
      '--no-color',
      '--quiet',
      '--fail-on',
      '--var ',
      '--var-file',
      '--rule',
      '--ignore-rule',
      '--version',
      '--help',
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toContain('Exit codes: 0');
  });

  it('exits 2 with a message on stderr and nothing on stdout for an unknown flag', async () => {
    const r = await cli(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown option '--frobnicate'");
  });

  it('exits 2 for a value outside the allowed choices', async () => {
    const r = await cli(['--fail-on', 'severe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Allowed choices are critical, high, medium, low, info');
    expect((await cli(['-f', 'xml'])).code).toBe(2);
  });

  it('exits 2 for a path that does not exist, naming it, without a stack trace', async () => {
    const t = writeTree({});
    try {
      const r = await cli(['missing-dir'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('tfc-oidc-lint: missing-dir: no such file or directory');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      t.cleanup();
    }
  });

  it('exits 2 for a --var without "=" and for a missing --var-file', async () => {
    const t = writeTree({ 'main.tf': '' });
    try {
      const bad = await cli(['--var', 'justaname', '.'], t.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--var "justaname": expected name=value');
      const missing = await cli(['--var-file', 'nope.tfvars', '.'], t.dir);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('nope.tfvars: no such file or directory');
    } finally {
      t.cleanup();
    }
  });
});

describe('run() with rule selection', () => {
  it('exits 2 for an unknown rule id in --rule or --ignore-rule', async () => {
    const t = writeTree({ 'main.tf': '' });
    try {
      for (const flag of ['--rule', '--ignore-rule']) {
        const r = await cli([flag, 'no-such-rule', '.'], t.dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('unknown rule "no-such-rule"');
      }
    } finally {
      t.cleanup();
    }
  });
});

describe('colorEnabled', () => {
  const on = { color: true };
  it('colours a terminal and nothing else by default', () => {
    expect(colorEnabled(on, { env: {}, isTTY: true })).toBe(true);
    expect(colorEnabled(on, { env: {}, isTTY: false })).toBe(false);
  });

  it('turns colour off for --no-color, a non-empty NO_COLOR and --output', () => {
    expect(colorEnabled({ color: false }, { env: {}, isTTY: true })).toBe(false);
    expect(colorEnabled(on, { env: { NO_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(colorEnabled(on, { env: { NO_COLOR: '' }, isTTY: true })).toBe(true);
    expect(colorEnabled({ color: true, output: 'r.txt' }, { env: {}, isTTY: true })).toBe(false);
  });

  it('lets FORCE_COLOR colour a pipe, and FORCE_COLOR=0 turn a terminal plain', () => {
    expect(colorEnabled(on, { env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(colorEnabled(on, { env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(false);
  });
});

const seedText = readFileSync(new URL('../fixtures/seed/main.tf', import.meta.url), 'utf8');

describe('run() end to end', () => {
  function withTree<T>(files: Record<string, string>, fn: (dir: string) => Promise<T>): Promise<T> {
    const t = writeTree(files);
    return fn(t.dir).finally(t.cleanup);
  }

  it('reports the seed example on stdout and exits 1', () =>
    withTree({ 'seed/main.tf': seedText }, async (dir) => {
      const r = await cli(['seed'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n')[0]).toBe('seed/main.tf');
      for (const id of ['no-wildcard-run-phase', 'no-admin-access', 'no-placeholder-scope']) expect(r.stdout).toContain(id);
      expect(r.stdout).toMatch(/\n✖ \d+ problems \(.*\) · 1 file · \d+\.\d\d s\n$/);
    }));

  it('exits 0 with a tick when nothing is found', () =>
    withTree({ 'main.tf': 'variable "x" {}\n' }, async (dir) => {
      expect(await cli([], dir)).toEqual({ code: 0, stdout: '✔ no problems · 1 file\n', stderr: '' });
    }));

  it('runs only the rules named by --rule', () =>
    withTree({ 'main.tf': seedText }, async (dir) => {
      const r = await cli(['--rule', 'parse-error', '.'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('✔ no problems · 1 file\n');
    }));

  it('writes JSON to --output and nothing to stdout; --quiet keeps only findings at or above --fail-on', () =>
    withTree({ 'main.tf': seedText }, async (dir) => {
      const r = await cli(['-f', 'json', '-o', 'out.json', '-q', '--fail-on', 'critical', '.'], dir);
      expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
      const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
      expect(doc.version).toBe(1);
      expect(doc.findings.length).toBeGreaterThan(0);
      expect(doc.findings.every((f: { severity: string }) => f.severity === 'critical')).toBe(true);
    }));

  it('turns a tool error into exit 2 and a one-line message, with the stack only under DEBUG', () =>
    withTree({ 'main.tf': '' }, async (dir) => {
      const args = ['-o', 'no/such/dir/out.txt', '.'];
      const plain = await cli(args, dir);
      expect(plain.code).toBe(2);
      expect(plain.stderr).toMatch(/^tfc-oidc-lint: ENOENT[^\n]*\n$/);
      const debug = await cli(args, dir, { DEBUG: 'tfc-oidc-lint' });
      expect(debug.stderr).toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'no'))).toBe(false);
    }));
});

describe('--max-file-size and maxFileSize', () => {
  const role =
    'resource "aws_iam_role" "r" {\n  name = "r"\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" }, Action = "sts:AssumeRoleWithWebIdentity" }] })\n}\n';
  const big = role + '# padding\n'.repeat(300);
  it('a file over the limit is reported as a limit the user can raise, not as a syntax error', async () => {
    const tree = writeTree({ 'main.tf': big });
    try {
      const r = await cli(['--format', 'json', '--max-file-size', '0.002', '.'], tree.dir);
      const findings = JSON.parse(r.stdout).findings as { ruleId: string; message: string; fix: string }[];
      expect(findings).toHaveLength(1);
      expect(findings[0].ruleId).toBe('parse-error');
      expect(findings[0].message).toMatch(
        /over the 3 KB size limit; not read \(a limit, not a syntax error: raise it with --max-file-size or maxFileSize in the config\)/,
      );
      expect(findings[0].fix).toMatch(/^Raise the limit/);
      // Raised, the same file is read and linted.
      const raised = JSON.parse((await cli(['--format', 'json', '--max-file-size', '1', '.'], tree.dir)).stdout).findings as {
        ruleId: string;
      }[];
      expect(raised.map((f) => f.ruleId)).not.toContain('parse-error');
      expect(raised.map((f) => f.ruleId)).toContain('require-sub-condition');
    } finally {
      tree.cleanup();
    }
  });

  it('the config key sets it, the flag overrides it, and a bad value is a usage error', async () => {
    const tree = writeTree({ 'main.tf': big, '.tfc-oidc-lint.json': '{ "maxFileSize": 0.002 }' });
    try {
      const fromConfig = JSON.parse((await cli(['--format', 'json', '.'], tree.dir)).stdout).findings as { message: string }[];
      expect(fromConfig.map((f) => f.message).join()).toMatch(/size limit/);
      const flag = JSON.parse((await cli(['--format', 'json', '--max-file-size', '1', '.'], tree.dir)).stdout).findings as {
        message: string;
      }[];
      expect(flag.map((f) => f.message).join()).not.toMatch(/size limit/);
      const bad = await cli(['--max-file-size', 'ten', '.'], tree.dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--max-file-size "ten": expected a size in MB above 0');
    } finally {
      tree.cleanup();
    }
  });
});
