// A rule that throws becomes an internal-error finding naming it (high), whatever the rule order
// and whatever rules are selected; every other rule's findings are still reported; the CLI exits 2.
import { describe, expect, it } from 'vitest';
import { exitCode } from '../src/cli/shared.js';
import { defineRule, type Rule } from '../src/model/rule.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';
import { recommendedRules } from './index.js';
import requireSubCondition from './require-sub-condition.js';
import { placeName } from '../src/core/source.js';

const openRole = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "open" {
    name = "open"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }, Action = "sts:AssumeRoleWithWebIdentity" }]
    })
  }
`;

/** A rule with a bug: it reports once per role, then throws. */
const crashing = defineRule({
  meta: {
    id: 'crashing-rule',
    description: 'A rule with a bug, for this test only.',
    severity: 'low',
    messages: { seen: 'seen {{role}}' },
  },
  check({ project, report }) {
    for (const role of project.roles) report({ messageId: 'seen', data: { role: role.label }, range: role.range });
    throw new TypeError("Cannot read properties of undefined (reading 'statements')");
  },
}) as Rule;

const ids = (fs: { ruleId: string }[]) => fs.map((f) => f.ruleId).sort();

describe('a rule that throws', () => {
  for (const [name, order] of [
    ['first', [crashing, requireSubCondition]],
    ['last', [requireSubCondition, crashing]],
  ] as [string, Rule[]][]) {
    it(`run ${name}: an internal-error naming it, and the other rule's findings are kept`, async () => {
      const r = await lintTree({ 'main.tf': openRole }, { rules: order });
      expect(ids(r.findings)).toEqual(['crashing-rule', 'internal-error', 'require-sub-condition']);
      const crash = r.findings.find((f) => f.ruleId === 'internal-error')!;
      expect(crash.severity).toBe('high');
      expect(crash.message).toBe(
        "Rule crashing-rule crashed, so its findings are missing: Cannot read properties of undefined (reading 'statements')",
      );
      expect(placeName(crash.range)).toBe('main.tf');
      expect(exitCode(r.findings, { failOn: 'critical', maxWarnings: undefined })).toBe(2);
    });
  }

  it('in the middle of the whole recommended set, every finding the set makes without it is still there', async () => {
    const files = { 'main.tf': openRole };
    const clean = await lintTree(files, { rules: recommendedRules });
    const middle = Math.floor(recommendedRules.length / 2);
    const withCrash = await lintTree(files, { rules: [...recommendedRules.slice(0, middle), crashing, ...recommendedRules.slice(middle)] });
    const kept = withCrash.findings.filter((f) => f.ruleId !== 'internal-error' && f.ruleId !== 'crashing-rule');
    expect(kept.map((f) => `${f.ruleId}@${f.range.start.line}`)).toEqual(clean.findings.map((f) => `${f.ruleId}@${f.range.start.line}`));
    expect(withCrash.findings.filter((f) => f.ruleId === 'internal-error')).toHaveLength(1);
  });

  it('is reported even when the rule selection leaves internal-error out, and "off" does not silence it', async () => {
    const r = await lintTree({ 'main.tf': openRole }, { rules: [crashing], ruleSettings: { 'internal-error': 'off' } });
    expect(ids(r.findings)).toEqual(['crashing-rule', 'internal-error']);
  });

  it('a stack overflow inside a rule is named as too deep nesting, in one line', async () => {
    const deep = defineRule({
      meta: {
        id: 'recursing-rule',
        description: 'A rule that recurses without end, for this test only.',
        severity: 'low',
        messages: { x: 'x' },
      },
      check() {
        const down = (n: number): number => down(n + 1) + 1;
        down(0);
      },
    }) as Rule;
    const r = await lintTree({ 'main.tf': openRole }, { rules: [deep, requireSubCondition] });
    const crash = r.findings.find((f) => f.ruleId === 'internal-error')!;
    expect(crash.message).toBe(
      'Rule recursing-rule crashed, so its findings are missing: the input is nested too deeply for it (Maximum call stack size exceeded)',
    );
    expect(r.findings.some((f) => f.ruleId === 'require-sub-condition')).toBe(true);
  });

  it('without a crash there is no internal-error finding and the exit code follows the findings', async () => {
    const r = await lintTree({ 'main.tf': openRole }, { rules: recommendedRules });
    expect(r.findings.some((f) => f.ruleId === 'internal-error')).toBe(false);
    expect(exitCode(r.findings, { failOn: 'high', maxWarnings: undefined })).toBe(1);
  });
});
