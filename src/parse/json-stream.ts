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
    segments: (start, end, valueOffset) => [{ start: valueOffset, end: valueOffset + (end - start), range: file.range(base + start, base + end), source: file, linear: true }],
  };
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index after the string that starts at `i` (a `"`), or -1. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; ) {
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
}

export interface StreamResult {
  value: Value;
  /** Elements left out by `keep`. */
  skipped: number;
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
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  const rootStart = i;
  const entries: ObjectEntry[] = [];
  let skipped = 0;
  i = skipWs(text, i + 1);
  if (text.charCodeAt(i) === 125) return undefined;
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
    let value: Value | undefined;
    if (opts.arrays.has(keyValue.value) && text.charCodeAt(start) === 91) {
      const items: Value[] = [];
      let j = skipWs(text, start + 1);
      if (text.charCodeAt(j) !== 93) {
        for (;;) {
          const e = skipValue(text, j);
          if (e < 0) return undefined;
          const raw = text.slice(j, e);
          if (opts.keep && !opts.keep(keyValue.value, raw)) skipped++;
          else {
            const item = part(j, e);
            if (!item) return undefined;
            items.push(item);
          }
          j = skipWs(text, e);
          if (text.charCodeAt(j) === 93) break;
          if (text.charCodeAt(j) !== 44) return undefined;
          j = skipWs(text, j + 1);
        }
      }
      value = { kind: 'list', items, range: file.range(start, end) };
    } else {
      value = part(start, end);
    }
    if (!value) return undefined;
    entries.push({ key: keyValue.value, keyValue, value });
    i = skipWs(text, end);
    if (text.charCodeAt(i) === 125) {
      if (skipWs(text, i + 1) !== text.length) return undefined;
      return { value: { kind: 'object', entries, range: file.range(rootStart, i + 1) }, skipped };
    }
    if (text.charCodeAt(i) !== 44) return undefined;
    i = skipWs(text, i + 1);
  }
}
