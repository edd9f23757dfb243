// Collection and numeric functions. Elements keep their own ranges and origins: `one(list)`
// gives back the element as written, so provenance survives the call.
import { LIMITS } from './budget.js';
import { valuesEqual } from './expr.js';
import { type CallCtx, type Fn, UnknownArg, fail, listArg, numArg, originsOf, overLimit, strArg } from './fn-util.js';
import { toStr } from './strings.js';
import type { ListValue, ObjectEntry, ObjectValue, Value } from '../core/value.js';
import { getEntry } from '../core/value.js';

function known(v: Value | undefined): Value {
  if (!v) fail('missing argument');
  if (v.kind === 'unknown') throw new UnknownArg(v.reason);
  return v;
}

function collection(v: Value | undefined): Value[] {
  const k = known(v);
  if (k.kind === 'list') return k.items;
  if (k.kind === 'object') return k.entries.map((e) => e.value);
  return fail(`expected a collection, not a ${k.kind}`);
}

function objArg(v: Value | undefined): ObjectValue {
  const k = known(v);
  if (k.kind !== 'object') fail(`expected a map or object, not a ${k.kind}`);
  return k;
}

const list = (items: Value[], ctx: CallCtx, set = false): ListValue => {
  if (items.length > LIMITS.maxExpansion) overLimit(`a list of more than ${LIMITS.maxExpansion} elements`);
  const l: ListValue = { kind: 'list', items, range: ctx.range };
  if (set) l.set = true;
  return l;
};
const num = (value: number, ctx: CallCtx, ...from: Value[]): Value => ({
  kind: 'number',
  value,
  range: ctx.range,
  origins: originsOf(...from),
});
const bool = (value: boolean, ctx: CallCtx): Value => ({ kind: 'bool', value, range: ctx.range });

/** Distinct by deep equality; an undecidable comparison keeps both (never merges unknowns). */
function distinct(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const it of items) if (!out.some((o) => valuesEqual(o, it) === true)) out.push(it);
  return out;
}

function flatten(items: Value[], depth: number): Value[] {
  if (depth > LIMITS.maxDepth) fail('list nested too deeply');
  const out: Value[] = [];
  for (const it of items) {
    if (it.kind === 'list') for (const x of flatten(it.items, depth + 1)) out.push(x);
    else if (it.kind === 'unknown') throw new UnknownArg(it.reason);
    else out.push(it);
  }
  return out;
}

/** Every combination of one element per list, first list slowest (Terraform's order). */
function setproduct(lists: ListValue[], ctx: CallCtx): Value[] {
  if (lists.length < 2) fail('setproduct() needs at least two collections');
  const total = lists.reduce((n, l) => n * l.items.length, 1);
  if (total > LIMITS.maxExpansion) overLimit(`setproduct() of more than ${LIMITS.maxExpansion} combinations`);
  let rows: Value[][] = [[]];
  // Each element also carries its list's origins (as one() does), so a pair still names the variable.
  for (const l of lists) rows = rows.flatMap((row) => l.items.map((it) => [...row, { ...it, origins: originsOf(it, l) }]));
  return rows.map((items): Value => ({ kind: 'list', items, range: ctx.range }));
}

const isIn = (items: Value[], v: Value) => items.some((o) => valuesEqual(o, v) === true);

/** A bool, or the strings Terraform converts to one. */
function boolArg(v: Value): boolean {
  const k = known(v);
  if (k.kind === 'bool') return k.value;
  if (k.kind === 'string' && (k.value === 'true' || k.value === 'false')) return k.value === 'true';
  return fail(`expected a bool, not a ${k.kind}`);
}

function sortKey(v: Value): string {
  const s = toStr(known(v));
  if (!s) fail('sort needs strings');
  return s.value;
}

export const collectionFunctions: Record<string, Fn> = {
  one: (a, ctx) => {
    const items = collection(a[0]);
    if (items.length > 1) fail('one() needs a list with at most one element');
    return items[0] ? { ...items[0], origins: originsOf(items[0], a[0]) } : { kind: 'null', range: ctx.range };
  },
  concat: (a, ctx) =>
    list(
      a.flatMap((l) => listArg(l).items),
      ctx,
    ),
  merge: (a, ctx) => {
    const entries: ObjectEntry[] = [];
    for (const o of a) {
      if (o.kind === 'null') continue;
      for (const e of objArg(o).entries) {
        const i = entries.findIndex((x) => x.key === e.key);
        if (i >= 0) entries.splice(i, 1);
        entries.push(e);
      }
    }
    return { kind: 'object', entries, range: ctx.range };
  },
  flatten: (a, ctx) => list(flatten(listArg(a[0]).items, 0), ctx),
  distinct: (a, ctx) => list(distinct(listArg(a[0]).items), ctx),
  toset: (a, ctx) => list(distinct(listArg(a[0]).items), ctx, true),
  tolist: (a, ctx) => list(listArg(a[0]).items, ctx),
  tomap: (a, ctx) => ({ ...objArg(a[0]), range: ctx.range }),
  tonumber: (a, ctx) => (a[0]?.kind === 'null' ? a[0] : num(numArg(a[0]), ctx, a[0])),
  tobool: (a, ctx) => {
    const v = known(a[0]);
    if (v.kind === 'bool' || v.kind === 'null') return v;
    if (v.kind === 'string' && (v.value === 'true' || v.value === 'false')) return bool(v.value === 'true', ctx);
    return fail('cannot convert to bool');
  },
  lookup: (a) => {
    const e = getEntry(objArg(a[0]), strArg(a[1]).value);
    if (e) return e.value;
    if (a.length > 2) return a[2];
    return fail(`no key ${JSON.stringify(strArg(a[1]).value)}`);
  },
  coalesce: (a) => {
    for (const v of a) {
      const k = known(v);
      if (k.kind !== 'null' && !(k.kind === 'string' && k.value === '')) return k;
    }
    return fail('no non-null, non-empty argument');
  },
  coalescelist: (a) => {
    for (const v of a) if (listArg(v).items.length) return v;
    return fail('no non-empty list');
  },
  compact: (a, ctx) =>
    list(
      listArg(a[0]).items.filter((v) => known(v).kind !== 'null' && !(v.kind === 'string' && v.value === '')),
      ctx,
    ),
  contains: (a, ctx) => {
    const items = collection(a[0]);
    let undecided = false;
    for (const it of items) {
      const eq = valuesEqual(it, known(a[1]));
      if (eq) return bool(true, ctx);
      if (eq === undefined) undecided = true;
    }
    if (undecided) throw new UnknownArg('contains() on unknown elements');
    return bool(false, ctx);
  },
  length: (a, ctx) => {
    const v = known(a[0]);
    if (v.kind === 'string') return num(Array.from(strArg(v).value).length, ctx);
    if (v.kind === 'list') return num(v.items.length, ctx);
    if (v.kind === 'object') return num(v.entries.length, ctx);
    return fail(`length of a ${v.kind}`);
  },
  keys: (a, ctx) =>
    list(
      objArg(a[0])
        .entries.map((e): Value => e.keyValue ?? { kind: 'string', value: e.key })
        .sort((x, y) => sortKey(x).localeCompare(sortKey(y))),
      ctx,
    ),
  values: (a, ctx) =>
    list(
      [...objArg(a[0]).entries].sort((x, y) => (x.key < y.key ? -1 : 1)).map((e) => e.value),
      ctx,
    ),
  element: (a) => {
    const items = listArg(a[0]).items;
    if (!items.length) fail('element() of an empty list');
    const i = numArg(a[1]);
    if (i < 0) fail('negative index');
    return items[Math.floor(i) % items.length];
  },
  slice: (a, ctx) => {
    const items = listArg(a[0]).items;
    const s = numArg(a[1]);
    const e = numArg(a[2]);
    if (s < 0 || e > items.length || s > e) fail('slice indexes out of range');
    return list(items.slice(s, e), ctx);
  },
  zipmap: (a, ctx) => {
    const ks = listArg(a[0]).items;
    const vs = listArg(a[1]).items;
    if (ks.length !== vs.length) fail('zipmap needs lists of equal length');
    return { kind: 'object', range: ctx.range, entries: ks.map((k, i) => ({ key: strArg(k).value, keyValue: strArg(k), value: vs[i] })) };
  },
  setunion: (a, ctx) => list(distinct(a.flatMap((l) => listArg(l).items)), ctx, true),
  setproduct: (a, ctx) => {
    const lists = a.map((l) => listArg(l));
    return list(
      setproduct(lists, ctx),
      ctx,
      lists.some((l) => l.set),
    );
  },
  setintersection: (a, ctx) => {
    const [first, ...rest] = a.map((l) => distinct(listArg(l).items));
    return list(
      (first ?? []).filter((it) => rest.every((r) => isIn(r, it))),
      ctx,
      true,
    );
  },
  setsubtract: (a, ctx) => {
    const drop = listArg(a[1]).items;
    return list(
      distinct(listArg(a[0]).items).filter((it) => !isIn(drop, it)),
      ctx,
      true,
    );
  },
  alltrue: (a, ctx) => bool(collection(a[0]).every(boolArg), ctx),
  anytrue: (a, ctx) => bool(collection(a[0]).some(boolArg), ctx),
  index: (a, ctx) => {
    const items = listArg(a[0]).items;
    const at = items.findIndex((it) => valuesEqual(it, known(a[1])) === true);
    if (at < 0) {
      // An element that might equal the value once known leaves the answer open.
      if (items.some((it) => valuesEqual(it, a[1]) !== false)) throw new UnknownArg('index() of a partly unknown list');
      fail('index() could not find the element');
    }
    return num(at, ctx, a[0]);
  },
  sum: (a, ctx) => {
    const items = collection(a[0]);
    if (!items.length) fail('sum() of an empty collection');
    return num(
      items.reduce((n, v) => n + numArg(v), 0),
      ctx,
      a[0],
    );
  },
  sort: (a, ctx) =>
    list(
      [...listArg(a[0]).items].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0)),
      ctx,
    ),
  reverse: (a, ctx) => list([...listArg(a[0]).items].reverse(), ctx),
  range: (a, ctx) => {
    const n = a.map((v) => numArg(v));
    const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[1] >= n[0] ? 1 : -1)];
    if (step === 0) fail('range step must not be zero');
    const count = Math.max(0, Math.ceil((end - start) / step));
    if (count > LIMITS.maxExpansion) overLimit(`range() of more than ${LIMITS.maxExpansion} elements`);
    return list(
      Array.from({ length: count }, (_, i) => num(start + i * step, ctx)),
      ctx,
    );
  },
  abs: (a, ctx) => num(Math.abs(numArg(a[0])), ctx, a[0]),
  min: (a, ctx) => num(Math.min(...a.map((v) => numArg(v))), ctx),
  max: (a, ctx) => num(Math.max(...a.map((v) => numArg(v))), ctx),
};
