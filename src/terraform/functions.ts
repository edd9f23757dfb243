// The function table and its dispatcher: argument expansion (`f(xs...)`), unknown propagation,
// try/can, and invalid calls turned into unknown values with a note instead of exceptions.
import type { Range } from '../core/source.js';
import { LIMITS } from './budget.js';
import { type CallCtx, type Fn, FnError, type LazyFn, LimitError, UnknownArg } from './fn-util.js';
import { collectionFunctions } from './functions-collection.js';
import { encodingFunctions } from './functions-encoding.js';
import { stringFunctions } from './functions-string.js';
import type { Scope } from './scope.js';
import { type Value, isFullyKnown, unknown } from '../core/value.js';

const eager: Record<string, Fn> = { ...stringFunctions, ...collectionFunctions, ...encodingFunctions };

/** Values Terraform only knows at apply time. */
const APPLY_TIME = new Set(['timestamp', 'uuid', 'bcrypt', 'plantimestamp', 'uuidv5']);

const lazy: Record<string, LazyFn> = {
  try: (args, ctx) => {
    for (const a of args) {
      const v = a();
      if (v.kind === 'unknown' && isError(v.reason)) continue;
      return v;
    }
    return unknown('no try() argument could be evaluated', ctx.range);
  },
  can: (args, ctx) => {
    const v = args[0]?.();
    if (!v) return unknown('can() needs an argument', ctx.range);
    if (v.kind === 'unknown' && isError(v.reason)) return { kind: 'bool', value: false, range: ctx.range };
    if (!isFullyKnown(v)) return unknown(v.kind === 'unknown' ? v.reason : 'can() of a partly unknown value', ctx.range);
    return { kind: 'bool', value: true, range: ctx.range };
  },
};

/** Unknowns that stand for an evaluation error (what try/can catch), not an apply-time value. */
const ERROR_REASONS = /^(invalid call|undeclared|no attribute|index |cannot apply|unknown name|cannot iterate|division by zero)/;
function isError(reason: string): boolean {
  return ERROR_REASONS.test(reason);
}

export interface CallSite {
  range: Range;
  scope: Scope;
  expandLast: boolean;
  argRanges: Range[];
}

export function callFunction(rawName: string, thunks: (() => Value)[], site: CallSite): Value {
  const name = rawName.replace(/^core::/, '');
  const ctx: CallCtx = { name, range: site.range, scope: site.scope, argRanges: site.argRanges };
  const budget = site.scope.env.budget;
  if (lazy[name]) return lazy[name](thunks, ctx);
  if (APPLY_TIME.has(name)) return unknown(`${name}() is only known at apply time`, site.range);
  const fn = eager[name];
  if (!fn) {
    budget.note(`unsupported function ${name}(); its result is treated as unknown`, site.range);
    return unknown(`unsupported function ${name}()`, site.range);
  }
  let args = thunks.map((t) => t());
  if (site.expandLast && args.length) {
    const last = args[args.length - 1];
    if (last.kind === 'unknown') return unknown(last.reason, site.range);
    if (last.kind !== 'list') return invalid(name, 'expanding a non-list argument', site.range);
    args = [...args.slice(0, -1), ...last.items];
  }
  try {
    const out = fn(args, ctx);
    if (out.kind === 'string' && out.value.length > LIMITS.maxStringLength)
      return budget.exceeded(`${name}() result longer than ${LIMITS.maxStringLength} characters`, site.range);
    const size =
      out.kind === 'list'
        ? out.items.length
        : out.kind === 'object'
          ? out.entries.length
          : out.kind === 'string'
            ? Math.ceil(out.value.length / 100)
            : 0;
    if (!budget.charge(size)) return budget.exceeded('too many evaluation steps', site.range);
    return out;
  } catch (e) {
    if (e instanceof UnknownArg) return unknown(e.message, site.range);
    if (e instanceof LimitError) return budget.exceeded(`${name}(): ${e.message}`, site.range);
    if (e instanceof FnError) return invalid(name, e.message, site.range);
    throw e;
  }
}

/** A call Terraform would reject: unknown, and marked so that can() answers false. */
function invalid(name: string, message: string, range: Range): Value {
  return unknown(`invalid call to ${name}(): ${message}`, range);
}
