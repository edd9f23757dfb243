import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, ruleIssuersText } from '../src/engine/rule.js';
import { rules } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));
const ruleFiles = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');

describe('rule registry', () => {
  it('lists every rule file exactly once, under its file name', () => {
    expect(rules.map((r) => `${r.meta.id}.ts`).sort()).toEqual(ruleFiles.sort());
  });

  for (const rule of rules) {
    describe(rule.meta.id, () => {
      it('has a doc whose title is its id and that names its severity', () => {
        const doc = join(here, `${rule.meta.id}.md`);
        expect(existsSync(doc)).toBe(true);
        const text = readFileSync(doc, 'utf8');
        expect(text.split('\n')[0]).toBe(`# ${rule.meta.id}`);
        expect(text).toContain(rule.meta.severity);
      });
      it('says in its doc header which issuers it applies to (as --list-rules and SARIF do)', () => {
        const header = readFileSync(join(here, `${rule.meta.id}.md`), 'utf8').split('\n\n')[1];
        expect(header).toContain(`**Issuers:** ${ruleIssuersText(rule)}`);
      });
      it('has a test file', () => {
        expect(existsSync(join(here, `${rule.meta.id}.test.ts`))).toBe(true);
      });
      it('has a kebab-case id, a known severity, a description and camelCase message ids', () => {
        expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(SEVERITIES).toContain(rule.meta.severity);
        expect(rule.meta.description.length).toBeGreaterThan(20);
        for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][a-zA-Z]*$/);
        expect(rule.docsUrl.endsWith(`/rules/${rule.meta.id}.md`)).toBe(true);
      });
    });
  }
});

describe('README', () => {
  it('lists every rule in its rule table', () => {
    const readme = readFileSync(join(here, '..', 'README.md'), 'utf8');
    for (const rule of rules) expect(readme).toContain(`[\`${rule.meta.id}\`](rules/${rule.meta.id}.md)`);
  });
});
