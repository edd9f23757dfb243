// Condition operator names split into qualifier, base and IfExists, as IAM reads them.
import type { ParsedOperator } from './types.js';

const BASES = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
];
const CANONICAL = new Map(BASES.map((b) => [b.toLowerCase(), b]));

export interface OperatorReading {
  op: ParsedOperator;
  /** Set when IAM would reject the operator. */
  problem?: string;
}

export function parseOperator(written: string): OperatorReading {
  let rest = written;
  let set: ParsedOperator['set'];
  const q = /^(ForAnyValue|ForAllValues):/i.exec(rest);
  if (q) {
    set = q[1].toLowerCase() === 'foranyvalue' ? 'ForAnyValue' : 'ForAllValues';
    rest = rest.slice(q[0].length);
  }
  let ifExists = false;
  // `IfExists` is a suffix of every operator but Null.
  if (/IfExists$/i.test(rest) && rest.length > 8) {
    ifExists = true;
    rest = rest.slice(0, -8);
  }
  const canonical = CANONICAL.get(rest.toLowerCase());
  const op: ParsedOperator = { base: canonical ?? rest, ifExists };
  if (set) op.set = set;
  if (!canonical) return { op, problem: `"${written}" is not an IAM condition operator` };
  if (canonical === 'Null' && ifExists) return { op, problem: 'Null has no IfExists form' };
  return { op };
}
