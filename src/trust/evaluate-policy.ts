// A trust policy evaluated the way IAM does for one web-identity request: statements ORed,
// conditions ANDed, explicit Deny wins; three-valued where a value is not known.
import type { Condition, Project, Statement } from '../model/types.js';
import { type Value, hasUnknownRun } from '../core/value.js';
import { type IssuerIdentity, principalsMatch } from './federated-link.js';
import { ASSUME_WEB_IDENTITY, type RequestValues, type Tri, actionMatches, and3, evaluateCondition, not3, or3 } from './operators.js';
import { type OpaqueTable, hasOpaque } from './pattern.js';

/** Claim values of one token, by claim name: `sub`, `aud`. */
export type Claims = Record<string, string>;

export interface PolicyContext {
  project: Project;
  who: IssuerIdentity;
  opaque: OpaqueTable;
  /**
   * Allow statements whose principal is unknown (a module input without a value) but whose
   * condition keys name this issuer's host: IAM compares `<host>:sub` only for that issuer's
   * tokens, so the statement is read as trusting it.
   */
  principalFromKeys?: Set<Statement>;
  /**
   * What a statement's action and principal decide for this issuer, worked out once for the
   * witness search (src/trust/analyze.ts searchPolicy): neither depends on the token.
   */
  decided?: Map<Statement, Tri>;
}

/**
 * What a condition key asks of a token: one of its claims, an answer that no claim changes, or a
 * value of the caller's request rather than of the token (a global key: aws:SourceIp, sts:RoleSessionName).
 */
type KeyMeaning = { claim: string } | { fixed: RequestValues } | { caller: true };

/** Per key value, the meaning last worked out and for which issuer and opaque table (the witness search asks thousands of times). */
const meanings = new WeakMap<Value, { who: IssuerIdentity; opaque: OpaqueTable; meaning: KeyMeaning }>();

/** The request's values for a condition key, by IAM's rules for a generic OIDC provider. */
export function requestValues(key: Value, claims: Claims, ctx: PolicyContext): RequestValues {
  const meaning = meaningOf(key, ctx);
  if ('caller' in meaning) return 'unknown';
  if ('fixed' in meaning) return meaning.fixed;
  // Custom claims (terraform_organization_name, ...) are not condition keys on AWS: always absent.
  return meaning.claim in claims ? [claims[meaning.claim]] : undefined;
}

function meaningOf(key: Value, ctx: PolicyContext): KeyMeaning {
  const hit = meanings.get(key);
  if (hit && hit.who === ctx.who && hit.opaque === ctx.opaque) return hit.meaning;
  const meaning = keyMeaning(key, ctx);
  meanings.set(key, { who: ctx.who, opaque: ctx.opaque, meaning });
  return meaning;
}

/**
 * A global condition key (aws:SourceIp, aws:SecureTransport, sts:RoleSessionName, ...): its value
 * comes from the caller's request, not from the token, so no claim decides it (docs/domain.md).
 */
export function isCallerKey(key: Value, ctx: PolicyContext): boolean {
  return 'caller' in meaningOf(key, ctx);
}

function keyMeaning(key: Value, ctx: PolicyContext): KeyMeaning {
  const k = ctx.opaque.of(key);
  if (!k) return { fixed: 'unknown' };
  const name = k.text.toLowerCase();
  const prefix = `${ctx.who.host.toLowerCase()}:`;
  if (name.startsWith(prefix) && !hasOpaque(name.slice(prefix.length))) return { claim: name.slice(prefix.length) };
  // `${var.tfc_hostname}:sub` when that unknown is read as this issuer's host (src/trust/unknown-host.ts).
  const m = /^([\ue000-\uf8ff]):([^\ue000-\uf8ff]+)$/.exec(name);
  if (m && ctx.who.assumedKeyHosts?.includes(m[1])) return { claim: m[2] };
  if (hasOpaque(name)) return { fixed: 'unknown' };
  // Global keys (aws:SourceIp, sts:RoleSessionName, ...) depend on the caller's request.
  if (/^(aws|sts):/.test(name)) return { caller: true };
  // Another issuer's keys (token.actions.githubusercontent.com:sub) are absent from this request.
  return { fixed: undefined };
}

export function conditionHolds(c: Condition, claims: Claims, ctx: PolicyContext): Tri {
  const texts: string[] = [];
  let valuesUnknown = false;
  for (const v of c.values) {
    const t = ctx.opaque.of(v);
    if (!t) valuesUnknown = true;
    else texts.push(t.text);
  }
  return evaluateCondition(c.op, texts, requestValues(c.key, claims, ctx), valuesUnknown);
}

function stringsOf(values: Value[]): { known: string[]; unknown: boolean } {
  const known: string[] = [];
  let unknown = false;
  for (const v of values) {
    if (v.kind === 'string' && !hasUnknownRun(v)) known.push(v.value);
    else unknown = true;
  }
  return { known, unknown };
}

export function actionApplies(s: Statement): Tri {
  const a = stringsOf(s.actions);
  const n = stringsOf(s.notActions);
  return actionMatches(a.known, n.known, ASSUME_WEB_IDENTITY, a.unknown || n.unknown);
}

/**
 * Does the statement apply to a token with these claims from this issuer? The request is the one a
 * holder of the token would send: a condition on a caller key is met where it lets the request in
 * (an Allow) and not met where it would keep it out (a Deny); findings then say so (callerAssumption).
 */
export function statementApplies(s: Statement, claims: Claims, ctx: PolicyContext): Tri {
  let r = ctx.decided?.get(s);
  if (r === undefined) r = actionAndPrincipal(s, ctx);
  for (const c of s.conditions) {
    if (r === false) return false;
    if (isCallerKey(c.key, ctx)) {
      if (s.effect === 'Deny') return false;
      continue;
    }
    r = and3(r, conditionHolds(c, claims, ctx));
  }
  return r;
}

/** Whether the statement's action and principal let this issuer's tokens in, whatever the token. */
export function actionAndPrincipal(s: Statement, ctx: PolicyContext): Tri {
  let r = actionApplies(s);
  if (r === false) return false;
  if (ctx.principalFromKeys?.has(s)) r = and3(r, true);
  else if (s.principals) r = and3(r, principalsMatch(s.principals, ctx.who, ctx.project));
  else if (s.notPrincipals) r = and3(r, not3(principalsMatch(s.notPrincipals, ctx.who, ctx.project)));
  else return false;
  return r;
}

/**
 * The assumption a finding on this issuer rests on when the policy it was decided on has conditions
 * on caller keys (undefined when it has none): "the request meets IpAddress aws:SourceIp …".
 */
export function callerAssumption(statements: Statement[], ctx: PolicyContext): string | undefined {
  const meets = new Set<string>();
  const escapes = new Set<string>();
  for (const s of statements)
    for (const c of s.conditions) {
      if (!isCallerKey(c.key, ctx)) continue;
      (s.effect === 'Deny' ? escapes : meets).add(`${c.operator} ${ctx.opaque.show(ctx.opaque.of(c.key)?.text ?? c.key.value)}`);
    }
  if (!meets.size && !escapes.size) return undefined;
  const parts = [
    ...(meets.size ? [`meets ${[...meets].join(', ')}`] : []),
    ...(escapes.size ? [`escapes the Deny on ${[...escapes].join(', ')}`] : []),
  ];
  return `the caller's request ${parts.join(' and ')}, which no token claim decides`;
}

export interface Decision {
  allowed: Tri;
  /** Allow statements that definitely apply. */
  allowedBy: Statement[];
}

export function evaluatePolicy(statements: Statement[], claims: Claims, ctx: PolicyContext): Decision {
  let allow: Tri = false;
  let deny: Tri = false;
  const allowedBy: Statement[] = [];
  for (const s of statements) {
    if (s.effect === undefined) {
      // An effect we cannot read could be either; it can only make the answer less certain.
      if (statementApplies(s, claims, ctx) !== false) deny = or3(deny, 'unknown');
      continue;
    }
    const applies = statementApplies(s, claims, ctx);
    if (s.effect === 'Deny') deny = or3(deny, applies);
    else {
      allow = or3(allow, applies);
      if (applies === true) allowedBy.push(s);
    }
  }
  return { allowed: and3(allow, not3(deny)), allowedBy };
}
