import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SEVERITIES, type Severity, declaredSeverities } from '../src/core/finding.js';
import { ruleDocHeader } from '../src/report/rule-doc-header.js';
import { ALL_PROFILES } from '../src/trust/issuers/index.js';
import { rules } from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The rule the rule tester cannot reach: internal-error needs a part of the tool to crash, so its
 * test injects a crashing rule instead.
 */
const OUTSIDE_RULE_TESTER = new Map([['internal-error', 'fires only when a rule or the evaluator crashes']]);
const ruleFiles = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts');

describe('rule registry', () => {
  it('lists every rule file exactly once, under its file name', () => {
    expect(rules.map((r) => `${r.meta.id}.ts`).sort()).toEqual(ruleFiles.sort());
  });

  for (const rule of rules) {
    describe(rule.meta.id, () => {
      it('has a doc whose head (title, severities, recommended or opt-in, issuers, description) is written from its meta', () => {
        const doc = join(here, `${rule.meta.id}.md`);
        expect(existsSync(doc)).toBe(true);
        const head = ruleDocHeader(rule);
        const text = readFileSync(doc, 'utf8');
        // The same text --list-rules and SARIF take from the meta; `npm run build && node scripts/rule-headers.mjs` rewrites it.
        expect(text.slice(0, head.length), 'the doc head (npm run build && node scripts/rule-headers.mjs rewrites it)').toBe(head);
      });
      it('has a test file, written with the rule tester', () => {
        const test = join(here, `${rule.meta.id}.test.ts`);
        expect(existsSync(test)).toBe(true);
        const uses = readFileSync(test, 'utf8').includes('ruleTester(rule,');
        expect(uses, 'uses ruleTester (src/testing/rule-tester.ts)').toBe(!OUTSIDE_RULE_TESTER.has(rule.meta.id));
      });
      it('has a kebab-case id, a known severity, a description and camelCase message ids', () => {
        expect(rule.meta.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(SEVERITIES).toContain(rule.meta.severity);
        expect(rule.meta.description.length).toBeGreaterThan(20);
        for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][a-zA-Z]*$/);
        for (const [s, when] of Object.entries(rule.meta.severities ?? {})) {
          expect(SEVERITIES).toContain(s);
          expect(when, `meta.severities.${s} says when`).toMatch(/^\S.{5,}$/);
        }
        expect(rule.docsUrl.endsWith(`/rules/${rule.meta.id}.md`)).toBe(true);
      });
    });
  }
});

describe('severities an issuer profile gives a finding', () => {
  // Profiles are data (src/trust/issuers/): the rules that take a finding's severity from them must declare it.
  const declared = (id: string) => declaredSeverities(rules.find((r) => r.meta.id === id)!.meta);
  const byRule: [string, Severity, string][] = ALL_PROFILES.flatMap((p) => [
    ['require-aud-condition', p.missingAudSeverity, `${p.id} missingAudSeverity`] as [string, Severity, string],
    ['require-sub-condition', p.missingSub.severity, `${p.id} missingSub`] as [string, Severity, string],
    ...Object.entries(p.grammar?.segments ?? {})
      .filter(([, seg]) => !seg.fixedByIssuer)
      .map(
        ([name, seg]) =>
          [`no-wildcard-${seg.dimension === 'runPhase' ? 'run-phase' : seg.dimension}`, seg.severity, `${p.id} segment ${name}`] as [
            string,
            Severity,
            string,
          ],
      ),
  ]);
  it.each(byRule)('%s declares %s (%s)', (id, severity) => {
    expect(declared(id)).toContain(severity);
  });
});

describe('docs/rules.md', () => {
  it('lists every rule in its rule table (npm run build && node scripts/rule-table.mjs rewrites it)', () => {
    const index = readFileSync(join(here, '..', 'docs', 'rules.md'), 'utf8');
    for (const rule of rules) expect(index).toContain(`[\`${rule.meta.id}\`](../rules/${rule.meta.id}.md)`);
  });
});
