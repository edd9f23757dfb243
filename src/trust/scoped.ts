// The literal organization / project / workspace names a policy pins in its accepted `sub`
// values, with where each name's characters were written and where they came from.
import type { Condition, Statement } from '../model/types.js';
import { type Range, startOffsetOf } from '../core/source.js';
import type { Origin, Value } from '../core/value.js';
import { patternFields } from './claims.js';
import { operatorInfo } from './operators.js';
import { type OpaqueTable, hasOpaque, originsOf } from './pattern.js';

export type ScopeDimension = 'organization' | 'project' | 'workspace';

export interface ScopedName {
  dimension: ScopeDimension;
  name: string;
  statement: Statement;
  condition: Condition;
  /** The whole `sub` value. */
  value: Value;
  /** The name's own characters, when they map to one place in a file. */
  nameRange?: Range;
  origins: Origin[];
}

/** Range of characters [start, end) of a string value, when one linear segment holds them all. */
export function rangeOfChars(v: Value, start: number, end: number): Range | undefined {
  if (v.kind !== 'string') return undefined;
  const seg = v.segments?.find((s) => s.start <= start && end <= s.end);
  if (!seg?.range) return undefined;
  if (!seg.linear || !seg.source) return seg.start === start && seg.end === end ? seg.range : undefined;
  const base = startOffsetOf(seg.range) - seg.start;
  return seg.source.range(base + start, base + end);
}

const DIMS: ScopeDimension[] = ['organization', 'project', 'workspace'];

export function scopedNames(statements: Statement[], subConditions: (s: Statement) => Condition[], opaque: OpaqueTable): ScopedName[] {
  const out: ScopedName[] = [];
  for (const statement of statements) {
    for (const condition of subConditions(statement)) {
      const op = operatorInfo(condition.op);
      if (op.negated || op.base === 'Null') continue;
      const glob = op.base === 'StringLike';
      for (const value of condition.values) {
        const t = opaque.of(value);
        if (!t || t.fullyUnknown) continue;
        for (const f of patternFields(t.text).fields) {
          const dimension = f.keyword as ScopeDimension;
          if (!DIMS.includes(dimension) || !f.value || hasOpaque(f.value) || (glob && /[*?]/.test(f.value))) continue;
          const start = t.sourceIndex[f.start];
          const end = f.end < t.sourceIndex.length ? t.sourceIndex[f.end] : value.kind === 'string' ? value.value.length : f.end;
          const s: ScopedName = { dimension, name: f.value, statement, condition, value, origins: originsOf(value, start, end) };
          const nameRange = rangeOfChars(value, start, end);
          if (nameRange) s.nameRange = nameRange;
          out.push(s);
        }
      }
    }
  }
  return out;
}
