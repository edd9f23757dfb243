import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { roleWithComment } from '../src/testing/suppression.js';

const openRole = (comment: string) => roleWithComment(comment, '*');

const invalid = async (comment: string) => (await lintTree({ 'main.tf': openRole(comment) })).findings.filter((f) => f.ruleId === 'invalid-suppression');

describe('invalid-suppression', () => {
  it('fires on a comment without a reason, at the comment', async () => {
    const [f] = await invalid('# tfc-oidc-lint-ignore no-wildcard-organization');
    expect(f).toMatchObject({ messageId: 'noReason', severity: 'medium', range: { file: 'main.tf', start: { line: 5, column: 1 } } });
  });
  it('fires on an unknown rule id and on a comment without ids', async () => {
    expect((await invalid('# tfc-oidc-lint-ignore no-wildcard-organisation: typo'))[0]).toMatchObject({ messageId: 'unknownRule', message: expect.stringContaining('"no-wildcard-organisation"') });
    expect((await invalid('// tfc-oidc-lint-ignore: why'))[0]).toMatchObject({ messageId: 'noRule' });
  });
  it('stays quiet on a well-formed comment', async () => {
    expect(await invalid('# tfc-oidc-lint-ignore no-wildcard-organization: sandbox (SEC-1)')).toEqual([]);
  });
});
