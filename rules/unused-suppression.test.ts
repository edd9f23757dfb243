import { ruleTester } from '../src/testing/rule-tester.js';
import { roleWithComment } from '../src/testing/suppression.js';
import rule from './unused-suppression.js';

const comment = '# tfc-oidc-lint-ignore no-wildcard-organization: sandbox';
/** The comment is on line 5; `org` goes into the sub pattern (`*` makes no-wildcard-organization fire). */
const role = (org: string) => ({ code: roleWithComment(comment, org) });

ruleTester(rule, {
  valid: [
    { name: 'the comment suppresses a finding', ...role('*') },
    { name: 'a rule that did not run is not judged', ...role('acme'), options: { ruleSettings: { 'no-wildcard-organization': 'off' } } },
  ],
  invalid: [
    {
      name: 'the suppressed problem is gone: at the comment',
      ...role('acme'),
      errors: [{ messageId: 'unused', line: 5, column: 1, severity: 'low', says: ['"no-wildcard-organization"'] }],
    },
  ],
});
