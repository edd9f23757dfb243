// String functions. join/format/formatlist keep the segments of their string arguments so a
// value built from a variable still points at that variable; the others derive new text.
import { RE2JS } from 're2js';
import { type CallCtx, type Fn, UnknownArg, fail, listArg, numArg, originsOf, resultString, strArg } from './fn-util.js';
import { StringBuilder, sliceString, toStr } from './strings.js';
import type { StringValue, Value } from '../core/value.js';

/** Append a value to a builder keeping its segments; apply-time values become unknown runs. */
function appendAny(b: StringBuilder, v: Value, ctx: CallCtx, verb = 's'): void {
  if (v.kind === 'unknown') {
    b.append('${?}', { range: v.range ?? ctx.range, unknown: v.symbol ? { reason: v.reason, symbol: v.symbol } : { reason: v.reason } });
    return;
  }
  if (verb === 'q') return b.appendValue(resultString(JSON.stringify(strArg(v).value), ctx, v));
  if (verb === 'd') return b.appendValue(resultString(String(Math.trunc(numArg(v))), ctx, v));
  const s = toStr(v);
  if (!s) fail(`cannot format a ${v.kind} value with %${verb}`);
  b.appendValue(s.segments ? s : { ...s, segments: [{ start: 0, end: s.value.length, range: s.range ?? ctx.range }] });
}

function format(fmt: StringValue, args: Value[], ctx: CallCtx): StringValue {
  const b = new StringBuilder();
  let argIndex = 0;
  let last = 0;
  const re = /%(?:\[(\d+)\])?([-+# 0]*\d*(?:\.\d+)?)([a-zA-Z%])/g;
  for (let m = re.exec(fmt.value); m; m = re.exec(fmt.value)) {
    b.appendValue(sliceString(fmt, last, m.index));
    last = m.index + m[0].length;
    if (m[3] === '%') {
      b.appendValue(sliceString(fmt, m.index + 1, last));
      continue;
    }
    if (m[1]) argIndex = Number(m[1]) - 1;
    const arg = args[argIndex++];
    if (!arg) fail('not enough arguments for format');
    if (m[3] === 'v' && m[2] === '#') b.appendValue(resultString(JSON.stringify(plain(arg)), ctx, arg));
    else appendAny(b, arg, ctx, m[3] === 'v' || m[3] === 't' || m[3] === 'f' ? 's' : m[3]);
  }
  b.appendValue(sliceString(fmt, last, fmt.value.length));
  return b.build(ctx.range, fmt.origins);
}

function plain(v: Value): unknown {
  switch (v.kind) {
    case 'list':
      return v.items.map(plain);
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'null':
      return null;
    case 'unknown':
      throw new UnknownArg(v.reason);
    default:
      return v.value;
  }
}

/** Terraform's `/re/` convention: a pattern in slashes is an RE2 regular expression. */
function compileRe(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    return fail(`invalid regular expression: ${(e as Error).message}`);
  }
}

function regexResult(re: RE2JS, m: ReturnType<RE2JS['matcher']>, ctx: CallCtx, src: Value): Value {
  const named = re.namedGroups();
  const names = Object.keys(named);
  if (names.length)
    return {
      kind: 'object',
      range: ctx.range,
      entries: names.map((n) => ({ key: n, value: resultString(m.group(named[n]) ?? '', ctx, src) })),
    };
  const count = re.groupCount();
  if (count === 0) return resultString(m.group(0) ?? '', ctx, src);
  const items: Value[] = [];
  for (let g = 1; g <= count; g++) items.push(resultString(m.group(g) ?? '', ctx, src));
  return { kind: 'list', items, range: ctx.range };
}

const simple =
  (f: (s: string) => string): Fn =>
  (a, ctx) =>
    resultString(f(strArg(a[0]).value), ctx, a[0]);
const predicate =
  (f: (s: string, t: string) => boolean): Fn =>
  (a, ctx) => ({ kind: 'bool', value: f(strArg(a[0]).value, strArg(a[1]).value), range: ctx.range, origins: originsOf(a[0]) });

export const stringFunctions: Record<string, Fn> = {
  format: (a, ctx) => format(strArg(a[0], 'format string'), a.slice(1), ctx),
  formatlist: (a, ctx) => {
    const lists = a.slice(1).map((v) => (v.kind === 'list' ? v.items : undefined));
    const n = Math.max(0, ...lists.map((l) => l?.length ?? 0));
    const items: Value[] = [];
    for (let i = 0; i < n; i++)
      items.push(
        format(
          strArg(a[0]),
          a.slice(1).map((v, j) => lists[j]?.[i] ?? v),
          ctx,
        ),
      );
    return { kind: 'list', items, range: ctx.range };
  },
  join: (a, ctx) => {
    const sep = strArg(a[0], 'separator');
    const b = new StringBuilder();
    let first = true;
    for (const l of a.slice(1)) {
      for (const item of listArg(l).items) {
        if (!first) b.appendValue(sep);
        first = false;
        appendAny(b, item, ctx);
      }
    }
    return b.build(ctx.range, originsOf(...a));
  },
  split: (a, ctx) => {
    const sep = strArg(a[0]).value;
    const s = strArg(a[1]);
    const items: Value[] = [];
    if (s.value === '') return { kind: 'list', items: [resultString('', ctx, s)], range: ctx.range };
    let pos = 0;
    for (;;) {
      const i = sep === '' ? (pos < s.value.length - 1 ? pos + 1 : -1) : s.value.indexOf(sep, pos);
      if (i < 0) break;
      items.push(sliceString(s, pos, i, ctx.range));
      pos = i + sep.length;
    }
    items.push(sliceString(s, pos, s.value.length, ctx.range));
    return { kind: 'list', items, range: ctx.range };
  },
  replace: (a, ctx) => {
    const s = strArg(a[0]).value;
    const search = strArg(a[1]).value;
    const rep = strArg(a[2]).value;
    if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) {
      const out = compileRe(search.slice(1, -1))
        .matcher(s)
        .replaceAll(rep.replace(/\$\{(\w+)\}/g, '$$$1'));
      return resultString(out, ctx, a[0]);
    }
    return resultString(search === '' ? s : s.split(search).join(rep), ctx, a[0]);
  },
  regex: (a, ctx) => {
    const re = compileRe(strArg(a[0]).value);
    const m = re.matcher(strArg(a[1]).value);
    if (!m.find()) fail('pattern did not match');
    return regexResult(re, m, ctx, a[1]);
  },
  regexall: (a, ctx) => {
    const re = compileRe(strArg(a[0]).value);
    const m = re.matcher(strArg(a[1]).value);
    const items: Value[] = [];
    while (m.find() && items.length < 10_000) items.push(regexResult(re, m, ctx, a[1]));
    return { kind: 'list', items, range: ctx.range };
  },
  lower: simple((s) => s.toLowerCase()),
  upper: simple((s) => s.toUpperCase()),
  title: simple((s) => s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, p: string, c: string) => p + c.toUpperCase())),
  trimspace: simple((s) => s.trim()),
  chomp: simple((s) => s.replace(/(\r\n|\n|\r)+$/, '')),
  urlencode: simple((s) =>
    encodeURIComponent(s)
      .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
      .replace(/%20/g, '+'),
  ),
  base64encode: simple((s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: simple((s) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) fail('invalid base64');
    return Buffer.from(s, 'base64').toString('utf8');
  }),
  trimprefix: (a, ctx) => {
    const s = strArg(a[0]);
    const p = strArg(a[1]).value;
    return s.value.startsWith(p) ? sliceString(s, p.length, s.value.length, ctx.range) : { ...s, range: ctx.range };
  },
  trimsuffix: (a, ctx) => {
    const s = strArg(a[0]);
    const p = strArg(a[1]).value;
    return p && s.value.endsWith(p) ? sliceString(s, 0, s.value.length - p.length, ctx.range) : { ...s, range: ctx.range };
  },
  trim: (a, ctx) => {
    const s = strArg(a[0]);
    const cut = new Set(strArg(a[1]).value);
    let i = 0;
    let j = s.value.length;
    while (i < j && cut.has(s.value[i])) i++;
    while (j > i && cut.has(s.value[j - 1])) j--;
    return sliceString(s, i, j, ctx.range);
  },
  substr: (a, ctx) => {
    const s = strArg(a[0]);
    const chars = Array.from(s.value);
    let off = numArg(a[1]);
    let len = numArg(a[2]);
    if (off < 0) off = Math.max(0, chars.length + off);
    if (len < 0 || off + len > chars.length) len = chars.length - off;
    const start = chars.slice(0, off).join('').length;
    const end = start + chars.slice(off, off + len).join('').length;
    return sliceString(s, start, end, ctx.range);
  },
  startswith: predicate((s, t) => s.startsWith(t)),
  endswith: predicate((s, t) => s.endsWith(t)),
  strcontains: predicate((s, t) => s.includes(t)),
  tostring: (a, ctx) => {
    if (a[0]?.kind === 'null' || a[0]?.kind === 'string') return { ...a[0], range: ctx.range };
    return { ...strArg(a[0]), range: ctx.range };
  },
};
