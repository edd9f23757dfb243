// jsonencode/jsondecode and the file functions. jsonencode keeps the encoded value
// (`encodedFrom`) and per-character segments; file() text maps into the file read.
import { parseJsonText } from '../parse/json.js';
import { findType, parseHclText } from '../parse/hcl.js';
import type { SourceFile } from '../core/source.js';
import { type CallCtx, type Fn, fail, originsOf, strArg } from './fn-util.js';
import { type Scope, childScope, shiftedSource } from './scope.js';
import { StringBuilder, formatNumber } from './strings.js';
import { locatorForString } from './string-locator.js';
import { evalTemplateBody } from './template.js';
import { type Segment, type StringValue, type Value, withOrigin } from '../core/value.js';

function encodeString(b: StringBuilder, s: StringValue, ctx: CallCtx): void {
  b.append('"', { range: s.range ?? ctx.range });
  const segs: Segment[] = s.segments?.length ? s.segments : [{ start: 0, end: s.value.length, range: s.range ?? ctx.range }];
  for (const seg of segs) {
    const raw = s.value.slice(seg.start, seg.end);
    const enc = JSON.stringify(raw).slice(1, -1);
    const { start: _s, end: _e, ...rest } = seg;
    if (enc.length !== raw.length && rest.linear) {
      rest.linear = false;
      delete rest.source;
    }
    b.append(enc, rest);
  }
  b.append('"', { range: s.range ?? ctx.range });
}

function encode(b: StringBuilder, v: Value, ctx: CallCtx, depth: number): void {
  if (depth > 100) fail('value nested too deeply to encode');
  const range = v.range ?? ctx.range;
  switch (v.kind) {
    case 'string':
      return encodeString(b, v, ctx);
    case 'number':
      return b.append(formatNumber(v.value), { range });
    case 'bool':
      return b.append(String(v.value), { range });
    case 'null':
      return b.append('null', { range });
    case 'unknown': {
      // A JSON string placeholder, so the document still parses and the run stays named.
      const label = v.symbol ? `\${${v.symbol.address}.${v.symbol.attribute}}` : '${?}';
      b.append('"', { range });
      b.append(label, { range, unknown: v.symbol ? { reason: v.reason, symbol: v.symbol } : { reason: v.reason } });
      return b.append('"', { range });
    }
    case 'list':
      b.append('[', { range });
      v.items.forEach((it, i) => {
        if (i) b.append(',', { range });
        encode(b, it, ctx, depth + 1);
      });
      return b.append(']', { range });
    case 'object': {
      b.append('{', { range });
      // Terraform encodes object attributes in lexical order; the last duplicate wins.
      const byKey = new Map(v.entries.map((e) => [e.key, e]));
      [...byKey.keys()].sort().forEach((k, i) => {
        const e = byKey.get(k)!;
        if (i) b.append(',', { range });
        encodeString(b, e.keyValue ?? { kind: 'string', value: k, range }, ctx);
        b.append(':', { range });
        encode(b, e.value, ctx, depth + 1);
      });
      return b.append('}', { range });
    }
  }
}

export function jsonencode(v: Value, ctx: CallCtx): StringValue {
  const b = new StringBuilder();
  encode(b, v, ctx, 0);
  const out = b.build(ctx.range, originsOf(v));
  out.encodedFrom = v;
  return out;
}

export function jsondecode(v: Value | undefined): Value {
  if (v?.kind === 'string' && v.encodedFrom) return v.encodedFrom;
  const s = v?.kind === 'string' ? v : strArg(v);
  const { value, errors } = parseJsonText(s.value, locatorForString(s));
  if (errors.length || !value) fail(errors[0]?.message ?? 'invalid JSON');
  return value;
}

function readArg(a: Value | undefined, ctx: CallCtx): SourceFile {
  const path = strArg(a, 'path').value;
  const env = ctx.scope.env;
  const r = env.files.read(path, env.cwd, ctx.argRanges[0] ?? ctx.range);
  if ('error' in r) fail(r.error);
  return r;
}

function fileString(file: SourceFile, ctx: CallCtx): StringValue {
  const text = file.text;
  const v: StringValue = {
    kind: 'string',
    value: text,
    range: ctx.range,
    origins: [{ kind: 'file', name: file.path, range: file.range(0, text.length) }],
  };
  v.segments = text.length ? [{ start: 0, end: text.length, range: file.range(0, text.length), source: file, linear: true }] : [];
  return v;
}

const MARK = 'TFC_OIDC_LINT_TEMPLATE_END';

/** A template file is a heredoc body without delimiters: parse it wrapped in one. */
export function templateVar(key: string, v: Value): Value {
  return v.range ? withOrigin(v, { kind: 'template-var', name: `template variable ${key}`, range: v.range }) : v;
}

function templatefile(a: Value[], ctx: CallCtx): Value {
  const file = readArg(a[0], ctx);
  const varsV = a[1];
  if (!varsV || varsV.kind !== 'object') fail('templatefile() needs an object of variables');
  const prefix = `x = <<${MARK}\n`;
  const synthetic = `${prefix}${file.text}\n${MARK}\n`;
  const root = parseHclText(synthetic);
  const heredoc = root && findType(root, 'heredoc_template');
  if (!heredoc || heredoc.hasError) fail(`template ${file.path} has a syntax error`);
  const vars: Record<string, Value> = {};
  // Each variable remembers where the call gives it, so a finding in the template names that line.
  for (const e of varsV.entries) vars[e.key] = templateVar(e.key, e.value);
  const isolated: Scope = { env: ctx.scope.env, resolve: () => undefined };
  const src = shiftedSource(file, synthetic, prefix.length);
  return evalTemplateBody(heredoc, prefix.length, prefix.length + file.text.length, src, childScope(isolated, vars), ctx.range);
}

export const encodingFunctions: Record<string, Fn> = {
  jsonencode: (a, ctx) => jsonencode(a[0] ?? fail('missing argument'), ctx),
  jsondecode: (a) => jsondecode(a[0]),
  file: (a, ctx) => fileString(readArg(a[0], ctx), ctx),
  fileexists: (a, ctx) => {
    const env = ctx.scope.env;
    const r = env.files.read(strArg(a[0]).value, env.cwd, undefined);
    return { kind: 'bool', value: !('error' in r), range: ctx.range };
  },
  templatefile,
  fileset: (a, ctx) => {
    const env = ctx.scope.env;
    const dir = strArg(a[0], 'path').value;
    const listed = env.files.list
      ? env.files.list(dir, strArg(a[1], 'pattern').value, env.cwd)
      : { error: 'fileset() is not available here' };
    if ('error' in listed) fail(listed.error);
    return { kind: 'list', set: true, items: listed.map((p) => ({ kind: 'string', value: p, range: ctx.range })), range: ctx.range };
  },
};
