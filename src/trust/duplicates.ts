// Repeated keys in a policy object. The AWS provider and most JSON parsers keep the last one, so
// an earlier entry (often a whole condition operator) silently drops out of the policy IAM gets.
import type { Condition, PolicyDocument, Principal, Statement } from '../model/types.js';
import type { ObjectEntry, Value } from '../core/value.js';
import { type Range, placeName, startOffsetOf } from '../core/source.js';

export interface DuplicateKey {
  /** The entry that is dropped. */
  lost: ObjectEntry;
  /** The later entry with the same key, which wins. */
  kept: ObjectEntry;
  /** Keys from the document root to the object holding both (`Statement`, `Condition`, ...). */
  path: string[];
}

const MAX_DEPTH = 32;

/** Every repeated key of every object inside a value, the earlier entries reported as lost. */
export function duplicateKeys(v: Value, path: string[] = [], out: DuplicateKey[] = [], depth = 0): DuplicateKey[] {
  if (depth > MAX_DEPTH) return out;
  if (v.kind === 'list') for (const item of v.items) duplicateKeys(item, path, out, depth + 1);
  if (v.kind !== 'object') return out;
  const last = new Map<string, ObjectEntry>();
  for (const e of v.entries) last.set(e.key, e);
  for (const e of v.entries) {
    const kept = last.get(e.key)!;
    if (kept !== e) out.push({ lost: e, kept, path });
    duplicateKeys(e.value, [...path, e.key], out, depth + 1);
  }
  return out;
}

const at = (r: Range | undefined) => (r ? `${placeName(r)}\u0000${startOffsetOf(r)}` : undefined);

/** What a condition or principal says, in words, for a message about the entry that was lost. */
export function describeLost(d: DuplicateKey): string {
  const inCondition = d.path[d.path.length - 1] === 'Condition';
  const parent = d.path[d.path.length - 1];
  if (inCondition && d.lost.value.kind === 'object') {
    const keys = d.lost.value.entries.map((e) => e.key).join(', ');
    return `the ${d.lost.key} operator${keys ? ` with its condition on ${keys}` : ''}`;
  }
  if (d.path[d.path.length - 2] === 'Condition') return `the ${parent} condition on ${d.lost.key}`;
  return `the "${d.lost.key}" element`;
}

/**
 * The statements as IAM receives them: conditions and principals written under a key that a
 * later duplicate overrides are left out. Returns the statements unchanged when nothing is lost.
 */
export function effectiveStatements(doc: PolicyDocument): Statement[] {
  const lost = new Set(
    duplicateKeys(doc.value)
      .map((d) => at(d.lost.keyValue?.range))
      .filter((k): k is string => !!k),
  );
  if (!lost.size) return doc.statements;
  const keep = (c: Condition) => !lost.has(at(c.operatorRange) ?? '') && !lost.has(at(c.key.range) ?? '');
  const keepP = (p: Principal) => !lost.has(at(p.range) ?? '');
  return doc.statements.map((s) => {
    const conditions = s.conditions.filter(keep);
    const principals = s.principals?.filter(keepP);
    if (conditions.length === s.conditions.length && principals?.length === s.principals?.length) return s;
    const copy: Statement = { ...s, conditions };
    if (principals) copy.principals = principals;
    return copy;
  });
}
