import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { roleWithComment as role } from '../src/testing/suppression.js';


const unused = async (comment: string, org: string, options = {}) =>
  (await lintTree({ 'main.tf': role(comment, org) }, options)).findings.filter((f) => f.ruleId === 'unused-suppression');

describe('unused-suppression', () => {
  const comment = '# tfc-oidc-lint-ignore no-wildcard-organization: sandbox';
  it('fires when the suppressed problem is gone, at the comment', async () => {
    const [f] = await unused(comment, 'acme');
    expect(f).toMatchObject({ severity: 'low', range: { start: { line: 5 } }, message: expect.stringContaining('"no-wildcard-organization"') });
  });
  it('stays quiet while the comment suppresses a finding', async () => {
    expect(await unused(comment, '*')).toEqual([]);
  });
  it('does not judge a rule that did not run', async () => {
    expect(await unused(comment, 'acme', { ruleSettings: { 'no-wildcard-organization': 'off' } })).toEqual([]);
  });
});
