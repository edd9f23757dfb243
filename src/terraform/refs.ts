// Generic traversal steps (`.attr`, `[key]`, splats) over evaluated values. On a computed
// (symbolic) unknown the steps extend the symbol, so `certificates[0].sha1_fingerprint` stays named.
import { type Range, rangeContains, endOffsetOf, startOffsetOf } from '../core/source.js';
import type { Step } from './scope.js';
import { type Origin, type SymbolRef, type Value, getEntry, unknown } from '../core/value.js';

export function applySteps(base: Value, steps: Step[], rangeAt: (n: number) => Range): Value {
  let cur = base;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const range = rangeAt(i + 1);
    if (step.kind === 'splat') {
      if (cur.kind === 'unknown') return { ...extendSymbol(cur, '[*]', range), range };
      const items = cur.kind === 'null' ? [] : cur.kind === 'list' ? cur.items : [cur];
      cur = { kind: 'list', items: items.map((it) => applySteps(it, step.steps, () => range)), range };
      continue;
    }
    cur = applyOne(cur, step, range);
    if (cur.kind === 'unknown' && !cur.symbol) return cur;
  }
  return cur;
}

function applyOne(cur: Value, step: Exclude<Step, { kind: 'splat' }>, range: Range): Value {
  const label = step.kind === 'attr' ? `.${step.name}` : `[${keyLabel(step.key)}]`;
  if (cur.kind === 'unknown') return { ...extendSymbol(cur, label, range), range };
  if (step.kind === 'index' && step.key.kind === 'unknown') return unknown(step.key.reason, range);
  const carry = (v: Value): Value => ({ ...v, range, origins: inheritOrigins(cur, v, label) });
  if (cur.kind === 'object') {
    const key =
      step.kind === 'attr'
        ? step.name
        : step.key.kind === 'string'
          ? step.key.value
          : step.key.kind === 'number'
            ? String(step.key.value)
            : undefined;
    const e = key === undefined ? undefined : getEntry(cur, key);
    if (e) return carry(e.value);
    if (cur.instance && step.kind === 'attr') {
      const symbol: SymbolRef = { ...cur.instance, attribute: step.name };
      return unknown(`${cur.instance.address}.${step.name} is computed at apply time`, range, symbol);
    }
    return unknown(`no attribute ${JSON.stringify(key)}`, range);
  }
  if (cur.kind === 'list' && step.kind === 'index') {
    const i = step.key.kind === 'number' ? step.key.value : step.key.kind === 'string' ? Number(step.key.value) : NaN;
    const item = Number.isInteger(i) ? cur.items[i] : undefined;
    return item ? carry(item) : unknown(`index ${label} out of range`, range);
  }
  return unknown(`cannot apply ${label} to a ${cur.kind} value`, range);
}

function keyLabel(k: Value): string {
  if (k.kind === 'number') return String(k.value);
  if (k.kind === 'string') return JSON.stringify(k.value);
  return '?';
}

function extendSymbol(v: Value & { kind: 'unknown' }, label: string, range: Range): Value {
  if (!v.symbol) return unknown(v.reason, range);
  const attribute = label.startsWith('.') ? `${v.symbol.attribute}${label}` : `${v.symbol.attribute}${label}`;
  const symbol: SymbolRef = { ...v.symbol, attribute };
  return { ...v, symbol };
}

/**
 * The origins of an element taken out of a collection: its own, then the collection's. Where the
 * collection was written as a whole (a tfvars map, a variable default), the place is narrowed to
 * the element's own line, so a finding names the line that set the value, not the whole map.
 */
export function inheritOrigins(outer: Value, inner: Value, label: string): Origin[] | undefined {
  if (!outer.origins?.length) return inner.origins;
  const at = inner.range;
  const narrowed = outer.origins.map((o) =>
    at &&
    o.range &&
    rangeContains(o.range, at) &&
    (startOffsetOf(o.range) !== startOffsetOf(at) || endOffsetOf(o.range) !== endOffsetOf(at))
      ? { ...o, name: `${o.name}${label}`, range: at }
      : o,
  );
  return mergeOrigins(inner.origins, narrowed);
}

function mergeOrigins(inner: Origin[] | undefined, outer: Origin[] | undefined): Origin[] | undefined {
  if (!outer?.length) return inner;
  return [...(inner ?? []), ...outer];
}
