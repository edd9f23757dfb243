// Variable type constraints and Terraform's conversion of a value to them (docs/type-conversion.md):
// primitives convert between string, number and bool where the text allows; tuples and lists
// become lists or sets, objects and maps become maps or objects; an absent (or null) attribute
// declared `optional(T, d)` becomes `d`, one declared `optional(T)` null; an object's extra
// attributes are dropped. A part that cannot convert becomes an unknown saying why.
import { type Node, kids, namedKids, parseHclText } from '../parse/hcl.js';
import { type Range, endOffsetOf, startOffsetOf } from '../core/source.js';
import { type Expr, exprText } from './config-syntax.js';
import { evalExpr, valuesEqual } from './expr.js';
import { type Scope, type TextSource, shiftedSource } from './scope.js';
import { derivedString, formatNumber, toStr } from './strings.js';
import { type ObjectEntry, type Value, hasUnknownRun, withOrigin } from '../core/value.js';

interface Attr {
  type: TypeSpec;
  optional: boolean;
  /** The default's value as written in the constraint (with its range), when given. */
  fallback?: Value;
}

export type TypeSpec =
  | { kind: 'any' }
  | { kind: 'primitive'; name: 'string' | 'number' | 'bool' }
  | { kind: 'collection'; of: 'list' | 'set' | 'map'; elem: TypeSpec }
  | { kind: 'tuple'; elems: TypeSpec[] }
  | { kind: 'object'; attrs: Map<string, Attr> };

const ANY: TypeSpec = { kind: 'any' };

/** The constraint of a `type` argument; undefined when it says nothing (`any`, or unreadable). */
export function typeSpec(expr: Expr, scope: Scope): TypeSpec | undefined {
  const parsed = expr.kind === 'hcl' ? { node: expr.node, src: expr.src } : jsonTypeNode(expr);
  if (!parsed) return undefined;
  const spec = readType(parsed.node, parsed.src, scope, 0);
  return spec.kind === 'any' ? undefined : spec;
}

/**
 * In JSON syntax the constraint is a string; parse it as HCL. Positions map into the string
 * when it has no escapes, else to its start (JSON escapes shift offsets).
 */
function jsonTypeNode(expr: Expr & { kind: 'json' }): { node: Node; src: TextSource } | undefined {
  const text = exprText(expr);
  if (!text.trim()) return undefined;
  const prefix = 'x = ';
  const root = parseHclText(`${prefix}${text}\n`);
  const attr = root && namedKids(namedKids(root).find((k) => k.type === 'body') ?? root).find((k) => k.type === 'attribute');
  const node = attr && namedKids(attr).find((k) => k.type === 'expression');
  if (!node || root.hasError) return undefined;
  const r = expr.value.range;
  const start = r ? startOffsetOf(r) + 1 : 0;
  const verbatim = !!r && expr.file.text.slice(start, endOffsetOf(r) - 1) === text;
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

const PRIMITIVES = new Set(['string', 'number', 'bool']);

function readType(n: Node, src: TextSource, scope: Scope, depth: number): TypeSpec {
  const node = core(n);
  if (depth > 32) return ANY;
  if (node.type === 'variable_expr' || node.type === 'identifier' || node.type === 'string_lit' || node.type === 'template_expr') {
    // `string`, and the legacy quoted forms `"string"`, `"list"`, `"map"` (of any).
    const word = node.text.replace(/"/g, '').trim();
    if (PRIMITIVES.has(word)) return { kind: 'primitive', name: word as 'string' | 'number' | 'bool' };
    if (word === 'list' || word === 'set' || word === 'map') return { kind: 'collection', of: word, elem: ANY };
    return ANY;
  }
  if (node.type !== 'function_call') return ANY;
  const name = kids(node).find((k) => k.type === 'identifier')?.text;
  const argsNode = namedKids(node).find((k) => k.type === 'function_arguments');
  const args = argsNode ? namedKids(argsNode).filter((k) => k.type === 'expression') : [];
  if (!args[0]) return ANY;
  if (name === 'list' || name === 'set' || name === 'map')
    return { kind: 'collection', of: name, elem: readType(args[0], src, scope, depth + 1) };
  const inner = core(args[0]);
  if (name === 'tuple' && inner.type === 'tuple') {
    return {
      kind: 'tuple',
      elems: namedKids(inner)
        .filter((k) => k.type === 'expression')
        .map((k) => readType(k, src, scope, depth + 1)),
    };
  }
  if (name === 'object' && inner.type === 'object') return { kind: 'object', attrs: readAttrs(inner, src, scope, depth) };
  return ANY;
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
    const type = typeNode ? readType(typeNode, src, scope, depth + 1) : ANY;
    // The default is itself converted to the attribute's type, so its own optionals fill in too.
    const fallback = defNode ? convertToType(evalExpr(defNode, src, scope), type, '', () => undefined) : undefined;
    attrs.set(key, fallback ? { type, optional: true, fallback } : { type, optional: true });
  }
  return attrs;
}

/** Called for each part that cannot convert: what was wrong, and where the value was written. */
export type ConversionProblem = (message: string, range: Range | undefined) => void;

/** `v` with optional attributes filled in where `t` declares them; nothing else changes. */
export function applyDefaults(v: Value, t: TypeSpec, variable: string): Value {
  return convertToType(v, t, variable, () => undefined);
}

const typeName = (t: TypeSpec): string => {
  switch (t.kind) {
    case 'any':
      return 'any';
    case 'primitive':
      return t.name;
    case 'collection':
      return `${t.of}(${typeName(t.elem)})`;
    case 'tuple':
      return 'tuple';
    default:
      return 'object';
  }
};

const valueKind = (v: Value): string => (v.kind === 'list' ? (v.set ? 'set' : 'tuple') : v.kind);

/**
 * Terraform's conversion of `v` to `t`. `variable` (`var.x`) names the origin of a filled
 * optional default and the unknowns of failed parts; `problem` hears of each failure.
 */
export function convertToType(v: Value, t: TypeSpec, variable: string, problem: ConversionProblem, path = ''): Value {
  if (t.kind === 'any' || v.kind === 'unknown' || v.kind === 'null') return v;
  const fail = (why: string): Value => {
    const where = `${variable}${path}`;
    const message = `${where ? `${where}: ` : ''}${why}`;
    problem(message, v.range);
    const u: Value = { kind: 'unknown', reason: `${message} (the value does not convert to the declared type)` };
    if (v.range) u.range = v.range;
    if (v.origins) u.origins = v.origins;
    return u;
  };
  switch (t.kind) {
    case 'primitive':
      return convertPrimitive(v, t.name, fail);
    case 'collection':
      if (t.of === 'map') {
        if (v.kind !== 'object' || v.instance) return v.kind === 'object' ? v : fail(`a ${valueKind(v)} cannot be a ${typeName(t)}`);
        return {
          ...v,
          entries: v.entries.map((e) => ({ ...e, value: convertToType(e.value, t.elem, variable, problem, `${path}["${e.key}"]`) })),
        };
      }
      if (v.kind !== 'list') return fail(`a ${valueKind(v)} cannot be a ${typeName(t)}`);
      {
        const items = v.items.map((it, i) => convertToType(it, t.elem, variable, problem, `${path}[${i}]`));
        if (t.of === 'list') {
          const out: Value = { ...v, items };
          delete out.set;
          return out;
        }
        const unique: Value[] = [];
        for (const it of items) if (!unique.some((u) => valuesEqual(u, it) === true)) unique.push(it);
        return { ...v, items: unique, set: true };
      }
    case 'tuple':
      if (v.kind !== 'list') return fail(`a ${valueKind(v)} cannot be a tuple`);
      if (v.items.length !== t.elems.length) return fail(`a tuple of ${t.elems.length} elements cannot take ${v.items.length}`);
      return { ...v, items: v.items.map((it, i) => convertToType(it, t.elems[i], variable, problem, `${path}[${i}]`)) };
    case 'object':
      if (v.kind !== 'object') return fail(`a ${valueKind(v)} cannot be an object`);
      if (v.instance) return v;
      return convertObject(v, t.attrs, variable, problem, path);
  }
}

function convertPrimitive(v: Value, name: 'string' | 'number' | 'bool', fail: (why: string) => Value): Value {
  if (v.kind === name) return v;
  const keep = { ...(v.range ? { range: v.range } : {}), ...(v.origins ? { origins: v.origins } : {}) };
  if (name === 'string') {
    if (v.kind === 'number') return derivedString(formatNumber(v.value), v.range, v.origins);
    if (v.kind === 'bool') return derivedString(v.value ? 'true' : 'false', v.range, v.origins);
    return fail(`a ${valueKind(v)} cannot be a string`);
  }
  if (v.kind !== 'string') return fail(`a ${valueKind(v)} cannot be a ${name}`);
  // A string with a part not known until apply converts at apply time: keep it unknown, quietly.
  if (hasUnknownRun(v)) return { kind: 'unknown', reason: `${name} from a string not known until apply`, ...keep };
  if (name === 'number') {
    const text = v.value.trim();
    if (text === '' || text !== v.value || Number.isNaN(Number(text)) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
      return fail(`"${v.value}" is not a number`);
    }
    return { kind: 'number', value: Number(text), ...keep };
  }
  if (v.value === 'true' || v.value === 'false') return { kind: 'bool', value: v.value === 'true', ...keep };
  return fail(`"${v.value}" is not a bool (only "true" and "false" are)`);
}

function convertObject(
  v: Value & { kind: 'object' },
  attrs: Map<string, Attr>,
  variable: string,
  problem: ConversionProblem,
  path: string,
): Value {
  const entries: ObjectEntry[] = [];
  const seen = new Set<string>();
  // Later entries win on look-up; convert only the last entry of a repeated key; drop extras.
  for (let i = v.entries.length - 1; i >= 0; i--) {
    const e = v.entries[i];
    const a = attrs.get(e.key);
    if (!a || seen.has(e.key)) continue;
    seen.add(e.key);
    const value =
      e.value.kind === 'null' && a.optional
        ? filled(a, e.value.range, variable)
        : convertToType(e.value, a.type, variable, problem, `${path}.${e.key}`);
    entries.push({ ...e, value });
  }
  entries.reverse();
  for (const [key, a] of attrs) {
    if (seen.has(key)) continue;
    if (a.optional) {
      entries.push({ key, value: filled(a, undefined, variable) });
      continue;
    }
    const message = `${variable}${path}: attribute "${key}" is required`;
    problem(message, v.range);
    const u: Value = { kind: 'unknown', reason: `${message} but not given` };
    if (v.range) u.range = v.range;
    entries.push({ key, value: u });
  }
  return { ...v, entries };
}

function filled(a: Attr, nullAt: Range | undefined, variable: string): Value {
  if (!a.fallback) return nullAt ? { kind: 'null', range: nullAt } : { kind: 'null' };
  // Nested defaults were filled while reading the constraint, before the variable was known.
  if (!variable) return a.fallback;
  return withOrigin(a.fallback, { kind: 'variable-default', name: variable, ...(a.fallback.range ? { range: a.fallback.range } : {}) });
}
