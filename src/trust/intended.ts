// The token a statement was written for, when it rejects it: built from the statement's own
// `sub` values (also those under a misspelt key), for "should get in and does not" witnesses.
import type { Witness } from '../core/finding.js';
import type { Statement } from '../model/types.js';
import { DEFAULT_AUDIENCE, type IssuerTrust } from './analyze.js';
import { type SubClaim, formatSub } from './claims.js';
import { describeClaim } from './findings.js';
import { operatorInfo } from './operators.js';
import { diagnoseSubPattern, exampleClaim } from './sub-pattern.js';

/** A claim matching the value (read as a glob when `glob`), or the one its author most likely meant. */
export function intendedClaim(text: string, glob: boolean): SubClaim | undefined {
  const c = exampleClaim(text, glob);
  if (c && c !== 'unknown') return c;
  return c === 'unknown' ? undefined : diagnoseSubPattern(text, glob)?.intended;
}

export function rejectedWitness(trust: WitnessContext, claim: SubClaim, note?: string): Witness {
  const shown = trust.opaque.show(formatSub(claim));
  const w: Witness = {
    kind: 'rejected',
    sub: shown,
    aud: trust.audiences[0] ?? DEFAULT_AUDIENCE,
    note: note ?? `${describeClaim(claim)}: rejected`,
  };
  if (trust.iss) w.iss = trust.iss;
  return w;
}

/** What intendedWitness needs of an issuer's analysis (a statement no issuer accepts has none). */
export type WitnessContext = Pick<IssuerTrust, 'opaque' | 'audiences' | 'iss'>;

/** The rejected token a statement's positive `sub` values describe (any key ending in `:sub`). */
export function intendedWitness(trust: WitnessContext, statement: Statement): Witness | undefined {
  for (const c of statement.conditions) {
    const op = operatorInfo(c.op);
    if (op.negated || op.base === 'Null' || !/:sub$/i.test(c.key.value)) continue;
    for (const v of c.values) {
      const t = trust.opaque.of(v);
      if (!t || t.fullyUnknown) continue;
      const claim = intendedClaim(t.text, op.base === 'StringLike');
      if (claim) return rejectedWitness(trust, claim);
    }
  }
  return undefined;
}
