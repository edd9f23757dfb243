import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rules, findRule } from '../../rules/index.js';
import { writeTree } from '../testing/tf.js';
import { findConfig, loadConfig } from './load.js';
import { starterConfig } from './init.js';
import { resolveRules } from './resolve.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const known = (id: string) => findRule(id) !== undefined;

async function loadError(files: Record<string, string>, name: string): Promise<string> {
  const t = writeTree(files);
  try {
    await loadConfig(join(t.dir, name), known);
    return '';
  } catch (e) {
    return (e as Error).message.replace(t.dir + '/', '');
  } finally {
    t.cleanup();
  }
}

describe('config file', () => {
  it('is found upward from the scan root; the nearest wins; package.json only with our key', async () => {
    const t = writeTree({
      '.tfc-oidc-lint.yaml': 'rules: {}\n',
      'a/package.json': '{"name": "x"}',
      'a/b/package.json': '{"tfc-oidc-lint": {"organizations": ["acme"]}}',
      'a/b/c/main.tf': '',
    });
    try {
      expect(await findConfig(join(t.dir, 'a/b/c'))).toBe(join(t.dir, 'a/b/package.json'));
      expect(await findConfig(join(t.dir, 'a'))).toBe(join(t.dir, '.tfc-oidc-lint.yaml'));
      expect(await loadConfig(join(t.dir, 'a/b/package.json'), known)).toMatchObject({ organizations: ['acme'] });
    } finally {
      t.cleanup();
    }
  });

  it('takes a package.json that does not parse for ours when it names our key, and reports where it breaks', async () => {
    const t = writeTree({
      'package.json': '{\n  "name": "x",\n  "tfc-oidc-lint": { "organizations": ["acme"], }\n}\n',
      'other/package.json': '{ "name": "y", }',
      'other/main.tf': '',
    });
    try {
      expect(await findConfig(t.dir)).toBe(join(t.dir, 'package.json'));
      // Not ours: a broken package.json without our key is left to npm.
      expect(await findConfig(join(t.dir, 'other'))).toBe(join(t.dir, 'package.json'));
      await expect(loadConfig(join(t.dir, 'package.json'), known)).rejects.toThrow(/package\.json:3: invalid JSON/);
    } finally {
      t.cleanup();
    }
  });

  it('names what is wrong with a --config path that is not a file: missing, a directory, a FIFO', async () => {
    const t = writeTree({ 'dir/x': '' });
    try {
      execFileSync('mkfifo', [join(t.dir, 'fifo')]);
      await expect(loadConfig(join(t.dir, 'missing.yaml'), known)).rejects.toThrow(/missing\.yaml: no such config file$/);
      await expect(loadConfig(join(t.dir, 'dir'), known)).rejects.toThrow(/dir: is a directory, not a config file$/);
      await expect(loadConfig(join(t.dir, 'fifo'), known)).rejects.toThrow(/fifo: not a regular file, so not read as a config file$/);
    } finally {
      t.cleanup();
    }
  });

  it('reports a bad severity with file and line (JSON)', async () => {
    const text = '{\n  "rules": {\n    "no-admin-access": "severe"\n  }\n}\n';
    expect(await loadError({ 'c.json': text }, 'c.json')).toBe(
      'c.json:3: rules.no-admin-access: must be "off", a severity (critical, high, medium, low, info) or [severity, { options }]',
    );
  });

  it('reports an unknown key, an unknown rule and a missing reason with their YAML lines', async () => {
    expect(await loadError({ 'c.yaml': 'organizations: [acme]\norganisation: x\n' }, 'c.yaml')).toMatch(
      /^c\.yaml:2: unknown key "organisation"/,
    );
    expect(await loadError({ 'c.yaml': 'rules:\n  no-admin-acces: high\n' }, 'c.yaml')).toBe(
      'c.yaml:2: rules: unknown rule "no-admin-acces" (tfc-oidc-lint --list-rules lists them)',
    );
    expect(await loadError({ 'c.yaml': 'ignore:\n  - rule: parse-error\n    path: x.json\n' }, 'c.yaml')).toBe(
      'c.yaml:2: ignore.0: missing "reason"',
    );
  });

  it('reports invalid JSON and YAML syntax with the line', async () => {
    expect(await loadError({ 'c.json': '{\n  "rules": {,\n}' }, 'c.json')).toMatch(/^c\.json:2: invalid JSON/);
    expect(await loadError({ 'c.yaml': 'rules:\n  a: [\n' }, 'c.yaml')).toMatch(/^c\.yaml:\d: invalid YAML/);
  });

  it('accepts ESLint-style settings and turns them into rules, severities and options', async () => {
    const t = writeTree({
      'c.json': JSON.stringify({ rules: { 'no-admin-access': 'off', 'no-wildcard-workspace': ['critical', { allow: ['x'] }] } }),
    });
    try {
      const config = await loadConfig(join(t.dir, 'c.json'), known);
      const r = resolveRules(rules, config);
      expect(r.rules.map((x) => x.meta.id)).not.toContain('no-admin-access');
      expect(r.ruleSettings['no-wildcard-workspace']).toBe('critical');
      expect(r.ruleOptions['no-wildcard-workspace']).toEqual({ allow: ['x'] });
      // The command line wins: --rule runs a rule the config turned off.
      expect(resolveRules(rules, config, { only: [findRule('no-admin-access')!] }).rules.map((x) => x.meta.id)).toEqual([
        'no-admin-access',
      ]);
    } finally {
      t.cleanup();
    }
  });

  it('the --init starter is valid YAML that loads cleanly and lists every rule', async () => {
    const text = starterConfig(rules);
    expect(() => parse(text)).not.toThrow();
    for (const r of rules) expect(text).toContain(`# ${r.meta.id}:`);
    expect(await loadError({ 'c.yaml': text }, 'c.yaml')).toBe('');
  });
});
