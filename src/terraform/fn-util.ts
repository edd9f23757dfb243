// Shared plumbing for the built-in functions: the call context, argument checks, and results
// that carry the call's range and the origins of the values they were computed from.
import type { Range } from '../core/source.js';
import type { Scope } from './scope.js';
import { derivedString, toStr } from './strings.js';
import type { ListValue, Origin, StringValue, Value } from '../core/value.js';

export interface CallCtx {
  name: string;
  range: Range;
  scope: Scope;
  argRanges: Range[];
}

export type Fn = (args: Value[], ctx: CallCtx) => Value;
/** Functions that must see failures of their arguments (try, can) get them unevaluated. */
export type LazyFn = (args: (() => Value)[], ctx: CallCtx) => Value;

/** Thrown inside a function body for invalid input; the dispatcher turns it into an unknown. */
export class FnError extends Error {}

export function fail(message: string): never {
  throw new FnError(message);
}

export function originsOf(...vs: (Value | undefined)[]): Origin[] | undefined {
  const out: Origin[] = [];
  for (const v of vs) if (v?.origins) for (const x of v.origins) out.push(x);
  return out.length ? out : undefined;
}

export function strArg(v: Value | undefined, what = 'argument'): StringValue {
  if (!v) fail(`missing ${what}`);
  if (v.kind === 'unknown') throw new UnknownArg(v.reason);
  const s = toStr(v);
  if (!s) fail(`${what} must be a string, not a ${v.kind}`);
  const run = s.segments?.find((seg) => seg.unknown)?.unknown;
  if (run) throw new UnknownArg(run.reason);
  return s;
}

export function numArg(v: Value | undefined, what = 'argument'): number {
  if (!v) fail(`missing ${what}`);
  if (v.kind === 'unknown') throw new UnknownArg(v.reason);
  if (v.kind === 'number') return v.value;
  if (v.kind === 'string' && v.value.trim() !== '' && !Number.isNaN(Number(v.value))) return Number(v.value);
  return fail(`${what} must be a number`);
}

export function listArg(v: Value | undefined, what = 'argument'): ListValue {
  if (!v) fail(`missing ${what}`);
  if (v.kind === 'unknown') throw new UnknownArg(v.reason);
  if (v.kind === 'list') return v;
  return fail(`${what} must be a list, not a ${v.kind}`);
}

/** Thrown when a result would exceed an evaluation limit: reported, and the result is unknown. */
export class LimitError extends Error {}

export function overLimit(what: string): never {
  throw new LimitError(what);
}

/** Thrown when an argument is unknown: the call's result is unknown with the same reason. */
export class UnknownArg extends Error {}

export function resultString(value: string, ctx: CallCtx, ...from: (Value | undefined)[]): StringValue {
  return derivedString(value, ctx.range, originsOf(...from));
}
