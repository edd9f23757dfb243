import { ruleTester } from '../src/testing/rule-tester.js';
import { roleWithComment } from '../src/testing/suppression.js';
import rule from './invalid-suppression.js';

/** The role with no-wildcard-organization's problem and `comment` on line 5. */
const openRole = (comment: string) => ({ code: roleWithComment(comment, '*') });
const AT = { line: 5, column: 1 };

ruleTester(rule, {
  valid: [{ name: 'a well-formed comment', ...openRole('# tfc-oidc-lint-ignore no-wildcard-organization: sandbox (SEC-1)') }],
  invalid: [
    {
      name: 'a comment without a reason, at the comment',
      ...openRole('# tfc-oidc-lint-ignore no-wildcard-organization'),
      errors: [{ messageId: 'noReason', ...AT, severity: 'medium' }],
    },
    {
      name: 'an unknown rule id',
      ...openRole('# tfc-oidc-lint-ignore no-wildcard-organisation: typo'),
      errors: [{ messageId: 'unknownRule', ...AT, says: ['"no-wildcard-organisation"'] }],
    },
    { name: 'a comment without ids', ...openRole('// tfc-oidc-lint-ignore: why'), errors: [{ messageId: 'noRule', ...AT }] },
  ],
});
