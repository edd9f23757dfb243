// Variable type constraints, read only as far as `optional()` attribute defaults need them:
// when Terraform converts a value to an object type, an absent (or null) attribute declared
// `optional(T, d)` becomes `d` and one declared `optional(T)` becomes null, recursively through
// list/set/map/tuple/object. No other conversion is done here (a string stays a string).
import { type Node, kids, namedKids, parseHclText } from '../parse/hcl.js';
import type { Range } from '../core/source.js';
import { type Expr, exprText } from './config.js';
import { evalExpr } from './expr.js';
import { type Scope, type TextSource, shiftedSource } from './scope.js';
import { toStr } from './strings.js';
import { type ObjectEntry, type Value, withOrigin } from '../core/value.js';

interface Attr {
  type: TypeSpec;
  optional: boolean;
  /** The default's value as written in the constraint (with its range), when given. */
  fallback?: Value;
}

export type TypeSpec =
  | { kind: 'other' }
  | { kind: 'collection'; elem: TypeSpec }
  | { kind: 'tuple'; elems: TypeSpec[] }
  | { kind: 'object'; attrs: Map<string, Attr> };

const OTHER: TypeSpec = { kind: 'other' };

/** The constraint of a `type` argument; undefined when it holds no optional attribute. */
export function typeSpec(expr: Expr, scope: Scope): TypeSpec | undefined {
  const parsed = expr.kind === 'hcl' ? { node: expr.node, src: expr.src } : jsonTypeNode(expr);
  if (!parsed) return undefined;
  const spec = readType(parsed.node, parsed.src, scope, 0);
  return hasOptional(spec) ? spec : undefined;
}

/**
 * In JSON syntax the constraint is a string; parse it as HCL. Positions map into the string
 * when it has no escapes, else to its start (JSON escapes shift offsets).
 */
function jsonTypeNode(expr: Expr & { kind: 'json' }): { node: Node; src: TextSource } | undefined {
  const text = exprText(expr);
  if (!text.includes('optional')) return undefined;
  const prefix = 'x = ';
  const root = parseHclText(`${prefix}${text}\n`);
  const attr = root && namedKids(namedKids(root).find((k) => k.type === 'body') ?? root).find((k) => k.type === 'attribute');
  const node = attr && namedKids(attr).find((k) => k.type === 'expression');
  if (!node || root.hasError) return undefined;
  const r = expr.value.range;
  const start = r ? r.start.offset + 1 : 0;
  const verbatim = !!r && expr.file.text.slice(start, r.end.offset - 1) === text;
  const base = shiftedSource(expr.file, `${prefix}${text}\n`, prefix.length);
  const toFile = (o: number) => (verbatim ? start + Math.max(0, o - prefix.length) : start);
  return { node, src: { ...base, toFile, isLinear: (a, b) => verbatim && base.isLinear(a, b) } };
}

/** Unwrap `expression`, `collection_value` and `literal_value` nodes that hold one child. */
function core(n: Node): Node {
  let cur = n;
  while (['expression', 'collection_value', 'literal_value'].includes(cur.type)) {
    const ks = namedKids(cur);
    if (ks.length !== 1) break;
    cur = ks[0];
  }
  return cur;
}

function readType(n: Node, src: TextSource, scope: Scope, depth: number): TypeSpec {
  const node = core(n);
  if (depth > 32 || node.type !== 'function_call') return OTHER;
  const name = kids(node).find((k) => k.type === 'identifier')?.text;
  const argsNode = namedKids(node).find((k) => k.type === 'function_arguments');
  const args = argsNode ? namedKids(argsNode).filter((k) => k.type === 'expression') : [];
  if (!args[0]) return OTHER;
  if (name === 'list' || name === 'set' || name === 'map') return { kind: 'collection', elem: readType(args[0], src, scope, depth + 1) };
  const inner = core(args[0]);
  if (name === 'tuple' && inner.type === 'tuple') {
    return { kind: 'tuple', elems: namedKids(inner).filter((k) => k.type === 'expression').map((k) => readType(k, src, scope, depth + 1)) };
  }
  if (name === 'object' && inner.type === 'object') return { kind: 'object', attrs: readAttrs(inner, src, scope, depth) };
  return OTHER;
}

function readAttrs(obj: Node, src: TextSource, scope: Scope, depth: number): Map<string, Attr> {
  const attrs = new Map<string, Attr>();
  for (const el of namedKids(obj).filter((k) => k.type === 'object_elem')) {
    const [keyNode, valNode] = namedKids(el).filter((k) => k.type === 'expression');
    if (!keyNode || !valNode) continue;
    const keyCore = core(keyNode);
    const key = keyCore.type === 'variable_expr' ? keyCore.text : toStr(evalExpr(keyNode, src, scope))?.value;
    if (key === undefined) continue;
    const val = core(valNode);
    const isOptional = val.type === 'function_call' && kids(val).find((k) => k.type === 'identifier')?.text === 'optional';
    if (!isOptional) {
      attrs.set(key, { type: readType(val, src, scope, depth + 1), optional: false });
      continue;
    }
    const argsNode = namedKids(val).find((k) => k.type === 'function_arguments');
    const [typeNode, defNode] = argsNode ? namedKids(argsNode).filter((k) => k.type === 'expression') : [];
    const type = typeNode ? readType(typeNode, src, scope, depth + 1) : OTHER;
    // The default is itself converted to the attribute's type, so its own optionals fill in too.
    const fallback = defNode ? applyDefaults(evalExpr(defNode, src, scope), type, '') : undefined;
    attrs.set(key, fallback ? { type, optional: true, fallback } : { type, optional: true });
  }
  return attrs;
}

function hasOptional(t: TypeSpec): boolean {
  switch (t.kind) {
    case 'collection':
      return hasOptional(t.elem);
    case 'tuple':
      return t.elems.some(hasOptional);
    case 'object':
      return [...t.attrs.values()].some((a) => a.optional || hasOptional(a.type));
    default:
      return false;
  }
}

/**
 * `v` with optional attributes filled in where `t` declares them; a filled default gets an origin
 * naming `variable` (`var.x`) at the default in the constraint. Everything else is returned as is.
 */
export function applyDefaults(v: Value, t: TypeSpec, variable: string): Value {
  if (t.kind === 'collection') {
    if (v.kind === 'list') return { ...v, items: v.items.map((it) => applyDefaults(it, t.elem, variable)) };
    // A map is an object value here; each entry is an element.
    if (v.kind === 'object' && !v.instance) return { ...v, entries: v.entries.map((e) => ({ ...e, value: applyDefaults(e.value, t.elem, variable) })) };
    return v;
  }
  if (t.kind === 'tuple') {
    if (v.kind !== 'list') return v;
    return { ...v, items: v.items.map((it, i) => (t.elems[i] ? applyDefaults(it, t.elems[i], variable) : it)) };
  }
  if (t.kind !== 'object' || v.kind !== 'object' || v.instance) return v;
  const entries: ObjectEntry[] = [];
  const seen = new Set<string>();
  // Later entries win on look-up; fill only the last entry of a repeated key.
  for (let i = v.entries.length - 1; i >= 0; i--) {
    const e = v.entries[i];
    const a = t.attrs.get(e.key);
    if (!a || seen.has(e.key)) {
      entries.push(e);
      continue;
    }
    seen.add(e.key);
    const value = e.value.kind === 'null' && a.optional ? filled(a, e.value.range, variable) : applyDefaults(e.value, a.type, variable);
    entries.push({ ...e, value });
  }
  entries.reverse();
  for (const [key, a] of t.attrs) if (a.optional && !seen.has(key)) entries.push({ key, value: filled(a, undefined, variable) });
  return { ...v, entries };
}

function filled(a: Attr, nullAt: Range | undefined, variable: string): Value {
  if (!a.fallback) return nullAt ? { kind: 'null', range: nullAt } : { kind: 'null' };
  // Nested defaults were filled while reading the constraint, before the variable was known.
  if (!variable) return a.fallback;
  return withOrigin(a.fallback, { kind: 'variable-default', name: variable, ...(a.fallback.range ? { range: a.fallback.range } : {}) });
}
