// The engine, not the rule, owns wording and severity: a rule may report only the message ids and
// the severities its meta declares, and a config override sets the severity of all its findings.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../core/finding.js';
import { lint } from './lint.js';
import { defineRule } from '../model/rule.js';
import { lintTree } from '../testing/lint-tree.js';

const PROVIDER = `resource "aws_iam_openid_connect_provider" "tfc" {
  url            = "https://app.terraform.io"
  client_id_list = ["aws.workload.identity"]
}
`;

/** Reports one declared message and then one it does not declare, at the provider. */
const sloppy = defineRule<'declared'>({
  meta: { id: 'sloppy-rule', description: 'Reports a message id its meta does not declare.', severity: 'low', messages: { declared: 'declared message' } },
  check({ project, report }) {
    for (const p of project.providers) {
      report({ messageId: 'declared', range: p.range });
      report({ messageId: 'undeclared' as 'declared', range: p.range });
    }
  },
});

describe('a message id the rule does not declare', () => {
  it('is an error of the rule, never a finding whose message is the id', async () => {
    const r = await lintTree({ 'main.tf': PROVIDER }, { rules: [sloppy] });
    expect(r.findings.map((f) => f.message)).not.toContain('undeclared');
    expect(r.findings.filter((f) => f.messageId === 'undeclared')).toEqual([]);
    const said = [...r.findings.map((f) => f.message), ...r.project.diagnostics.map((d) => d.message)];
    expect(said.join('\n')).toContain('reported message id "undeclared", which its meta does not declare');
  });
});

/** Reports at the provider once at its default severity and once at each severity it is given. */
const twoSeverities = (extra: Severity[]) =>
  defineRule<'note'>({
    meta: { id: 'two-severities', description: 'Reports one finding per severity it is given.', severity: 'low', severities: { critical: 'when it is bad' }, messages: { note: 'note at {{s}}' } },
    check({ project, report }) {
      for (const p of project.providers) {
        report({ messageId: 'note', data: { s: 'default' }, range: p.range });
        for (const s of extra) report({ messageId: 'note', data: { s }, severity: s, range: p.range });
      }
    },
  });

describe('a severity the rule reports per finding', () => {
  it('is kept when the meta declares it', async () => {
    const r = await lintTree({ 'main.tf': PROVIDER }, { rules: [twoSeverities(['critical'])] });
    expect(r.findings.filter((f) => f.ruleId === 'two-severities').map((f) => [f.message, f.severity])).toEqual([
      ['note at critical', 'critical'],
      ['note at default', 'low'],
    ]);
  });

  it('is an error of the rule when the meta does not declare it, as an undeclared message id is', async () => {
    const r = await lintTree({ 'main.tf': PROVIDER }, { rules: [twoSeverities(['high'])] });
    expect(r.findings.filter((f) => f.severity === 'high' && f.ruleId === 'two-severities')).toEqual([]);
    const said = [...r.findings.map((f) => f.message), ...r.project.diagnostics.map((d) => d.message)];
    expect(said.join('\n')).toContain('reported severity "high", which its meta does not declare (it declares low, critical)');
  });

  it('gives way to the config: an override sets every finding of the rule, whatever severity the rule gave it', async () => {
    const r = await lintTree({ 'main.tf': PROVIDER }, { rules: [twoSeverities(['critical'])], ruleSettings: { 'two-severities': 'medium' } });
    expect(r.findings.filter((f) => f.ruleId === 'two-severities').map((f) => [f.message, f.severity])).toEqual([
      ['note at default', 'medium'],
      ['note at critical', 'medium'],
    ]);
  });

  it('gives way to the config for a real rule too: the seed’s critical no-admin-access finding set to low', async () => {
    const seed = fileURLToPath(new URL('../../fixtures/seed', import.meta.url));
    const before = await lint([seed], { env: {} });
    expect(before.findings.filter((f) => f.ruleId === 'no-admin-access').map((f) => f.severity)).toEqual(['critical']);
    const after = await lint([seed], { env: {}, ruleSettings: { 'no-admin-access': 'low' } });
    expect(after.findings.filter((f) => f.ruleId === 'no-admin-access').map((f) => f.severity)).toEqual(['low']);
  });
});
