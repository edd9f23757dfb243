// Words for what the scan assumes when a value it needs is not known: a resource whose count or
// for_each is unknown is analysed as one instance "if created" (docs/assumptions.md).
import type { Value } from '../core/value.js';

/** Why a value is not known, from the unknown itself or its first unknown run. */
export function unknownReason(v: Value): string | undefined {
  if (v.kind === 'unknown') return v.reason;
  if (v.kind === 'string') return v.segments?.find((s) => s.unknown)?.unknown?.reason;
  if (v.kind === 'list')
    for (const it of v.items) {
      const r = unknownReason(it);
      if (r) return r;
    }
  if (v.kind === 'object')
    for (const e of v.entries) {
      const r = unknownReason(e.value);
      if (r) return r;
    }
  return undefined;
}

/** "count depends on var.create, which has no value", or the reason as it stands. */
function because(meta: 'count' | 'for_each', v: Value): string {
  const reason = unknownReason(v) ?? `it is a ${v.kind}`;
  const noValue = /^(var\.[\w-]+) has no value/.exec(reason);
  if (noValue) return `${meta} depends on ${noValue[1]}, which has no value`;
  return `${meta} is not known: ${reason}`;
}

export function ifCreatedAssumption(meta: 'count' | 'for_each', v: Value): string {
  return meta === 'count' ? `assumes count > 0 (${because(meta, v)})` : `assumes for_each has an element (${because(meta, v)})`;
}
