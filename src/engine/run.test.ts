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
  meta: {
    id: 'sloppy-rule',
    description: 'Reports a message id its meta does not declare.',
    severity: 'low',
    messages: { declared: 'declared message' },
  },
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
    meta: {
      id: 'two-severities',
      description: 'Reports one finding per severity it is given.',
      severity: 'low',
      severities: { critical: 'when it is bad' },
      messages: { note: 'note at {{s}}' },
    },
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
    const r = await lintTree(
      { 'main.tf': PROVIDER },
      { rules: [twoSeverities(['critical'])], ruleSettings: { 'two-severities': 'medium' } },
    );
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

describe('a rule whose finding another rule covers (meta.coveredBy)', () => {
  const PROVIDERS = `${PROVIDER}resource "aws_iam_openid_connect_provider" "other" {
  url            = "https://gitlab.example.com"
  client_id_list = ["sts.amazonaws.com"]
}
`;
  /** Reports at every provider. */
  const broad = defineRule<'broad'>({
    meta: { id: 'broad-rule', description: 'Reports every provider.', severity: 'high', messages: { broad: 'the whole problem' } },
    check({ project, report }) {
      for (const p of project.providers) report({ messageId: 'broad', range: p.range, resource: p.address });
    },
  });
  /** Reports the same element and place, but also where the broad rule stays quiet. */
  const narrow = (only?: string) =>
    defineRule<'narrow'>({
      meta: {
        id: 'narrow-rule',
        description: 'A part of the broad problem.',
        severity: 'high',
        messages: { narrow: 'one part of it' },
        coveredBy: ['broad-rule'],
      },
      check({ project, report }) {
        for (const p of project.providers) report({ messageId: 'narrow', range: p.range, resource: only ?? p.address });
      },
    });
  it('is reported once, by the covering rule, which keeps it as a related note', async () => {
    const r = await lintTree({ 'main.tf': PROVIDERS }, { rules: [broad, narrow()] });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['broad-rule', 'broad-rule']);
    expect(r.findings[0].related?.map((x) => x.message)).toEqual(['also: one part of it (narrow-rule)']);
  });
  it('stands on its own where the covering rule is not run or names another element', async () => {
    const alone = await lintTree({ 'main.tf': PROVIDERS }, { rules: [narrow()] });
    expect(alone.findings.map((f) => f.ruleId)).toEqual(['narrow-rule', 'narrow-rule']);
    const elsewhere = await lintTree({ 'main.tf': PROVIDERS }, { rules: [broad, narrow('aws_iam_role.other')] });
    expect(elsewhere.findings.map((f) => f.ruleId).sort()).toEqual(['broad-rule', 'broad-rule', 'narrow-rule', 'narrow-rule']);
  });
});
