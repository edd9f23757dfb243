// The rule tester's own checks: mistakes in the cases are errors before anything runs.
import { describe, expect, it } from 'vitest';
import { defineRule } from '../model/rule.js';
import { caseErrors } from './rule-tester.js';

const rule = defineRule({
  meta: {
    id: 'example-rule',
    description: 'An example rule for the tester’s own tests.',
    severity: 'low',
    messages: { one: 'one', two: 'two' },
  },
  check() {},
});

describe('caseErrors', () => {
  it('accepts cases that name message ids the rule declares, with their place', () => {
    expect(
      caseErrors(rule, {
        valid: [{ name: 'quiet', code: '' }],
        invalid: [
          { name: 'inline', code: '', errors: [{ messageId: 'one', line: 1, column: 1 }] },
          { name: 'shapes', shapes: { conditions: {} }, errors: [{ messageId: 'two', text: '"x"' }] },
        ],
      }),
    ).toEqual([]);
  });

  it('names an unknown message id, as ESLint does', () => {
    expect(
      caseErrors(rule, { valid: [], invalid: [{ name: 'typo', code: '', errors: [{ messageId: 'tow' as 'two', line: 1, column: 1 }] }] }),
    ).toEqual(['invalid case "typo": example-rule has no message id "tow" (it declares one, two)']);
  });

  it('names a severity the rule does not declare (meta.severity and meta.severities)', () => {
    expect(
      caseErrors(rule, {
        valid: [],
        invalid: [{ name: 'too high', code: '', errors: [{ messageId: 'one', line: 1, column: 1, severity: 'critical' }] }],
      }),
    ).toEqual(['invalid case "too high": example-rule does not declare severity "critical" (it declares low)']);
  });

  it('wants line and column for inline cases and the exact text for shapes cases', () => {
    expect(
      caseErrors(rule, {
        valid: [],
        invalid: [
          { name: 'no column', code: '', errors: [{ messageId: 'one', line: 1 }] },
          { name: 'no text', shapes: { conditions: {} }, errors: [{ messageId: 'one' }] },
        ],
      }),
    ).toEqual([
      'invalid case "no column": give the finding\'s line and column',
      'invalid case "no text": a shapes case names the finding\'s exact text (lines differ between shapes)',
    ]);
  });

  it('wants the place of an expected could-not-evaluate note in a code case, not in a shapes case', () => {
    expect(
      caseErrors(rule, {
        valid: [
          { name: 'code', code: '', undecided: [{ messageId: 'trust' }] },
          { name: 'shapes', shapes: { conditions: {} }, undecided: [{ messageId: 'trust' }] },
        ],
        invalid: [],
      }),
    ).toEqual(['valid case "code": give the line and column of the could-not-evaluate note it expects']);
  });

  it('refuses an invalid case without findings and two cases with one name', () => {
    expect(
      caseErrors(rule, {
        valid: [{ name: 'same', code: '' }],
        invalid: [{ name: 'same', code: '', errors: [] }],
      }),
    ).toEqual(['invalid case "same" lists no finding: make it a valid case', 'two cases are named "same"']);
  });
});
