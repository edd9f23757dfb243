// IAM condition operators and action matching, three-valued: a value not known until apply can
// make a comparison 'unknown', and unknown is carried through instead of being guessed.
import { parseOperator } from '../model/operator.js';
import type { ParsedOperator } from '../model/types.js';
import { hasOpaque } from './pattern.js';

export type Tri = boolean | 'unknown';

export function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  return a === true && b === true ? true : 'unknown';
}
export function or3(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  return a === false && b === false ? false : 'unknown';
}
export function not3(a: Tri): Tri {
  return a === 'unknown' ? a : !a;
}

type Compare = 'exact' | 'exact-ci' | 'glob' | 'null' | 'undecidable';

interface OperatorSpec {
  name: string;
  compare: Compare;
  negated: boolean;
}

// Operators IAM knows. Those that never apply to string claims (numbers, dates, IPs, ARNs) are
// kept so they count as known, but comparing a `sub` with them is left undecided.
const SPECS: OperatorSpec[] = [
  { name: 'StringEquals', compare: 'exact', negated: false },
  { name: 'StringNotEquals', compare: 'exact', negated: true },
  { name: 'StringEqualsIgnoreCase', compare: 'exact-ci', negated: false },
  { name: 'StringNotEqualsIgnoreCase', compare: 'exact-ci', negated: true },
  { name: 'StringLike', compare: 'glob', negated: false },
  { name: 'StringNotLike', compare: 'glob', negated: true },
  { name: 'Null', compare: 'null', negated: false },
  ...['NumericEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'].map((name) => ({
    name,
    compare: 'undecidable' as const,
    negated: false,
  })),
  ...['DateEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'].map((name) => ({
    name,
    compare: 'undecidable' as const,
    negated: false,
  })),
  ...['Bool', 'BinaryEquals', 'IpAddress', 'ArnEquals', 'ArnLike'].map((name) => ({
    name,
    compare: 'undecidable' as const,
    negated: false,
  })),
  ...['NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike'].map((name) => ({
    name,
    compare: 'undecidable' as const,
    negated: true,
  })),
];
const BY_LOWER = new Map(SPECS.map((s) => [s.name.toLowerCase(), s]));

export interface OperatorInfo extends ParsedOperator {
  /** False when IAM does not know the operator (the policy is then invalid). */
  known: boolean;
  /** StringNotEquals, StringNotLike, ...: a missing key passes and values are ANDed. */
  negated: boolean;
}

/** What the engine needs to know of an operator the model has already split up. */
export function operatorInfo(op: ParsedOperator): OperatorInfo {
  const spec = specOf(op);
  const info: OperatorInfo = { base: spec?.name ?? op.base, ifExists: op.ifExists, known: !!spec, negated: spec?.negated ?? false };
  if (op.set) info.set = op.set;
  if (spec?.compare === 'null' && (op.set || op.ifExists)) info.known = false;
  return info;
}

/** `ForAnyValue:StringLikeIfExists` and the like, read into what the engine needs (names match case-insensitively). */
export function parseOperatorInfo(text: string): OperatorInfo {
  return operatorInfo(parseOperator(text.trim()).op);
}

function specOf(op: ParsedOperator): OperatorSpec | undefined {
  return BY_LOWER.get(op.base.toLowerCase());
}

// Tokens: a character code, STAR (any run) or ONE (one UTF-16 unit). Compiled once per pattern.
const STAR = -1;
const ONE = -2;
// One cache per mode, keyed by the pattern string itself (whose hash V8 keeps).
const compiled = [
  new Map<string, Int32Array>(),
  new Map<string, Int32Array>(),
  new Map<string, Int32Array>(),
  new Map<string, Int32Array>(),
];

function tokenize(pattern: string, glob: boolean, opaqueAsStar: boolean): Int32Array {
  const cache = compiled[(glob ? 2 : 0) + (opaqueAsStar ? 1 : 0)];
  let t = cache.get(pattern);
  if (!t) {
    t = new Int32Array(pattern.length);
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      t[i] = glob && c === 42 ? STAR : glob && c === 63 ? ONE : opaqueAsStar && c >= 0xe000 && c <= 0xf8ff ? STAR : c;
    }
    if (cache.size > 50_000) cache.clear();
    cache.set(pattern, t);
  }
  return t;
}

// Classic single-backtrack wildcard matching: O(pattern × subject) at worst, no recursion.
function matchTokens(p: Int32Array, s: string): boolean {
  let pi = 0;
  let si = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const t = pi < p.length ? p[pi] : undefined;
    if (t === ONE || t === s.charCodeAt(si)) {
      pi++;
      si++;
    } else if (t === STAR) {
      starP = pi++;
      starS = si;
    } else if (starP >= 0) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (pi < p.length && p[pi] === STAR) pi++;
  return pi === p.length;
}

/**
 * Compare one policy value with one request value. Opaque characters (runs unknown until apply)
 * stand for one fixed but unknown name: equal to themselves, and 'unknown' against anything else
 * that could still match.
 */
export function matchValue(pattern: string, subject: string, compare: 'exact' | 'exact-ci' | 'glob'): Tri {
  const ci = compare === 'exact-ci';
  const p = ci ? pattern.toLowerCase() : pattern;
  const s = ci ? subject.toLowerCase() : subject;
  const glob = compare === 'glob';
  if (!glob && p === s) return true;
  if (glob && matchTokens(tokenize(p, true, false), s)) return true;
  if (!hasOpaque(p) && !hasOpaque(s)) return false;
  if (hasOpaque(s)) return 'unknown';
  return matchTokens(tokenize(p, glob, true), s) ? 'unknown' : false;
}

/** Request values of one key: a list, `undefined` when the key is absent, 'unknown' when we cannot tell. */
export type RequestValues = string[] | undefined | 'unknown';

/** Evaluate one condition (operator + the values of one key) against the request's values of that key. */
export function evaluateCondition(op: ParsedOperator, values: string[], request: RequestValues, valuesUnknown = false): Tri {
  const spec = specOf(op);
  if (!spec || (spec.compare === 'null' && (op.set || op.ifExists))) return 'unknown';
  if (request === 'unknown') return 'unknown';
  const missing = request === undefined || request.length === 0;
  if (spec.compare === 'null') {
    if (valuesUnknown) return 'unknown';
    // Null: "true" means the key must be absent; values are ORed.
    let r: Tri = false;
    for (const v of values) {
      const want = v.toLowerCase();
      if (want === 'true') r = or3(r, missing);
      else if (want === 'false') r = or3(r, !missing);
      else r = or3(r, 'unknown');
    }
    return r;
  }
  if (missing) {
    if (op.ifExists || op.set === 'ForAllValues' || spec.negated) return true;
    return false;
  }
  if (spec.compare === 'undecidable') return 'unknown';
  const one = (r: string): Tri => {
    let any: Tri = false;
    for (const v of values) any = or3(any, matchValue(v, r, spec.compare as 'exact' | 'exact-ci' | 'glob'));
    if (valuesUnknown) any = or3(any, 'unknown');
    return spec.negated ? not3(any) : any;
  };
  if (op.set === 'ForAllValues') return request.reduce<Tri>((acc, r) => and3(acc, one(r)), true);
  // ForAnyValue, and a plain operator on the single-valued claims we model.
  return request.reduce<Tri>((acc, r) => or3(acc, one(r)), false);
}

/** Does an `Action` / `NotAction` pair cover `action`? Action names are case-insensitive. */
export function actionMatches(actions: string[], notActions: string[], action: string, someUnknown = false): Tri {
  const hit = (list: string[]): boolean => list.some((a) => matchValue(a.toLowerCase(), action.toLowerCase(), 'glob') === true);
  if (actions.length || (someUnknown && !notActions.length)) {
    if (hit(actions)) return true;
    return someUnknown ? 'unknown' : false;
  }
  if (notActions.length) {
    if (hit(notActions)) return false;
    return someUnknown ? 'unknown' : true;
  }
  return false;
}

export const ASSUME_WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity';
