// Large JSON documents (account dumps, plans) in bounded memory: the top-level object is walked
// by a byte scanner, and each element of its big arrays (RoleDetailList, Policies,
// resource_changes, ...) is parsed on its own, with exact positions, and dropped at once when the
// caller says it cannot matter. Nothing holds a syntax tree of the whole file. Whenever the
// scanner meets anything it does not expect, the caller falls back to the whole-file parser,
// which reports the error where it is.
import type { ObjectEntry, StringValue, Value } from '../core/value.js';
import { type TextLocator, parseJsonText } from './json.js';
import type { SourceFile } from '../core/source.js';

/** Offsets of a slice of the file's text, mapped back to the file. */
function sliceLocator(file: SourceFile, base: number): TextLocator {
  return {
    range: (start, end) => file.range(base + start, base + end),
    segments: (start, end, valueOffset) => [
      { start: valueOffset, end: valueOffset + (end - start), range: file.range(base + start, base + end), source: file, linear: true },
    ],
  };
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index after the string that starts at `i` (a `"`), or -1. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length;) {
    const q = text.indexOf('"', j);
    if (q < 0) return -1;
    // Count the backslashes before the quote: an odd number escapes it.
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
  return -1;
}

/** Index after the JSON value that starts at `i`, or -1 (not checked beyond bracket balance). */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 34) return skipString(text, i);
  if (c === 123 || c === 91) {
    // Jump from one structural character to the next (a native search), not one character at a time.
    const structural = /["{}[\]]/g;
    structural.lastIndex = i;
    let depth = 0;
    for (let m = structural.exec(text); m; m = structural.exec(text)) {
      const d = text.charCodeAt(m.index);
      if (d === 34) {
        const after = skipString(text, m.index);
        if (after < 0) return -1;
        structural.lastIndex = after;
      } else if (d === 123 || d === 91) depth++;
      else if (--depth === 0) return m.index + 1;
    }
    return -1;
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 125 || d === 93 || isWs(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

export interface StreamOptions {
  /** Top-level keys whose array is read element by element. */
  arrays: ReadonlySet<string>;
  /** Whether an element (its raw text) of array `key` can matter; the others are never parsed. Default: all. */
  keep?: (key: string, raw: string) => boolean;
  /**
   * Top-level keys holding Terraform module trees (a plan's `planned_values`, `prior_state`, a
   * state's `values`): walked through `values`, `root_module` and `child_modules`, and each element
   * of a `resources` list goes through `keep('resources', raw)`. One that is not kept is not
   * dropped but deferred: parsed only if asked for by its address (`elementsOf`).
   */
  modules?: ReadonlySet<string>;
}

export interface StreamResult {
  value: Value;
  /** Elements left out by `keep`. */
  skipped: number;
}

/** A `resources` element left unparsed: its top-level `address`, and its value on demand. */
export interface Deferred {
  deferred: true;
  address: string;
  load(): Value | undefined;
}

const deferredLists = new WeakMap<Value, (Value | Deferred)[]>();

/** The elements of a list in order; in a streamed module tree, deferred `resources` elements too. */
export function elementsOf(list: Value | undefined): (Value | Deferred)[] {
  if (!list) return [];
  return deferredLists.get(list) ?? (list.kind === 'list' ? list.items : []);
}

/** The top-level `address` string of the object at [i, end), or undefined when not plainly there. */
function topLevelAddress(text: string, i: number): string | undefined {
  if (text.charCodeAt(i) !== 123) return undefined;
  let address: string | undefined;
  let j = skipWs(text, i + 1);
  while (text.charCodeAt(j) === 34) {
    const keyEnd = skipString(text, j);
    if (keyEnd < 0) return undefined;
    const key = text.slice(j + 1, keyEnd - 1);
    j = skipWs(text, keyEnd);
    if (text.charCodeAt(j) !== 58) return undefined;
    const v = skipWs(text, j + 1);
    const e = skipValue(text, v);
    if (e < 0) return undefined;
    if (key === 'address') {
      // A repeated key: the parser keeps the last one; not worth guessing here.
      if (address !== undefined || text.charCodeAt(v) !== 34) return undefined;
      try {
        address = JSON.parse(text.slice(v, e)) as string;
      } catch {
        return undefined;
      }
    }
    j = skipWs(text, e);
    if (text.charCodeAt(j) === 125) return address;
    if (text.charCodeAt(j) !== 44) return undefined;
    j = skipWs(text, j + 1);
  }
  return undefined;
}

/**
 * The file's top-level object with the big arrays read element by element. `undefined` when the
 * text is not a well-formed object of that kind (the caller then parses the whole file and reports
 * what is wrong).
 */
export function parseJsonStreamed(file: SourceFile, opts: StreamOptions): StreamResult | undefined {
  const text = file.text.charCodeAt(0) === 0xfeff ? ' ' + file.text.slice(1) : file.text;
  const part = (start: number, end: number): Value | undefined => {
    const r = parseJsonText(text.slice(start, end), sliceLocator(file, start));
    return r.errors.length || !r.value ? undefined : r.value;
  };
  let skipped = 0;

  /** The array at `start` (a `[`) element by element: each element through `each`, undefined on doubt. */
  const readArray = (start: number, end: number, each: (j: number, e: number) => (Value | Deferred)[] | undefined): Value | undefined => {
    const items: Value[] = [];
    const all: (Value | Deferred)[] = [];
    let j = skipWs(text, start + 1);
    if (text.charCodeAt(j) !== 93) {
      for (;;) {
        const e = skipValue(text, j);
        if (e < 0) return undefined;
        const got = each(j, e);
        if (!got) return undefined;
        for (const g of got) {
          all.push(g);
          if (!('deferred' in g)) items.push(g);
        }
        j = skipWs(text, e);
        if (text.charCodeAt(j) === 93) break;
        if (text.charCodeAt(j) !== 44) return undefined;
        j = skipWs(text, j + 1);
      }
    }
    const list: Value = { kind: 'list', items, range: file.range(start, end) };
    if (all.length !== items.length) deferredLists.set(list, all);
    return list;
  };

  /** The object at `i` (a `{`) key by key; `value(key, start, end)` reads each value. */
  const readObject = (
    i: number,
    value: (key: string, start: number, end: number) => Value | undefined,
  ): { value: Value; end: number } | undefined => {
    const objStart = i;
    const entries: ObjectEntry[] = [];
    i = skipWs(text, i + 1);
    if (text.charCodeAt(i) === 125) return { value: { kind: 'object', entries, range: file.range(objStart, i + 1) }, end: i + 1 };
    for (;;) {
      if (text.charCodeAt(i) !== 34) return undefined;
      const keyEnd = skipString(text, i);
      if (keyEnd < 0) return undefined;
      const keyValue = part(i, keyEnd) as StringValue | undefined;
      if (keyValue?.kind !== 'string') return undefined;
      i = skipWs(text, keyEnd);
      if (text.charCodeAt(i) !== 58) return undefined;
      const start = skipWs(text, i + 1);
      const end = skipValue(text, start);
      if (end < 0) return undefined;
      const v = value(keyValue.value, start, end);
      if (!v) return undefined;
      entries.push({ key: keyValue.value, keyValue, value: v });
      i = skipWs(text, end);
      if (text.charCodeAt(i) === 125) return { value: { kind: 'object', entries, range: file.range(objStart, i + 1) }, end: i + 1 };
      if (text.charCodeAt(i) !== 44) return undefined;
      i = skipWs(text, i + 1);
    }
  };

  /** A module tree: `values`/`root_module` objects and `child_modules` elements walked, `resources` elements kept or deferred. */
  const moduleValue = (key: string, start: number, end: number): Value | undefined => {
    const c = text.charCodeAt(start);
    if ((key === 'values' || key === 'root_module') && c === 123) return readObject(start, moduleValue)?.value;
    if (key === 'child_modules' && c === 91)
      return readArray(start, end, (j, e) => (text.charCodeAt(j) === 123 ? wrap(readObject(j, moduleValue)?.value) : wrap(part(j, e))));
    if (key === 'resources' && c === 91) {
      return readArray(start, end, (j, e) => {
        const raw = text.slice(j, e);
        if (!opts.keep || opts.keep('resources', raw)) return wrap(part(j, e));
        const address = topLevelAddress(text, j);
        // Checked now, so that broken JSON is still reported where it is (the caller's whole-file parse).
        try {
          JSON.parse(raw);
        } catch {
          return undefined;
        }
        if (address === undefined) return wrap(part(j, e));
        skipped++;
        return [{ deferred: true, address, load: () => part(j, e) }];
      });
    }
    return part(start, end);
  };
  const wrap = (v: Value | undefined) => (v ? [v] : undefined);

  const i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  const root = readObject(i, (key, start, end) => {
    if (opts.arrays.has(key) && text.charCodeAt(start) === 91) {
      return readArray(start, end, (j, e) => {
        if (opts.keep && !opts.keep(key, text.slice(j, e))) {
          skipped++;
          return [];
        }
        return wrap(part(j, e));
      });
    }
    if (opts.modules?.has(key) && text.charCodeAt(start) === 123) return readObject(start, moduleValue)?.value;
    return part(start, end);
  });
  // An empty object is left to the whole-file parser (nothing to stream).
  if (!root || root.value.kind !== 'object' || !root.value.entries.length || skipWs(text, root.end) !== text.length) return undefined;
  return { value: root.value, skipped };
}
