// Inline suppressions (`# tfc-oidc-lint-ignore`), the config's ignore list, and the findings about
// broken or stale suppressions, through the real pipeline on real files.
import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { cli } from '../src/testing/cli.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { tfcTrustJson } from '../src/testing/rule-cases.js';

const provider = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
`;

/** A role whose sub admits every organization; `before` goes above the resource, `eol` after the sub line. */
function role(before = '', eol = ''): string {
  return (
    provider +
    before +
    tf`
      resource "aws_iam_role" "r" {
        name = "r"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
            Action    = "sts:AssumeRoleWithWebIdentity"
            Condition = {
              StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
              StringLike   = { "app.terraform.io:sub" = "organization:*:project:infra:workspace:prod:run_phase:apply" } ${eol}
            }
          }]
        })
      }
    `
  );
}

const ids = (fs: { ruleId: string }[]) => fs.map((f) => f.ruleId);

describe('inline suppressions', () => {
  it('fires without a comment (the role really is open)', async () => {
    expect(ids((await lintTree({ 'main.tf': role() })).findings)).toEqual(['no-wildcard-organization']);
  });

  it('a comment on the line above the block suppresses findings inside it, with the reason and the comment location', async () => {
    const r = await lintTree({ 'main.tf': role('# tfc-oidc-lint-ignore no-wildcard-organization: sandbox (SEC-1)\n') });
    expect(r.findings).toEqual([]);
    expect(r.suppressed).toHaveLength(1);
    expect(r.suppressed![0].suppressions).toEqual([
      {
        kind: 'inSource',
        justification: 'sandbox (SEC-1)',
        location: expect.objectContaining({ file: 'main.tf', start: expect.objectContaining({ line: 5, column: 1 }) }),
      },
    ]);
  });

  it('a `//` comment at the end of the line suppresses what starts on that line', async () => {
    const r = await lintTree({ 'main.tf': role('', '// tfc-oidc-lint-ignore no-wildcard-organization, no-wildcard-project: accepted') });
    // The second id matched nothing there: that part of the comment is stale.
    expect(ids(r.findings)).toEqual(['unused-suppression']);
    expect(r.findings[0].message).toContain('"no-wildcard-project"');
    expect(r.findings[0].message).not.toContain('"no-wildcard-organization"');
    expect(ids(r.suppressed!)).toEqual(['no-wildcard-organization']);
  });

  it('covers only the construct below it: above the provider it does not reach the role', async () => {
    const r = await lintTree({ 'main.tf': '# tfc-oidc-lint-ignore no-wildcard-organization: wrong place\n' + role() });
    expect(ids(r.findings)).toEqual(['unused-suppression', 'no-wildcard-organization']);
    expect(r.findings[0].related?.[0].range).toMatchObject({ start: { line: 2 }, end: { line: 5 } });
  });

  it('names another rule: the finding stays and the comment is reported as unused', async () => {
    const r = await lintTree({ 'main.tf': role('# tfc-oidc-lint-ignore no-wildcard-workspace: not this one\n') });
    expect(ids(r.findings)).toEqual(['unused-suppression', 'no-wildcard-organization']);
    expect(r.findings[0]).toMatchObject({
      severity: 'low',
      range: { start: { line: 5 } },
      message: expect.stringContaining('"no-wildcard-workspace"'),
    });
  });

  it('without a reason it suppresses nothing and is reported as invalid', async () => {
    const r = await lintTree({ 'main.tf': role('# tfc-oidc-lint-ignore no-wildcard-organization\n') });
    expect(ids(r.findings)).toEqual(['invalid-suppression', 'no-wildcard-organization']);
    expect(r.findings[0].messageId).toBe('noReason');
  });

  it('an unknown rule id is reported as invalid; the known ids still apply', async () => {
    const r = await lintTree({ 'main.tf': role('# tfc-oidc-lint-ignore no-such-rule, no-wildcard-organization: ok\n') });
    expect(ids(r.findings)).toEqual(['invalid-suppression']);
    expect(r.findings[0].message).toContain('"no-such-rule"');
    expect(ids(r.suppressed!)).toEqual(['no-wildcard-organization']);
  });

  it('the marker inside a string is not a comment', async () => {
    const r = await lintTree({ 'main.tf': role('locals {\n  note = "# tfc-oidc-lint-ignore no-wildcard-organization: no"\n}\n') });
    expect(ids(r.findings)).toEqual(['no-wildcard-organization']);
  });

  it('--no-inline-suppressions (inlineSuppressions: false) ignores the comments', async () => {
    const r = await lintTree(
      { 'main.tf': role('# tfc-oidc-lint-ignore no-wildcard-organization: sandbox\n') },
      { inlineSuppressions: false },
    );
    expect(ids(r.findings)).toEqual(['no-wildcard-organization']);
  });

  it('turning unused-suppression off silences it', async () => {
    const r = await lintTree(
      { 'main.tf': role('# tfc-oidc-lint-ignore no-wildcard-workspace: x\n') },
      { ruleSettings: { 'unused-suppression': 'off' } },
    );
    expect(ids(r.findings)).toEqual(['no-wildcard-organization']);
  });
});

describe('config ignore list (for JSON inputs)', () => {
  const trust = tfcTrustJson('organization:*:project:p:workspace:w:run_phase:apply');

  it('suppresses matching rule and path globs as external, with the reason, and fails no run', async () => {
    const t = writeTree({
      'iam/legacy-trust.json': trust,
      '.tfc-oidc-lint.json': JSON.stringify({
        ignore: [{ rule: 'no-wildcard-organization', path: 'iam/legacy-*.json', reason: 'removed in Q3' }],
      }),
    });
    try {
      const open = await cli(['.', '-f', 'json', '--config', '/dev/null/none'], t.dir);
      expect(open.code).toBe(2);
      const r = await cli(['.', '-f', 'json'], t.dir);
      const doc = JSON.parse(r.stdout);
      expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('no-wildcard-organization');
      expect(doc.suppressed).toEqual([
        expect.objectContaining({
          ruleId: 'no-wildcard-organization',
          file: 'iam/legacy-trust.json',
          suppressions: [{ kind: 'external', justification: 'removed in Q3' }],
        }),
      ]);
      expect(doc.summary.suppressed).toBe(1);
      const other = await lintTree(
        { 'iam/current.json': trust },
        { ignore: [{ rule: 'no-wildcard-organization', path: 'iam/legacy-*.json', reason: 'x' }] },
      );
      expect(ids(other.findings)).toContain('no-wildcard-organization');
    } finally {
      t.cleanup();
    }
  });
});
