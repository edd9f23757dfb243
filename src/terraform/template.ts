// String templates and heredocs: literal runs map back to the file character by character,
// each escape and each interpolation is its own segment, `~` strip markers and `<<-` indentation
// are applied to the literal text before it is copied.
import { type Node, kids, namedKids } from '../parse/hcl.js';
import type { Range } from '../core/source.js';
import { LIMITS } from './budget.js';
import { evalExpr, iterate } from './expr.js';
import { type Scope, type TextSource, childScope, srcRange } from './scope.js';
import { StringBuilder, sliceString } from './strings.js';
import { type Segment, type StringValue, type Value, hasUnknownRun } from '../core/value.js';

type Part =
  | { kind: 'lit'; pieces: [number, number][] }
  | { kind: 'interp'; node: Node; stripL: boolean; stripR: boolean }
  | { kind: 'if'; node: Node; cond: Node; then: Part[]; else: Part[]; stripL: boolean; stripR: boolean; inner: boolean[] }
  | { kind: 'for'; node: Node; names: string[]; coll: Node; body: Part[]; stripL: boolean; stripR: boolean; inner: boolean[] }
  // A directive nested deeper than LIMITS.maxDepth: not read further, its text is an unknown value.
  | { kind: 'deep'; node: Node; stripL: false; stripR: false };

const STRUCTURAL = new Set(['template_interpolation', 'template_directive']);

/** Evaluate a template_expr, quoted_template, string_lit or heredoc_template node. */
export function evalTemplate(node: Node, src: TextSource, scope: Scope): Value {
  const inner = node.type === 'template_expr' ? (namedKids(node)[0] ?? node) : node;
  const range = srcRange(src, node.startIndex, node.endIndex);
  const heredoc = inner.type === 'heredoc_template';
  const [start, end] = heredoc ? heredocBounds(inner, src) : quotedBounds(inner);
  let parts = contentParts(inner, start, end);
  if (heredoc && kids(inner)[0]?.text === '<<-') parts = stripIndent(parts, src);
  // "${x}" alone yields x itself, not its string form (as Terraform does).
  const single = heredoc ? undefined : singleInterpolation(parts);
  if (single) return { ...evalExpr(single, src, scope), range };
  const b = new StringBuilder();
  render(parts, src, scope, b, heredoc, false, false);
  if (b.text.length > LIMITS.maxStringLength)
    return scope.env.budget.exceeded(`string longer than ${LIMITS.maxStringLength} characters`, range);
  return b.build(range);
}

/** Template text at [start, end) of `container` (templatefile bodies), rendered as a heredoc. */
export function evalTemplateBody(
  container: Node,
  start: number,
  end: number,
  src: TextSource,
  scope: Scope,
  range: Range,
  unwrapSingle = false,
): Value {
  const parts = contentParts(container, start, end);
  if (unwrapSingle) {
    const single = singleInterpolation(parts);
    if (single) return { ...evalExpr(single, src, scope), range };
  }
  const b = new StringBuilder();
  render(parts, src, scope, b, true, false, false);
  if (b.text.length > LIMITS.maxStringLength)
    return scope.env.budget.exceeded(`string longer than ${LIMITS.maxStringLength} characters`, range);
  return b.build(range);
}

function singleInterpolation(parts: Part[]): Node | undefined {
  if (parts.length !== 1 || parts[0].kind !== 'interp') return undefined;
  return namedKids(parts[0].node).find((k) => k.type === 'expression');
}

function quotedBounds(n: Node): [number, number] {
  const ks = kids(n);
  const first = ks[0];
  const last = ks[ks.length - 1];
  const start = first?.type === 'quoted_template_start' ? first.endIndex : n.startIndex;
  const end = last?.type === 'quoted_template_end' && !last.isMissing ? last.startIndex : n.endIndex;
  return [start, end];
}

function heredocBounds(n: Node, src: TextSource): [number, number] {
  const ids = kids(n).filter((k) => k.type === 'heredoc_identifier');
  const text = src.text;
  const open = ids[0];
  let start = open ? text.indexOf('\n', open.endIndex) + 1 : n.startIndex;
  if (start <= 0) start = n.endIndex;
  const close = ids.length > 1 && !ids[ids.length - 1].isMissing ? ids[ids.length - 1] : undefined;
  let end = close ? close.startIndex : n.endIndex;
  // The closing marker's line (its indentation included) is not content.
  if (close) end = text.lastIndexOf('\n', end - 1) + 1;
  return [start, Math.max(start, end)];
}

function contentParts(container: Node, start: number, end: number, depth = 0): Part[] {
  const parts: Part[] = [];
  let pos = start;
  for (const k of kids(container)) {
    if (!STRUCTURAL.has(k.type) || k.startIndex < start || k.endIndex > end) continue;
    if (k.startIndex > pos) parts.push({ kind: 'lit', pieces: [[pos, k.startIndex]] });
    const p = structuralPart(k, depth);
    if (p) parts.push(p);
    pos = k.endIndex;
  }
  if (end > pos) parts.push({ kind: 'lit', pieces: [[pos, end]] });
  return parts;
}

/** [left, right] strip markers of an interpolation or directive piece. */
function markers(n: Node): [boolean, boolean] {
  const ks = kids(n);
  let l = false;
  let r = false;
  ks.forEach((k, i) => {
    if (k.type !== 'strip_marker') return;
    if (i <= 1) l = true;
    else r = true;
  });
  return [l, r];
}

function structuralPart(k: Node, depth: number): Part | undefined {
  if (k.type === 'template_interpolation') {
    const [l, r] = markers(k);
    return { kind: 'interp', node: k, stripL: l, stripR: r };
  }
  const d = namedKids(k)[0];
  if (!d) return undefined;
  // Directives nested thousands deep: the parts are built and rendered recursively, so the
  // nesting is bounded like expression nesting (docs/limits.md).
  if ((d.type === 'template_if' || d.type === 'template_for') && depth >= LIMITS.maxDepth)
    return { kind: 'deep', node: d, stripL: false, stripR: false };
  const ks = kids(d);
  if (d.type === 'template_if') {
    const intro = ks.find((c) => c.type === 'template_if_intro');
    const elseIntro = ks.find((c) => c.type === 'template_else_intro');
    const endNode = ks.find((c) => c.type === 'template_if_end');
    const cond = intro && namedKids(intro).find((c) => c.type === 'expression');
    if (!intro || !cond) return undefined;
    const thenEnd = elseIntro?.startIndex ?? endNode?.startIndex ?? d.endIndex;
    const [iL, iR] = markers(intro);
    const [eL, eR] = elseIntro ? markers(elseIntro) : [false, false];
    const [nL, nR] = endNode ? markers(endNode) : [false, false];
    return {
      kind: 'if',
      node: d,
      cond,
      then: contentParts(d, intro.endIndex, thenEnd, depth + 1),
      else: elseIntro ? contentParts(d, elseIntro.endIndex, endNode?.startIndex ?? d.endIndex, depth + 1) : [],
      stripL: iL,
      stripR: nR,
      // then-lead, then-trail, else-lead, else-trail
      inner: [iR, elseIntro ? eL : nL, eR, nL],
    };
  }
  if (d.type === 'template_for') {
    const startNode = ks.find((c) => c.type === 'template_for_start');
    const endNode = ks.find((c) => c.type === 'template_for_end');
    if (!startNode) return undefined;
    const names = kids(startNode)
      .filter((c) => c.type === 'identifier')
      .map((c) => c.text);
    const coll = namedKids(startNode).find((c) => c.type === 'expression');
    if (!coll) return undefined;
    const [sL, sR] = markers(startNode);
    const [nL, nR] = endNode ? markers(endNode) : [false, false];
    return {
      kind: 'for',
      node: d,
      names,
      coll,
      body: contentParts(d, startNode.endIndex, endNode?.startIndex ?? d.endIndex, depth + 1),
      stripL: sL,
      stripR: nR,
      inner: [sR, nL],
    };
  }
  return undefined;
}

/** `<<-`: remove the smallest indentation of the non-blank lines from every line. */
function stripIndent(parts: Part[], src: TextSource): Part[] {
  const text = src.text;
  const lineStarts: number[] = [];
  collectLineStarts(parts, text, lineStarts);
  let indent = Infinity;
  for (const ls of lineStarts) {
    let i = ls;
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '\n' || text[i] === '\r' || i >= text.length) continue;
    indent = Math.min(indent, i - ls);
  }
  if (!Number.isFinite(indent) || indent === 0) return parts;
  return mapLits(parts, (pieces) => {
    const out: [number, number][] = [];
    for (const [a, b] of pieces) {
      let cur = a;
      for (const ls of lineStarts) {
        if (ls < a || ls >= b) continue;
        if (ls > cur) out.push([cur, ls]);
        let skip = ls;
        while (skip < b && skip - ls < indent && (text[skip] === ' ' || text[skip] === '\t')) skip++;
        cur = skip;
      }
      if (b > cur) out.push([cur, b]);
    }
    return out;
  });
}

function collectLineStarts(parts: Part[], text: string, out: number[]): void {
  const first = firstOffset(parts);
  if (first !== undefined) out.push(first);
  forEachLit(parts, ([a, b]) => {
    for (let i = a; i < b; i++) if (text[i] === '\n' && i + 1 < b) out.push(i + 1);
  });
  out.sort((x, y) => x - y);
}

function firstOffset(parts: Part[]): number | undefined {
  const p = parts[0];
  if (!p) return undefined;
  return p.kind === 'lit' ? p.pieces[0]?.[0] : p.node.startIndex;
}

function forEachLit(parts: Part[], f: (piece: [number, number]) => void): void {
  for (const p of parts) {
    if (p.kind === 'lit') p.pieces.forEach(f);
    else if (p.kind === 'if') {
      forEachLit(p.then, f);
      forEachLit(p.else, f);
    } else if (p.kind === 'for') forEachLit(p.body, f);
  }
}

function mapLits(parts: Part[], f: (pieces: [number, number][]) => [number, number][]): Part[] {
  return parts.map((p): Part => {
    if (p.kind === 'lit') return { ...p, pieces: f(p.pieces) };
    if (p.kind === 'if') return { ...p, then: mapLits(p.then, f), else: mapLits(p.else, f) };
    if (p.kind === 'for') return { ...p, body: mapLits(p.body, f) };
    return p;
  });
}

function render(parts: Part[], src: TextSource, scope: Scope, b: StringBuilder, heredoc: boolean, lead: boolean, trail: boolean): void {
  const { budget } = scope.env;
  parts.forEach((p, i) => {
    if (b.text.length > LIMITS.maxStringLength) return;
    // Each directive or interpolation is a step: `%{for}` loops nested inside each other multiply.
    if (p.kind !== 'lit' && !budget.step()) {
      const v = budget.exceeded('too many evaluation steps', srcRange(src, p.node.startIndex, p.node.endIndex));
      appendUnknownNode(b, p.node, src, v.reason);
      return;
    }
    if (p.kind === 'deep') {
      const v = budget.exceeded(
        `template directives nested deeper than ${LIMITS.maxDepth}`,
        srcRange(src, p.node.startIndex, p.node.endIndex),
      );
      appendUnknownNode(b, p.node, src, v.reason);
    } else if (p.kind === 'lit') {
      let v = decodeLiteral(p.pieces, src, heredoc);
      const prev = parts[i - 1];
      const next = parts[i + 1];
      if ((i === 0 && lead) || (prev && prev.kind !== 'lit' && prev.stripR)) v = trimSide(v, 'start');
      if ((i === parts.length - 1 && trail) || (next && next.kind !== 'lit' && next.stripL)) v = trimSide(v, 'end');
      b.appendValue(v);
    } else if (p.kind === 'interp') {
      const expr = namedKids(p.node).find((k) => k.type === 'expression');
      appendInterpolated(b, expr ? evalExpr(expr, src, scope) : undefined, p.node, src);
    } else if (p.kind === 'if') {
      const c = evalExpr(p.cond, src, scope);
      if (c.kind !== 'bool') {
        appendUnknownNode(b, p.node, src, c.kind === 'unknown' ? c.reason : 'template condition is not a bool', c);
        return;
      }
      if (c.value) render(p.then, src, scope, b, heredoc, p.inner[0], p.inner[1]);
      else render(p.else, src, scope, b, heredoc, p.inner[2], p.inner[3]);
    } else {
      const coll = evalExpr(p.coll, src, scope);
      const items = iterate(coll, scope, srcRange(src, p.coll.startIndex, p.coll.endIndex));
      if (!items) {
        appendUnknownNode(b, p.node, src, coll.kind === 'unknown' ? coll.reason : 'cannot iterate', coll);
        return;
      }
      for (const [k, v] of items) {
        const syms: Record<string, Value> = p.names.length > 1 ? { [p.names[0]]: k, [p.names[1]]: v } : { [p.names[0]]: v };
        render(p.body, src, childScope(scope, syms), b, heredoc, p.inner[0], p.inner[1]);
      }
    }
  });
}

function appendInterpolated(b: StringBuilder, v: Value | undefined, node: Node, src: TextSource): void {
  const range = srcRange(src, node.startIndex, node.endIndex);
  if (!v) return appendUnknownNode(b, node, src, 'empty interpolation');
  const origins = v.origins;
  if (v.kind === 'string') {
    // A string carrying apply-time runs keeps them; otherwise the value is one segment.
    if (hasUnknownRun(v)) return b.appendValue(v);
    // Parts that came from elsewhere (a tfvars value inside a local's template) keep where they
    // were written, then the hops of the whole value; all sit at this interpolation.
    if (v.segments?.some((s) => s.origins?.length)) {
      for (const s of v.segments) {
        const own = s.origins ?? [];
        const all = [...own, ...(origins ?? []).filter((o) => !own.includes(o))];
        b.append(v.value.slice(s.start, s.end), all.length ? { range, origins: all } : { range });
      }
      return;
    }
    return b.append(v.value, origins ? { range, origins } : { range });
  }
  if (v.kind === 'number' || v.kind === 'bool') return b.append(String(v.value), origins ? { range, origins } : { range });
  const reason = v.kind === 'unknown' ? v.reason : `cannot interpolate a ${v.kind} value`;
  appendUnknownNode(b, node, src, reason, v);
}

function appendUnknownNode(b: StringBuilder, node: Node, src: TextSource, reason: string, v?: Value): void {
  const seg: Omit<Segment, 'start' | 'end'> = { range: srcRange(src, node.startIndex, node.endIndex), unknown: { reason } };
  if (v?.kind === 'unknown' && v.symbol) seg.unknown = { reason, symbol: v.symbol };
  if (v?.origins) seg.origins = v.origins;
  b.append(src.text.slice(node.startIndex, node.endIndex), seg);
}

function trimSide(v: StringValue, side: 'start' | 'end'): StringValue {
  if (side === 'start') {
    const n = v.value.length - v.value.trimStart().length;
    return n ? sliceString(v, n, v.value.length) : v;
  }
  const len = v.value.trimEnd().length;
  return len < v.value.length ? sliceString(v, 0, len) : v;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Literal template text → string value; runs without escapes are linear segments. */
export function decodeLiteral(pieces: [number, number][], src: TextSource, heredoc: boolean): StringValue {
  const b = new StringBuilder();
  const text = src.text;
  for (const [a, e] of pieces) {
    let run = a;
    let i = a;
    const flush = (upTo: number) => {
      if (upTo <= run) return;
      if (src.isLinear(run, upTo)) b.appendLinear(text.slice(run, upTo), src.file, src.toFile(run));
      else for (let k = run; k < upTo; k++) b.append(text[k], { range: src.file.range(src.toFile(k), src.toFile(k + 1)) });
    };
    while (i < e) {
      const ch = text[i];
      let decoded: string | undefined;
      let len = 0;
      if ((ch === '$' || ch === '%') && text[i + 1] === ch && text[i + 2] === '{') {
        decoded = ch + '{';
        len = 3;
      } else if (ch === '\\' && !heredoc) {
        const n = text[i + 1];
        if (n === 'u' || n === 'U') {
          const width = n === 'u' ? 4 : 8;
          const hex = text.slice(i + 2, i + 2 + width);
          if (hex.length === width && /^[0-9a-fA-F]+$/.test(hex)) {
            decoded = String.fromCodePoint(parseInt(hex, 16));
            len = 2 + width;
          }
        } else if (n !== undefined && ESCAPES[n] !== undefined) {
          decoded = ESCAPES[n];
          len = 2;
        }
      }
      if (decoded === undefined) {
        i++;
        continue;
      }
      flush(i);
      b.append(decoded, { range: src.file.range(src.toFile(i), src.toFile(i + len)) });
      i += len;
      run = i;
    }
    flush(e);
  }
  return b.build();
}
