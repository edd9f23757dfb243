// The engine, not the rule, owns wording: a rule may report only the message ids its meta declares.
import { describe, expect, it } from 'vitest';
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
