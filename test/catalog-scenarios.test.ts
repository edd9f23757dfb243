// Scenario folders of the trust-policy catalog, end to end through lint(): what fires, where,
// with which witness; and what stays quiet because IAM semantics say so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { analyzeProject } from '../src/trust/index.js';

const summary = (findings: Awaited<ReturnType<typeof lint>>['findings']) =>
  findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    line: f.range.start.line,
    column: f.range.start.column,
    witness: f.witness?.sub,
  }));

/** The same summary of the scenario's golden JSON report (fixtures/expected, pinned by test/golden.test.ts). */
const golden = (scenario: string) =>
  (
    JSON.parse(readFileSync(`fixtures/expected/${scenario}.json`, 'utf8')) as {
      findings: { ruleId: string; severity: string; range: { start: { line: number; column: number } }; witness?: { sub?: string } }[];
    }
  ).findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    line: f.range.start.line,
    column: f.range.start.column,
    witness: f.witness?.sub,
  }));

describe('fixtures/org-wide-wildcard: organization:acme:*', async () => {
  const r = await lint(['fixtures/org-wide-wildcard']);
  it('reports every project, both phases and the other run kinds at the sub value, never an open organization', () => {
    expect(summary(r.findings)).toEqual(golden('org-wide-wildcard'));
    expect(r.findings.map((f) => f.ruleId)).not.toContain('no-wildcard-organization');
  });
  it('says which kinds of run get in', () => {
    const kinds = r.findings.find((f) => f.ruleId === 'sub-admits-other-run-kinds')!;
    expect(kinds.message).toContain('Stacks deployments');
    expect(kinds.message).toContain('private-registry module test runs');
  });
});

describe('fixtures/deny-narrows-allow: a Deny narrows a broad Allow', async () => {
  const r = await lint(['fixtures/deny-narrows-allow']);
  it('has no finding at all', () => {
    expect(summary(r.findings)).toEqual(golden('deny-narrows-allow'));
    expect(r.findings).toEqual([]);
  });
  it('because the Deny leaves exactly one token, not because nothing was analysed', () => {
    const [rt] = analyzeProject(r.project);
    expect(rt.issuers[0].search?.accepted.map((a) => a.sub)).toEqual(['organization:acme:project:infra:workspace:prod:run_phase:apply']);
  });
  it('fires without the Deny statement', async () => {
    const text = readFileSync('fixtures/deny-narrows-allow/main.tf', 'utf8');
    const allowOnly = text.replace(/\n  statement \{\n    effect  = "Deny"[\s\S]*?\n  \}\n/, '\n');
    expect(allowOnly).not.toContain('effect  = "Deny"');
    const open = await lintTree({ 'main.tf': allowOnly });
    expect(open.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['no-wildcard-project', 'sub-admits-other-run-kinds']));
  });
});

describe('fixtures/second-allow-loose: two Allow statements, only the second loose', async () => {
  const r = await lint(['fixtures/second-allow-loose']);
  it("reports once, at the second statement's sub value", () => {
    expect(summary(r.findings)).toEqual(golden('second-allow-loose'));
    const text = readFileSync('fixtures/second-allow-loose/main.tf', 'utf8');
    const f = r.findings[0];
    expect(text.slice(f.range.start.offset, f.range.end.offset)).toBe('"organization:acme:project:infra:workspace:*:run_phase:apply"');
    expect(text.split('\n')[f.range.start.line - 1]).toContain('StringLike');
    expect(text.split('\n').findIndex((l) => l.includes('"AnyWorkspace"')) + 1).toBeLessThan(f.range.start.line);
  });
});
