// A block body as an object value: arguments by name, nested blocks as lists of objects under
// their type (Terraform's JSON shape), `dynamic` blocks expanded.
import type { Range } from '../core/source.js';
import type { Block, Body } from './config-syntax.js';
import { iterate } from './expr.js';
import { evalConfigExpr } from './json-expr.js';
import { type Scope, childScope } from './scope.js';
import { toStr } from './strings.js';
import type { ListValue, ObjectEntry, ObjectValue, Value } from '../core/value.js';

const SKIPPED_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

export function evalBody(body: Body, scope: Scope, range: Range, skip: Set<string> = new Set()): ObjectValue {
  const entries: ObjectEntry[] = [];
  for (const a of body.attributes) {
    if (skip.has(a.name)) continue;
    entries.push({ key: a.name, keyValue: { kind: 'string', value: a.name, range: a.nameRange }, value: evalConfigExpr(a.expr, scope) });
  }
  const groups = new Map<string, { list: ListValue; keyRange: Range }>();
  const add = (type: string, obj: Value, keyRange: Range) => {
    let g = groups.get(type);
    if (!g) {
      g = { list: { kind: 'list', items: [], range: keyRange }, keyRange };
      groups.set(type, g);
    }
    g.list.items.push(obj);
  };
  for (const b of body.blocks) {
    if (SKIPPED_BLOCKS.has(b.type)) continue;
    if (b.type === 'dynamic') {
      expandDynamic(b, scope, add);
      continue;
    }
    add(b.type, evalBody(b.body, scope, b.blockRange), b.range);
  }
  for (const [type, g] of groups) entries.push({ key: type, keyValue: { kind: 'string', value: type, range: g.keyRange }, value: g.list });
  return { kind: 'object', entries, range };
}

/** `dynamic "x" { for_each = ..., iterator = it, content { ... } }` → one `x` block per element. */
function expandDynamic(b: Block, scope: Scope, add: (type: string, obj: Value, keyRange: Range) => void): void {
  const type = b.labels[0];
  if (!type) return;
  const forEach = b.body.attributes.find((a) => a.name === 'for_each');
  const content = b.body.blocks.find((c) => c.type === 'content');
  if (!forEach || !content) return;
  const itAttr = b.body.attributes.find((a) => a.name === 'iterator');
  const itName = itAttr ? (itAttr.expr.kind === 'hcl' ? itAttr.expr.node.text : (toStr(itAttr.expr.value)?.value ?? type)) : type;
  const coll = evalConfigExpr(forEach.expr, scope);
  const pairs = iterate(coll, scope, b.range);
  if (!pairs) {
    scope.env.budget.note(
      `dynamic "${type}" block: for_each is not known (${coll.kind === 'unknown' ? coll.reason : coll.kind}); its blocks are not evaluated`,
      b.range,
      'warning',
    );
    add(type, { kind: 'unknown', reason: `dynamic "${type}" for_each is not known`, range: b.blockRange }, b.range);
    return;
  }
  for (const [key, value] of pairs) {
    const it: Value = {
      kind: 'object',
      entries: [
        { key: 'key', value: key },
        { key: 'value', value },
      ],
    };
    add(type, evalBody(content.body, childScope(scope, { [itName]: it }), content.blockRange), b.range);
  }
}
