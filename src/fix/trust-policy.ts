// The new trust policy of a live role: HCP Terraform statements replaced by one pinned statement,
// every other statement kept as it is; and the check that the result never admits a token that
// the current policy does not.
import { buildProject } from '../model/extract.js';
import type { Project, Role } from '../model/types.js';
import { analyzeRoleTrust, evaluatePolicy } from '../trust/index.js';
import type { LiveProvider, LiveRole } from './live.js';
import { liveInstances } from './live-model.js';

export type Json = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Same JSON regardless of key order: for "is this change a no-op". */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Json).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  );
}

export function sameDocument(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** Does a statement trust this issuer's provider (by ARN or host)? */
function trustsHost(st: Json, host: string): boolean {
  const federated = asArray((st.Principal as Json | undefined)?.Federated);
  return federated.some((f) => typeof f === 'string' && (f.toLowerCase().endsWith(`:oidc-provider/${host}`) || f.toLowerCase() === host));
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
 * later ones for the issuer go, the rest stays in place. A role without a current policy gets only
 * the pinned statement.
 */
export function desiredTrust(current: string | undefined, o: { host: string; providerArn: string; subs: string[]; audiences: string[] }): Json {
  if (current === undefined) return { Version: '2012-10-17', Statement: [pinnedStatement(o)] };
  const doc = JSON.parse(current) as Json;
  const out: unknown[] = [];
  let placed = false;
  for (const s of asArray(doc.Statement)) {
    const st = s as Json;
    if (st && typeof st === 'object' && st.Effect === 'Allow' && trustsHost(st, o.host)) {
      if (!placed) out.push(pinnedStatement({ ...o, sid: st.Sid }));
      placed = true;
    } else out.push(s);
  }
  if (!placed) out.push(pinnedStatement(o));
  return { ...doc, Version: doc.Version ?? '2012-10-17', Statement: out };
}

/** A live role (and the provider it trusts) as the model, to reuse the trust engine and permission levels. */
export function liveRoleModel(role: LiveRole, provider?: LiveProvider): { project: Project; role?: Role } {
  const live = liveInstances({
    roles: [{ RoleName: role.name, Arn: role.arn, Path: role.path, AssumeRolePolicyDocument: role.trust, AttachedManagedPolicies: role.attached.map((a) => ({ PolicyArn: a.arn, PolicyName: a.name })) }],
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
export function widenedTokens(live: LiveRole, provider: LiveProvider | undefined, host: string, tokens: { sub: string; aud: string }[]): { sub: string; aud: string }[] {
  const { project, role } = liveRoleModel(live, provider);
  if (!role?.trust) return tokens;
  const issuer = analyzeRoleTrust(role, project).issuers.find((i) => i.host === host);
  if (!issuer) return tokens;
  const ctx = { project, who: { host, ...(issuer.provider ? { provider: issuer.provider } : {}) }, opaque: issuer.opaque };
  return tokens.filter((t) => evaluatePolicy(role.trust!.statements, t, ctx).allowed !== true);
}
