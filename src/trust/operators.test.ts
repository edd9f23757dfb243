import { describe, expect, it } from 'vitest';
import { actionMatches, evaluateCondition, matchValue, parseOperatorInfo } from './operators.js';
import { OpaqueTable } from './pattern.js';

const op = parseOperatorInfo;

describe('parseOperatorInfo', () => {
  it('splits qualifier, base and IfExists, case-insensitively, into canonical names', () => {
    expect(op('ForAnyValue:StringLikeIfExists')).toMatchObject({
      set: 'ForAnyValue',
      base: 'StringLike',
      ifExists: true,
      known: true,
      negated: false,
    });
    expect(op('forallvalues:stringnotequals')).toMatchObject({
      set: 'ForAllValues',
      base: 'StringNotEquals',
      ifExists: false,
      negated: true,
    });
    expect(op('StringEquals')).toEqual({ base: 'StringEquals', ifExists: false, known: true, negated: false });
  });

  it('flags operators IAM does not know, and a qualifier that is not one', () => {
    expect(op('StringMatches').known).toBe(false);
    expect(op('ForSomeValues:StringLike').known).toBe(false);
    expect(op('NullIfExists').known).toBe(false);
  });
});

describe('matchValue', () => {
  it('StringLike * spans any run including colons, ? exactly one character', () => {
    expect(matchValue('organization:acme:*', 'organization:acme:project:p:workspace:w:run_phase:plan', 'glob')).toBe(true);
    expect(matchValue('organization:ac?e:*', 'organization:acme:x', 'glob')).toBe(true);
    expect(matchValue('organization:ac?e:*', 'organization:acmme:x', 'glob')).toBe(false);
    expect(matchValue('*:workspace:prod:*', 'organization:o:project:p:workspace:prod:run_phase:apply', 'glob')).toBe(true);
  });

  it('StringEquals treats * as a literal that never matches a real sub, and is case-sensitive', () => {
    expect(matchValue('organization:acme:*', 'organization:acme:project:p', 'exact')).toBe(false);
    expect(matchValue('organization:*', 'organization:*', 'exact')).toBe(true);
    expect(matchValue('organization:Acme', 'organization:acme', 'exact')).toBe(false);
    expect(matchValue('organization:Acme', 'organization:acme', 'exact-ci')).toBe(true);
  });

  it('an opaque (unknown) run is a fixed name: itself matches, another name is unknown, a clash elsewhere is false', () => {
    const t = new OpaqueTable();
    const u = t.charFor('${var.org}');
    expect(matchValue(`organization:${u}:*`, `organization:${u}:project:p`, 'glob')).toBe(true);
    expect(matchValue(`organization:${u}:*`, 'organization:acme:project:p', 'glob')).toBe('unknown');
    expect(matchValue(`organization:${u}:project:p`, 'organization:acme:project:q', 'exact')).toBe(false);
  });
});

describe('evaluateCondition', () => {
  const sub = ['organization:acme:project:p:workspace:w:run_phase:apply'];

  it('ORs the values of one key', () => {
    expect(evaluateCondition(op('StringLike'), ['organization:x:*', 'organization:acme:*'], sub)).toBe(true);
    expect(evaluateCondition(op('StringLike'), ['organization:x:*', 'organization:y:*'], sub)).toBe(false);
  });

  it('ANDs the values of a negated operator', () => {
    expect(evaluateCondition(op('StringNotLike'), ['organization:x:*', 'organization:y:*'], sub)).toBe(true);
    expect(evaluateCondition(op('StringNotLike'), ['organization:x:*', 'organization:acme:*'], sub)).toBe(false);
  });

  it('a missing key fails a plain operator but passes IfExists, ForAllValues and negated operators', () => {
    expect(evaluateCondition(op('StringEquals'), ['a'], undefined)).toBe(false);
    expect(evaluateCondition(op('StringEqualsIfExists'), ['a'], undefined)).toBe(true);
    expect(evaluateCondition(op('ForAllValues:StringEquals'), ['a'], undefined)).toBe(true);
    expect(evaluateCondition(op('ForAnyValue:StringEquals'), ['a'], undefined)).toBe(false);
    expect(evaluateCondition(op('StringNotEquals'), ['a'], undefined)).toBe(true);
  });

  it('IfExists still applies the comparison when the key is present', () => {
    expect(evaluateCondition(op('StringLikeIfExists'), ['organization:x:*'], sub)).toBe(false);
  });

  it('Null true means absent, false means present', () => {
    expect(evaluateCondition(op('Null'), ['true'], undefined)).toBe(true);
    expect(evaluateCondition(op('Null'), ['true'], sub)).toBe(false);
    expect(evaluateCondition(op('Null'), ['false'], sub)).toBe(true);
  });

  it('ForAllValues requires every request value to match; ForAnyValue one of them', () => {
    expect(evaluateCondition(op('ForAllValues:StringEquals'), ['a', 'b'], ['a', 'c'])).toBe(false);
    expect(evaluateCondition(op('ForAllValues:StringEquals'), ['a', 'b'], ['a', 'b'])).toBe(true);
    expect(evaluateCondition(op('ForAnyValue:StringEquals'), ['a'], ['x', 'a'])).toBe(true);
  });

  it('leaves undecided what it cannot compare: an unknown operator, a numeric operator on a string, an unknown request', () => {
    expect(evaluateCondition(op('StringMatches'), ['a'], ['a'])).toBe('unknown');
    expect(evaluateCondition(op('NumericEquals'), ['1'], ['1'])).toBe('unknown');
    expect(evaluateCondition(op('StringEquals'), ['a'], 'unknown')).toBe('unknown');
    expect(evaluateCondition(op('StringEquals'), ['b'], ['a'], true)).toBe('unknown');
  });
});

describe('actionMatches', () => {
  const A = 'sts:AssumeRoleWithWebIdentity';
  it('matches exact names case-insensitively, service wildcards and *', () => {
    expect(actionMatches(['STS:assumerolewithwebidentity'], [], A)).toBe(true);
    expect(actionMatches(['sts:*'], [], A)).toBe(true);
    expect(actionMatches(['*'], [], A)).toBe(true);
    expect(actionMatches(['sts:AssumeRole'], [], A)).toBe(false);
  });
  it('NotAction covers every action it does not list', () => {
    expect(actionMatches([], ['sts:AssumeRole'], A)).toBe(true);
    expect(actionMatches([], ['sts:AssumeRoleWith*'], A)).toBe(false);
  });
  it('an unknown action list is undecided unless a known entry already matches', () => {
    expect(actionMatches([], [], A, true)).toBe('unknown');
    expect(actionMatches(['sts:*'], [], A, true)).toBe(true);
  });
});
