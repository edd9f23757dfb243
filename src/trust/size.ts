// The size IAM counts for a policy: the rendered JSON without whitespace. Parts not known until
// apply count as nothing, so the result is a lower bound and says so.
import { type StringValue, type Value, hasUnknownRun } from '../core/value.js';

export interface PolicySize {
  /** Non-whitespace characters of the rendered document (known parts only). */
  chars: number;
  /** Some part is not known until apply: the real size is larger. */
  lowerBound: boolean;
}

const MAX_DEPTH = 64;

/** IAM never accepts a trust policy longer than this many characters without whitespace (docs/limits.md). */
export const TRUST_POLICY_HARD_LIMIT = 4096;

/** Size of a document value as JSON, without whitespace (IAM does not count it). */
/** The known characters of a string: its text without the parts not known until apply (linear in its length). */
export function knownText(x: StringValue): string {
  const unknown = (x.segments ?? []).filter((s) => s.unknown).sort((a, b) => a.start - b.start);
  if (!unknown.length) return x.value;
  const pieces: string[] = [];
  let at = 0;
  for (const seg of unknown) {
    if (seg.start > at) pieces.push(x.value.slice(at, seg.start));
    at = Math.max(at, seg.end);
  }
  pieces.push(x.value.slice(at));
  return pieces.join('');
}

export function policySize(v: Value): PolicySize {
  const out: PolicySize = { chars: 0, lowerBound: false };
  const count = (s: string) => {
    out.chars += s.replace(/\s+/g, '').length;
  };
  const walk = (x: Value, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    switch (x.kind) {
      case 'string': {
        const text = knownText(x);
        if (text.length !== x.value.length || hasUnknownRun(x)) out.lowerBound = true;
        count(JSON.stringify(text));
        return;
      }
      case 'number':
      case 'bool':
        count(String(x.value));
        return;
      case 'null':
        count('null');
        return;
      case 'unknown':
        out.lowerBound = true;
        return;
      case 'list':
        count('[]');
        x.items.forEach((item, i) => {
          if (i) count(',');
          walk(item, depth + 1);
        });
        return;
      case 'object': {
        count('{}');
        // Repeated keys: only the last reaches IAM.
        const last = new Map(x.entries.map((e) => [e.key, e]));
        [...last.values()].forEach((e, i) => {
          if (i) count(',');
          count(`${JSON.stringify(e.key)}:`);
          walk(e.value, depth + 1);
        });
        return;
      }
    }
  };
  walk(v, 0);
  return out;
}
