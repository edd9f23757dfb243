import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { cli } from '../testing/cli.js';
import { writeTree } from '../testing/tf.js';

describe('commands that print instead of linting', () => {
  it('--list-rules prints every rule with its default severity and description', async () => {
    const r = await cli(['--list-rules']);
    expect(r.code).toBe(0);
    for (const rule of rules)
      expect(r.stdout).toMatch(
        new RegExp(
          `^${rule.meta.id} +${rule.meta.severity}\\*? +${rule.meta.description.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
          'm',
        ),
      );
    const json = JSON.parse((await cli(['--list-rules', '-f', 'json'])).stdout);
    expect(json.map((x: { id: string }) => x.id)).toEqual(rules.map((x) => x.meta.id));
  });

  it('--explain prints the rule doc; an unknown id exits 2', async () => {
    const r = await cli(['--explain', 'no-admin-access']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(new URL('../../rules/no-admin-access.md', import.meta.url), 'utf8'));
    const bad = await cli(['--explain', '../package']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown rule "../package"');
  });

  it('--print-config prints the config that applies, with flags applied on top', async () => {
    const t = writeTree({
      '.tfc-oidc-lint.json': JSON.stringify({ organizations: ['acme'], rules: { 'no-wildcard-workspace': 'critical' } }),
      'main.tf': '',
    });
    try {
      const r = await cli(['--print-config', '--ignore-rule', 'no-admin-access'], t.dir);
      expect(r.code).toBe(0);
      const printed = JSON.parse(r.stdout);
      expect(printed).toMatchObject({ source: join(t.dir, '.tfc-oidc-lint.json'), organizations: ['acme'] });
      expect(printed.rules['no-wildcard-workspace']).toBe('critical');
      expect(printed.rules['no-admin-access']).toBe('off');
      expect(printed.rules['require-sub-condition']).toBe('critical');
      // The flags' effect too, defaults included.
      expect(printed.settings).toMatchObject({
        failOn: 'high',
        prefilter: true,
        cache: false,
        jobs: 'auto',
        ignoreRules: ['no-admin-access'],
      });
      const flagged = JSON.parse(
        (await cli(['--print-config', '--fail-on', 'medium', '--no-prefilter', '--cache', '--jobs', '2', '-q'], t.dir)).stdout,
      );
      expect(flagged.settings).toMatchObject({ failOn: 'medium', prefilter: false, cache: '.tfc-oidc-lint-cache', jobs: 2, quiet: true });
    } finally {
      t.cleanup();
    }
  });

  it('--init writes a starter config once and refuses to overwrite it', async () => {
    const t = writeTree({});
    try {
      expect((await cli(['--init'], t.dir)).code).toBe(0);
      expect(existsSync(join(t.dir, '.tfc-oidc-lint.yaml'))).toBe(true);
      const again = await cli(['--init'], t.dir);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('already exists');
      expect((await cli(['--print-config'], t.dir)).code).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('a broken config is exit 2 with file and line', async () => {
    const t = writeTree({ '.tfc-oidc-lint.yaml': 'rules:\n  no-admin-access: loud\n', 'main.tf': '' });
    try {
      const r = await cli(['.'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.tfc-oidc-lint.yaml:2: rules.no-admin-access: must be');
    } finally {
      t.cleanup();
    }
  });
});

describe('exit codes', () => {
  it('--fail-on and --max-warnings decide on the seed findings (1 critical, 4 high)', async () => {
    expect((await cli(['fixtures/seed', '--fail-on', 'critical', '-f', 'json'])).code).toBe(1);
    expect((await cli(['fixtures/seed', '--rule', 'no-placeholder-scope', '-f', 'json', '--fail-on', 'critical'])).code).toBe(0);
    expect(
      (await cli(['fixtures/seed', '--rule', 'no-placeholder-scope', '-f', 'json', '--fail-on', 'critical', '--max-warnings', '2'])).code,
    ).toBe(1);
    expect(
      (await cli(['fixtures/seed', '--rule', 'no-placeholder-scope', '-f', 'json', '--fail-on', 'critical', '--max-warnings', '3'])).code,
    ).toBe(0);
    expect((await cli(['fixtures/seed', '--max-warnings', 'many'])).code).toBe(2);
  });
});
