// Every web-identity trust of the scan as the issuer-independent rules see it: HCP Terraform and
// Terraform Enterprise first (their findings and wording are unchanged), then every other issuer
// whose host is known, read through its profile (src/trust/issuers/).
import type { Witness } from '../core/finding.js';
import type { Role, Statement } from '../model/types.js';
import type { IssuerTrust } from './analyze.js';
import { type TrustContext, roleTrustsFor, trustsFor } from './context.js';
import { type GrammarScope, type GrammarToken, describeToken, formatShape, grammarScopesToReport, outsiderToken } from './grammar.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { operatorInfo } from './operators.js';

/** Issuers other than HCP Terraform / TFE, with a known host, of every role. */
export function otherIssuerTrusts(ctx: TrustContext): { role: Role; trust: IssuerTrust }[] {
  return roleTrustsFor(ctx).flatMap((rt) =>
    rt.issuers.filter((i) => !i.profile.terraform && i.host && i.statements.length).map((trust) => ({ role: rt.role, trust })),
  );
}

/**
 * Terraform trusts, then the other issuers': one entry per role and issuer. Then roles whose trust
 * cannot be read but that HCP Terraform runs get anyway (src/trust/unreadable.ts), for the
 * permission rules.
 */
export function webIdentityTrusts(ctx: TrustContext): { role: Role; trust: IssuerTrust }[] {
  const assumed = roleTrustsFor(ctx).flatMap((rt) => (rt.assumedIssuer ? [{ role: rt.role, trust: rt.assumedIssuer }] : []));
  return [...trustsFor(ctx), ...otherIssuerTrusts(ctx), ...assumed];
}

/** A grammar token as a finding's witness: the `sub`, the audience, the issuer and what the token is. */
export function grammarWitness(
  trust: IssuerTrust,
  token: Pick<GrammarToken, 'shape' | 'values' | 'sub' | 'aud'>,
  kind: Witness['kind'] = 'accepted',
): Witness {
  const show = (s: string) => trust.opaque.show(s);
  const w: Witness = { kind, sub: show(token.sub), aud: show(token.aud), note: `${describeToken(token, show)} (${trust.profile.name})` };
  if (trust.iss) w.iss = trust.iss;
  return w;
}

/** Who besides the intended workload gets in: the first unrestricted statement or broadest open segment. */
export function grammarExposure(trust: IssuerTrust): { why: string; witness: Witness } | undefined {
  const g = trust.grammar;
  if (!g) return undefined;
  if (g.unrestricted.length)
    return { why: `${trust.profile.missingSub.who} can assume it`, witness: grammarWitness(trust, g.unrestricted[0].witness) };
  for (const d of ['organization', 'project', 'workspace'] as const) {
    const scope = grammarScopesToReport(g, d).find((s) => {
      const seg = trust.profile.grammar?.segments[s.segment];
      return !seg?.fixedByIssuer && !(seg?.outsiderOnly && !seg.outsiders.includes(s.witness.values[s.segment]));
    });
    if (scope) return { why: `its trust admits any ${nounOf(trust, scope)}`, witness: grammarWitness(trust, scope.witness) };
  }
  return undefined;
}

export function nounOf(trust: IssuerTrust, scope: GrammarScope): string {
  return trust.profile.grammar?.segments[scope.segment]?.noun ?? scope.segment;
}

/** Any token the role accepts from this issuer (an outsider's when it gets in), as a witness. */
export function anyGrammarToken(trust: IssuerTrust): Witness | undefined {
  const t = trust.grammar?.unrestricted[0]?.witness ?? trust.grammar?.accepted[0];
  return t ? grammarWitness(trust, t) : undefined;
}

/** The token a statement was written for, from its own positive `sub` value (wildcards filled), rejected. */
export function intendedGrammarWitness(trust: IssuerTrust, statement: Statement): Witness | undefined {
  for (const c of statement.conditions) {
    const op = operatorInfo(c.op);
    if (op.negated || op.base === 'Null' || !/:sub$/i.test(c.key.value)) continue;
    for (const v of c.values) {
      const t = trust.opaque.of(v);
      if (!t || t.fullyUnknown) continue;
      const sub = trust.opaque.show(op.base === 'StringLike' ? t.text.replace(/\*/g, 'main').replace(/\?/g, 'a') : t.text);
      const w: Witness = {
        kind: 'rejected',
        sub,
        aud: trust.audiences[0] ?? '',
        note: `${/^[AEIOU]/.test(trust.profile.name) ? 'an' : 'a'} ${trust.profile.name} token with this subject: rejected`,
      };
      if (trust.iss) w.iss = trust.iss;
      return w;
    }
  }
  return undefined;
}

/** Whether an outsider's token (every segment an outsider's) gets in, and through which statement. */
export function outsiderAccepted(trust: IssuerTrust): { statement: Statement; witness: Witness } | undefined {
  const e = trust.evaluation;
  const g = trust.profile.grammar;
  if (!e || !g) return undefined;
  const { shape, values } = outsiderToken(g);
  const sub = formatShape(shape, values);
  for (const aud of trust.audiences) {
    const d = evaluatePolicy(e.statements, { sub, aud }, e.ctx);
    if (d.allowed === true && d.allowedBy[0])
      return { statement: d.allowedBy[0], witness: grammarWitness(trust, { shape, values, sub, aud }) };
  }
  return undefined;
}
