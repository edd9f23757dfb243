// A variable without a value whose `validation` lists the values it may take
// (`condition = contains(["dev", "prod"], var.env)`) is analysed once per listed value: each
// value is a "world" in which the module is evaluated again. What is the same in every world is
// kept once, without assumption; what differs carries "assumes var.env = "prod" (one of the
// values its validation allows)" (docs/assumptions.md).
import { kids, namedKids, type Node } from '../parse/hcl.js';
import type { Block } from './config-syntax.js';
import { evalConfigExpr } from './json-expr.js';
import type { Scope } from './scope.js';
import type { ResourceInstance } from '../core/resource.js';
import { type Value, hasUnknownRun } from '../core/value.js';

/** Worlds are the product of the listed values; beyond this many, later variables stay unknown. */
export const MAX_WORLDS = 16;

export interface WorldValue {
  name: string;
  value: Value;
}

/** Unwrap `expression`, `collection_value` and `literal_value` nodes that hold one child. */
function core(n: Node): Node {
  let cur = n;
  while (['expression', 'collection_value', 'literal_value'].includes(cur.type)) {
    const ks = namedKids(cur);
    if (ks.length !== 1) break;
    cur = ks[0]!;
  }
  return cur;
}

/** The literal values a variable's validation allows, when it is `contains([literals…], var.name)`. */
export function validationValues(decl: Block, name: string, literal: Scope): Value[] | undefined {
  for (const v of decl.body.blocks.filter((b) => b.type === 'validation')) {
    const cond = v.body.attributes.find((a) => a.name === 'condition');
    if (!cond || cond.expr.kind !== 'hcl') continue;
    const call = core(cond.expr.node);
    if (call.type !== 'function_call' || kids(call).find((k) => k.type === 'identifier')?.text !== 'contains') continue;
    const argsNode = namedKids(call).find((k) => k.type === 'function_arguments');
    const args = argsNode ? namedKids(argsNode).filter((k) => k.type === 'expression') : [];
    if (args.length !== 2 || args[1].text.replace(/\s/g, '') !== `var.${name}`) continue;
    if (core(args[0]).type !== 'tuple') continue;
    const list = evalConfigExpr({ kind: 'hcl', node: args[0], src: cond.expr.src }, literal);
    if (list.kind !== 'list' || !list.items.length) continue;
    // Only literal values: a list built from other inputs is not evidence of what is allowed.
    if (!list.items.every((it) => (it.kind === 'string' && !hasUnknownRun(it)) || it.kind === 'number' || it.kind === 'bool')) continue;
    return list.items;
  }
  return undefined;
}

/** The worlds to evaluate: every combination of the listed values, capped at MAX_WORLDS. */
export function worldsOf(choices: { name: string; values: Value[] }[]): WorldValue[][] {
  let worlds: WorldValue[][] = [[]];
  for (const c of choices) {
    if (worlds.length * c.values.length > MAX_WORLDS) break;
    worlds = worlds.flatMap((w) => c.values.map((value) => [...w, { name: c.name, value }]));
  }
  return worlds.length === 1 && worlds[0].length === 0 ? [] : worlds;
}

export function worldAssumption(w: WorldValue): string {
  const shown = w.value.kind === 'string' ? JSON.stringify(w.value.value) : String((w.value as { value: unknown }).value);
  return `assumes var.${w.name} = ${shown} (one of the values its validation allows)`;
}

/** A plain rendering of an instance's evaluated arguments, to tell whether worlds differ. */
function fingerprint(r: ResourceInstance): string {
  const plain = (v: Value): unknown => {
    switch (v.kind) {
      case 'list':
        return v.items.map(plain);
      case 'object':
        return v.entries.map((e) => [e.key, plain(e.value)]);
      case 'null':
        return null;
      case 'unknown':
        return `?${v.reason}`;
      default:
        return v.value;
    }
  };
  return JSON.stringify([r.address, plain(r.values), r.assumptions ?? []]);
}

/**
 * Merge the instances of every world: an instance the same in all worlds once, as the first
 * world has it, without the world; the others keep their world and its assumptions.
 */
export function mergeWorlds(perWorld: ResourceInstance[][]): ResourceInstance[] {
  const counts = new Map<string, number>();
  for (const list of perWorld)
    for (const k of new Set(list.map((r) => fingerprint(stripWorld(r))))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const out: ResourceInstance[] = [];
  const kept = new Set<string>();
  for (const list of perWorld) {
    for (const r of list) {
      const k = fingerprint(stripWorld(r));
      if (counts.get(k) === perWorld.length) {
        if (!kept.has(k)) out.push(stripWorld(r));
        kept.add(k);
      } else out.push(r);
    }
  }
  return out;
}

function stripWorld(r: ResourceInstance): ResourceInstance {
  if (!r.world) return r;
  const { world, ...rest } = r;
  const assumptions = (rest.assumptions ?? []).filter((a) => !world.split('\n').includes(a));
  if (assumptions.length) rest.assumptions = assumptions;
  else delete rest.assumptions;
  return rest;
}
