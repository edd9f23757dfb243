// The new trust policy of a live role: HCP Terraform statements replaced by one pinned statement,
// every other statement kept as it is; and the check that the result never admits a token that
// the current policy does not.
import { buildProject } from '../model/extract.js';
import type { Project, Role } from '../model/types.js';
import { analyzeRoleTrust, evaluatePolicy } from '../trust/index.js';
import type { LiveProvider, LiveRole } from './live.js';
import { liveInstances } from './live-model.js';

export type Json = Record<string, unknown>;

export const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Same JSON regardless of key order: for "is this change a no-op". */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

export function sameDocument(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** Does this Federated principal name the issuer's provider (by ARN or host)? */
function namesHost(f: unknown, host: string): boolean {
  return typeof f === 'string' && (f.toLowerCase().endsWith(`:oidc-provider/${host}`) || f.toLowerCase() === host);
}

/** Does a statement trust this issuer's provider (by ARN or host)? */
function trustsHost(st: Json, host: string): boolean {
  return asArray((st.Principal as Json | undefined)?.Federated).some((f) => namesHost(f, host));
}

/**
 * What stays of a statement once the issuer's provider leaves it: the same statement with the
 * other principals (another Federated provider, AWS, Service), every condition and every other
 * element exactly as they were — or undefined when the issuer's provider was its only principal.
 * Keys of the issuer left in its conditions change nothing for the others: a token of another
 * provider never carries them, before or after.
 */
export function remainderOf(st: Json, host: string): Json | undefined {
  const principal = st.Principal as Json;
  const federated = principal.Federated;
  const others = asArray(federated).filter((f) => !namesHost(f, host));
  const rest: Json = {};
  for (const [k, v] of Object.entries(principal)) {
    if (k !== 'Federated') rest[k] = v;
    else if (others.length) rest[k] = Array.isArray(federated) ? others : others[0];
  }
  if (!Object.keys(rest).length) return undefined;
  return { ...st, Principal: rest };
}

export function pinnedStatement(o: { host: string; providerArn: string; subs: string[]; audiences: string[]; sid?: unknown }): Json {
  const one = (xs: string[]) => (xs.length === 1 ? xs[0] : xs);
  return {
    ...(o.sid !== undefined ? { Sid: o.sid } : {}),
    Effect: 'Allow',
    Principal: { Federated: o.providerArn },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${o.host}:aud`]: one(o.audiences), [`${o.host}:sub`]: one(o.subs) } },
  };
}

/**
 * The desired document: the first statement for this issuer becomes the pinned one (its Sid kept),
 * later ones for the issuer go, the rest stays in place. A statement that also names other
 * principals is split: the others keep the statement as it was, and the pinned one follows it.
 * A role without a current policy gets only the pinned statement.
 */
export function desiredTrust(
  current: string | undefined,
  o: { host: string; providerArn: string; subs: string[]; audiences: string[] },
): Json {
  if (current === undefined) return { Version: '2012-10-17', Statement: [pinnedStatement(o)] };
  const doc = JSON.parse(current) as Json;
  const out: unknown[] = [];
  let placed = false;
  for (const s of asArray(doc.Statement)) {
    const st = s as Json;
    if (st && typeof st === 'object' && st.Effect === 'Allow' && trustsHost(st, o.host)) {
      // A statement shared with other principals is split: they keep it as it was (its Sid too).
      const rest = remainderOf(st, o.host);
      if (rest) out.push(rest);
      if (!placed) out.push(pinnedStatement({ ...o, ...(rest ? {} : { sid: st.Sid }) }));
      placed = true;
    } else out.push(s);
  }
  if (!placed) out.push(pinnedStatement(o));
  return { ...doc, Version: doc.Version ?? '2012-10-17', Statement: out };
}

/** A live role (and the provider it trusts) as the model, to reuse the trust engine and permission levels. */
export function liveRoleModel(role: LiveRole, provider?: LiveProvider): { project: Project; role?: Role } {
  const live = liveInstances({
    roles: [
      {
        RoleName: role.name,
        Arn: role.arn,
        Path: role.path,
        AssumeRolePolicyDocument: role.trust,
        AttachedManagedPolicies: role.attached.map((a) => ({ PolicyArn: a.arn, PolicyName: a.name })),
      },
    ],
    policies: [],
    providers: provider ? [provider] : [],
  });
  const project = buildProject(live.resources, { diagnostics: live.diagnostics, files: live.files });
  return { project, role: project.roles[0] };
}

/**
 * Tokens of the pinned statement that the current live policy does not (certainly) accept: the
 * fix must not let them in. Empty means the change only narrows.
 */
export function widenedTokens(
  live: LiveRole,
  provider: LiveProvider | undefined,
  host: string,
  tokens: { sub: string; aud: string }[],
): { sub: string; aud: string }[] {
  const { project, role } = liveRoleModel(live, provider);
  if (!role?.trust) return tokens;
  const issuer = analyzeRoleTrust(role, project).issuers.find((i) => i.host === host);
  if (!issuer) return tokens;
  const ctx = { project, who: { host, ...(issuer.provider ? { provider: issuer.provider } : {}) }, opaque: issuer.opaque };
  return tokens.filter((t) => evaluatePolicy(role.trust!.statements, t, ctx).allowed !== true);
}

/** The statements of a live policy that name the issuer beside other principals (for the plan's notes). */
export function sharedStatements(current: string, host: string): { sid?: string; others: string[] }[] {
  let doc: Json;
  try {
    doc = JSON.parse(current) as Json;
  } catch {
    return [];
  }
  const out: { sid?: string; others: string[] }[] = [];
  for (const s of asArray(doc.Statement)) {
    const st = s as Json;
    if (!st || typeof st !== 'object' || st.Effect !== 'Allow' || !trustsHost(st, host)) continue;
    const rest = remainderOf(st, host);
    if (!rest) continue;
    const others = Object.entries(rest.Principal as Json).flatMap(([k, v]) => asArray(v).map((x) => `${k} ${String(x)}`));
    out.push({ ...(typeof st.Sid === 'string' ? { sid: st.Sid } : {}), others });
  }
  return out;
}
