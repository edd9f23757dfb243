// HCL expression evaluation over tree-sitter nodes. Unknown propagates with its reason; nothing
// unknown is ever guessed into a known value.
import { type Node, kids, namedKids } from '../parse/hcl.js';
import type { Range } from '../core/source.js';
import { LIMITS } from './budget.js';
import { callFunction } from './functions.js';
import { unknownReason } from './assume.js';
import { applySteps, inheritOrigins } from './refs.js';
import { type Scope, type Step, type TextSource, childScope, srcRange } from './scope.js';
import { toStr } from './strings.js';
import { evalTemplate } from './template.js';
import { type ObjectEntry, type StringValue, type Value, hasUnknownRun, unknown } from '../core/value.js';

export function evalExpr(node: Node, src: TextSource, scope: Scope): Value {
  const { budget } = scope.env;
  const range = srcRange(src, node.startIndex, node.endIndex);
  if (!budget.step()) return budget.exceeded('too many evaluation steps', range);
  if (budget.depth >= LIMITS.maxDepth) return budget.exceeded(`expression nesting deeper than ${LIMITS.maxDepth}`, range);
  budget.depth++;
  try {
    return evalNode(node, src, scope, range);
  } finally {
    budget.depth--;
  }
}

function evalNode(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  switch (node.type) {
    case 'expression':
      return evalPostfix(node, src, scope, range);
    case 'literal_value':
    case 'collection_value':
    case 'operation':
    case 'for_expr':
      return evalExpr(namedKids(node)[0] ?? node, src, scope);
    case 'numeric_lit':
      return { kind: 'number', value: Number(node.text), range };
    case 'bool_lit':
      return { kind: 'bool', value: node.text === 'true', range };
    case 'null_lit':
      return { kind: 'null', range };
    case 'string_lit':
    case 'template_expr':
      return evalTemplate(node, src, scope);
    case 'tuple':
      return {
        kind: 'list',
        items: namedKids(node)
          .filter((k) => k.type === 'expression')
          .map((k) => evalExpr(k, src, scope)),
        range,
      };
    case 'object':
      return evalObject(node, src, scope, range);
    case 'variable_expr':
      return resolveTraversal(node.text, [], scope, () => range);
    case 'function_call':
      return evalCall(node, src, scope, range);
    case 'conditional':
      return evalConditional(node, src, scope, range);
    case 'unary_operation':
    case 'binary_operation':
      return evalOperation(node, src, scope, range);
    case 'for_tuple_expr':
    case 'for_object_expr':
      return evalFor(node, src, scope, range);
    case 'ERROR':
      return unknown('syntax error', range);
    default:
      return unknown(`unsupported expression ${node.type}`, range);
  }
}

/** A primary expression followed by `.attr`, `[i]` and splats; references resolve as a whole. */
function evalPostfix(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  return evalSequence(kids(node), src, scope, range);
}

/**
 * A term given as sibling nodes (operands of an operation are not wrapped in `expression`):
 * a primary or `( expr )`, then postfix steps.
 */
function evalSequence(ks: Node[], src: TextSource, scope: Scope, range: Range): Value {
  if (!ks.length) return unknown('empty expression', range);
  const start = ks[0].startIndex;
  let base: Value | undefined;
  let head: Node;
  let rest: Node[];
  if (ks[0].type === '(') {
    const close = ks.findIndex((k) => k.type === ')');
    const inner = ks.find((k) => k.isNamed);
    if (!inner) return unknown('empty parentheses', range);
    head = close > 0 ? ks[close] : inner;
    base = evalExpr(inner, src, scope);
    rest = close > 0 ? ks.slice(close + 1) : [];
    if (!rest.length) return { ...base, range };
  } else {
    head = ks[0];
    rest = ks.slice(1);
  }
  const steps = toSteps(rest, src, scope);
  const rangeAt = (n: number) => srcRange(src, start, n === 0 ? head.endIndex : steps[n - 1].end);
  if (!base && head.type === 'variable_expr') return resolveTraversal(head.text, steps, scope, rangeAt);
  base ??= evalExpr(head, src, scope);
  if (!steps.length) return base;
  return applySteps(base, steps, rangeAt);
}

function resolveTraversal(name: string, steps: Step[], scope: Scope, rangeAt: (n: number) => Range): Value {
  const r = scope.resolve(name, steps, rangeAt);
  if (!r) {
    scope.env.budget.note(`unknown name \`${name}\``, rangeAt(0));
    return unknown(`unknown name ${name}`, rangeAt(steps.length));
  }
  if (r.consumed >= steps.length) return r.value;
  return applySteps(r.value, steps.slice(r.consumed), (n) => rangeAt(r.consumed + n));
}

function toSteps(nodes: Node[], src: TextSource, scope: Scope): Step[] {
  const steps: Step[] = [];
  for (const n of nodes) {
    if (n.type === 'get_attr') {
      const id = namedKids(n).find((k) => k.type === 'identifier');
      steps.push({ kind: 'attr', name: id?.text ?? '', end: n.endIndex });
    } else if (n.type === 'index') {
      const inner = namedKids(n)[0];
      if (inner?.type === 'legacy_index') {
        steps.push({ kind: 'index', key: { kind: 'number', value: Number(inner.text.slice(1)) }, end: n.endIndex });
      } else {
        const e = inner && namedKids(inner).find((k) => k.type === 'expression');
        steps.push({ kind: 'index', key: e ? evalExpr(e, src, scope) : unknown('missing index'), end: n.endIndex });
      }
    } else if (n.type === 'splat') {
      const s = namedKids(n)[0];
      const inner = s
        ? toSteps(
            kids(s).filter((k) => k.type === 'get_attr' || k.type === 'index'),
            src,
            scope,
          )
        : [];
      steps.push({ kind: 'splat', steps: inner, end: n.endIndex });
    }
  }
  return steps;
}

function evalObject(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  const entries: ObjectEntry[] = [];
  for (const el of namedKids(node).filter((k) => k.type === 'object_elem')) {
    const [keyNode, valNode] = namedKids(el).filter((k) => k.type === 'expression');
    if (!keyNode || !valNode) continue;
    const keyValue = objectKey(keyNode, src, scope);
    entries.push({ key: keyValue.value, keyValue, value: evalExpr(valNode, src, scope) });
  }
  return { kind: 'object', entries, range };
}

/** A bare identifier key is its own name; anything else is evaluated. */
function objectKey(keyNode: Node, src: TextSource, scope: Scope): StringValue {
  const range = srcRange(src, keyNode.startIndex, keyNode.endIndex);
  const ks = kids(keyNode);
  if (ks.length === 1 && ks[0].type === 'variable_expr') {
    return {
      kind: 'string',
      value: keyNode.text,
      range,
      segments: [
        { start: 0, end: keyNode.text.length, range, source: src.file, linear: src.isLinear(keyNode.startIndex, keyNode.endIndex) },
      ],
    };
  }
  return keyString(evalExpr(keyNode, src, scope), src.text.slice(keyNode.startIndex, keyNode.endIndex), range);
}

/** An evaluated key as a string; an unknown key keeps its source text as an unknown run. */
export function keyString(v: Value, sourceText: string, range: Range): StringValue {
  const s = toStr(v);
  if (s) return { ...s, range };
  const reason = v.kind === 'unknown' ? v.reason : `a ${v.kind} cannot be an object key`;
  return {
    kind: 'string',
    value: sourceText,
    range,
    segments: [
      { start: 0, end: sourceText.length, range, unknown: v.kind === 'unknown' && v.symbol ? { reason, symbol: v.symbol } : { reason } },
    ],
  };
}

function evalCall(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  const name = kids(node).find((k) => k.type === 'identifier')?.text ?? '';
  const argsNode = namedKids(node).find((k) => k.type === 'function_arguments');
  const argNodes = argsNode ? namedKids(argsNode).filter((k) => k.type === 'expression') : [];
  const expandLast = !!argsNode && kids(argsNode).some((k) => k.type === 'ellipsis');
  const thunks = argNodes.map((a) => () => evalExpr(a, src, scope));
  return callFunction(name, thunks, { range, scope, expandLast, argRanges: argNodes.map((a) => srcRange(src, a.startIndex, a.endIndex)) });
}

function evalConditional(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  const [c, t, f] = namedKids(node).filter((k) => k.type === 'expression');
  if (!c || !t || !f) return unknown('incomplete conditional', range);
  const cond = evalExpr(c, src, scope);
  if (cond.kind === 'unknown') return unknown(cond.reason, range);
  // Terraform converts the strings "true" and "false" to bool here (docs/type-conversion.md).
  if (cond.kind === 'string' && (cond.value === 'true' || cond.value === 'false') && !hasUnknownRun(cond))
    return evalExpr(cond.value === 'true' ? t : f, src, scope);
  if (cond.kind !== 'bool') return unknown('condition is not a bool', range);
  return evalExpr(cond.value ? t : f, src, scope);
}

const BINARY_OPS = new Set(['*', '/', '%', '+', '-', '==', '!=', '<', '>', '<=', '>=', '&&', '||']);

function evalOperation(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  // Operands are sibling sequences (`each` `.key`), not single nodes.
  const ks = kids(node);
  const part = (nodes: Node[]) =>
    evalSequence(nodes, src, scope, nodes.length ? srcRange(src, nodes[0].startIndex, nodes[nodes.length - 1].endIndex) : range);
  if (node.type === 'unary_operation') {
    const op = ks[0]?.type;
    const v = part(ks.slice(1));
    if (v.kind === 'unknown') return unknown(v.reason, range);
    if (op === '!' && v.kind === 'bool') return { kind: 'bool', value: !v.value, range };
    if (op === '-' && v.kind === 'number') return { kind: 'number', value: -v.value, range };
    return unknown(`invalid operand for ${op}`, range);
  }
  let depth = 0;
  let at = -1;
  ks.forEach((k, i) => {
    if (k.type === '(') depth++;
    else if (k.type === ')') depth--;
    else if (at < 0 && i > 0 && depth === 0 && !k.isNamed && BINARY_OPS.has(k.type)) at = i;
  });
  if (at < 0) return unknown('incomplete operation', range);
  const op = ks[at].type;
  const a = part(ks.slice(0, at));
  if (op === '&&' && a.kind === 'bool' && !a.value) return { kind: 'bool', value: false, range };
  if (op === '||' && a.kind === 'bool' && a.value) return { kind: 'bool', value: true, range };
  const b = part(ks.slice(at + 1));
  return binary(op, a, b, range);
}

function binary(op: string, a: Value, b: Value, range: Range): Value {
  if (op === '==' || op === '!=') {
    const eq = valuesEqual(a, b);
    if (eq === undefined) return unknown(unknownReason(a) ?? unknownReason(b) ?? 'comparison with an unknown value', range);
    return { kind: 'bool', value: op === '==' ? eq : !eq, range };
  }
  if (a.kind === 'unknown') return unknown(a.reason, range);
  if (b.kind === 'unknown') return unknown(b.reason, range);
  if (op === '&&' || op === '||') {
    if (a.kind !== 'bool' || b.kind !== 'bool') return unknown(`${op} needs bools`, range);
    return { kind: 'bool', value: op === '&&' ? a.value && b.value : a.value || b.value, range };
  }
  const x = toNum(a);
  const y = toNum(b);
  if (x === undefined || y === undefined) return unknown(`${op} needs numbers`, range);
  switch (op) {
    case '+':
      return { kind: 'number', value: x + y, range };
    case '-':
      return { kind: 'number', value: x - y, range };
    case '*':
      return { kind: 'number', value: x * y, range };
    case '/':
      return y === 0 ? unknown('division by zero', range) : { kind: 'number', value: x / y, range };
    case '%':
      return y === 0 ? unknown('division by zero', range) : { kind: 'number', value: x % y, range };
    case '<':
      return { kind: 'bool', value: x < y, range };
    case '>':
      return { kind: 'bool', value: x > y, range };
    case '<=':
      return { kind: 'bool', value: x <= y, range };
    case '>=':
      return { kind: 'bool', value: x >= y, range };
    default:
      return unknown(`unsupported operator ${op}`, range);
  }
}

export function toNum(v: Value): number | undefined {
  if (v.kind === 'number') return v.value;
  if (v.kind === 'string' && v.value.trim() !== '' && !Number.isNaN(Number(v.value))) return Number(v.value);
  return undefined;
}

/** Deep equality; undefined when an unknown part decides it. */
export function valuesEqual(a: Value, b: Value): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  if (a.kind === 'string' && hasUnknownRun(a)) return undefined;
  if (b.kind === 'string' && hasUnknownRun(b)) return undefined;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return a.value === (b as typeof a).value;
    case 'null':
      return true;
    case 'list': {
      const bi = (b as typeof a).items;
      if (a.items.length !== bi.length) return false;
      let out: boolean | undefined = true;
      a.items.forEach((x, i) => {
        const e = valuesEqual(x, bi[i]);
        if (e === false) out = false;
        else if (e === undefined && out) out = undefined;
      });
      return out;
    }
    case 'object': {
      const be = (b as typeof a).entries;
      if (a.entries.length !== be.length) return false;
      for (const e of a.entries) {
        const other = be.find((x) => x.key === e.key);
        if (!other) return false;
        const eq = valuesEqual(e.value, other.value);
        if (eq !== true) return eq;
      }
      return true;
    }
  }
}

/** Key/value pairs of a collection for for-expressions and for_each; undefined when unknown. */
export function iterate(coll: Value, scope: Scope, range: Range): [Value, Value][] | undefined {
  let pairs: [Value, Value][];
  // Each element keeps where the collection came from, narrowed to its own line (refs.ts).
  const el = (v: Value, label: string): Value => (coll.origins?.length ? { ...v, origins: inheritOrigins(coll, v, label) } : v);
  if (coll.kind === 'list') pairs = coll.items.map((v, i) => [coll.set ? el(v, `[${i}]`) : { kind: 'number', value: i }, el(v, `[${i}]`)]);
  else if (coll.kind === 'object')
    pairs = coll.entries.map((e) => [e.keyValue ?? { kind: 'string', value: e.key }, el(e.value, `[${JSON.stringify(e.key)}]`)]);
  else return undefined;
  if (pairs.length > LIMITS.maxExpansion) {
    scope.env.budget.exceeded(`more than ${LIMITS.maxExpansion} elements to iterate`, range);
    return undefined;
  }
  return pairs;
}

function evalFor(node: Node, src: TextSource, scope: Scope, range: Range): Value {
  const intro = namedKids(node).find((k) => k.type === 'for_intro');
  if (!intro) return unknown('incomplete for expression', range);
  const names = kids(intro)
    .filter((k) => k.type === 'identifier')
    .map((k) => k.text);
  const collNode = namedKids(intro).find((k) => k.type === 'expression');
  const body = namedKids(node).filter((k) => k.type === 'expression');
  const condNode = namedKids(node).find((k) => k.type === 'for_cond');
  const cond = condNode && namedKids(condNode).find((k) => k.type === 'expression');
  const grouping = kids(node).some((k) => k.type === 'ellipsis');
  if (!collNode || !body.length) return unknown('incomplete for expression', range);
  const coll = evalExpr(collNode, src, scope);
  const pairs = iterate(coll, scope, range);
  if (!pairs) return unknown(coll.kind === 'unknown' ? coll.reason : `cannot iterate over a ${coll.kind}`, range);
  const isObject = node.type === 'for_object_expr';
  const items: Value[] = [];
  const entries: ObjectEntry[] = [];
  const groups = new Map<string, { keyValue: StringValue; items: Value[] }>();
  for (const [k, v] of pairs) {
    const inner = childScope(scope, names.length > 1 ? { [names[0]]: k, [names[1]]: v } : { [names[0]]: v });
    if (cond) {
      const c = evalExpr(cond, src, inner);
      if (c.kind === 'unknown') return unknown(c.reason, range);
      if (c.kind !== 'bool') return unknown('for condition is not a bool', range);
      if (!c.value) continue;
    }
    if (!isObject) {
      items.push(evalExpr(body[0], src, inner));
      continue;
    }
    const kv = evalExpr(body[0], src, inner);
    const key = toStr(kv);
    if (!key || hasUnknownRun(key)) return unknown(kv.kind === 'unknown' ? kv.reason : 'for key is not a known string', range);
    const val = body[1] ? evalExpr(body[1], src, inner) : unknown('missing value', range);
    if (grouping) {
      const g = groups.get(key.value) ?? { keyValue: key, items: [] };
      g.items.push(val);
      groups.set(key.value, g);
    } else entries.push({ key: key.value, keyValue: key, value: val });
  }
  if (!isObject) return { kind: 'list', items, range };
  if (grouping) for (const [key, g] of groups) entries.push({ key, keyValue: g.keyValue, value: { kind: 'list', items: g.items } });
  return { kind: 'object', entries, range };
}
