// A provider is shared. Re-creating a missing OIDC provider, or changing its thumbprints or client
// IDs, changes what every role that trusts it accepts: a role left behind with a loose trust (no
// sub condition, a wildcard organization) comes back to life with it. Before such a change the
// fix lists every live role that names the provider and refuses unless each is narrow (no trust
// finding at medium or above, judged with the provider as it will be) or the user names it with
// --allow-shared-provider.
import { runRules } from '../engine/run.js';
import { severityRank } from '../core/finding.js';
import { recommendedRules } from '../../rules/index.js';
import type { Action } from './actions.js';
import type { AwsSession } from './aws.js';
import { type LiveProvider, type LiveRole, listRoles } from './live.js';
import { type Json, asArray, liveRoleModel } from './live-trust.js';

/** The Federated principals of a trust policy's Allow statements that name this provider (by ARN or host). */
function statementsNaming(trust: string, arn: string, host: string): Json[] {
  let doc: Json;
  try {
    doc = JSON.parse(trust) as Json;
  } catch {
    return [];
  }
  return asArray(doc.Statement).filter((s): s is Json => {
    const st = s as Json;
    if (!st || typeof st !== 'object' || st.Effect !== 'Allow') return false;
    return asArray((st.Principal as Json | undefined)?.Federated).some(
      (f) => typeof f === 'string' && (f.toLowerCase() === arn.toLowerCase() || f.toLowerCase() === host.toLowerCase()),
    );
  });
}

/**
 * Whether a new client ID can matter to a statement: not when the statement pins the audience with
 * StringEquals to other values (IAM then rejects tokens of the new audience anyway).
 */
function audienceCanMatter(st: Json, host: string, clientId: string): boolean {
  const cond = (st.Condition ?? {}) as Record<string, Record<string, unknown>>;
  for (const [op, keys] of Object.entries(cond)) {
    if (op !== 'StringEquals') continue;
    for (const [k, v] of Object.entries(keys ?? {})) {
      if (k.toLowerCase() === `${host.toLowerCase()}:aud` && !asArray(v).includes(clientId)) return false;
    }
  }
  return true;
}

/** Why a role is not narrow (its first trust finding at medium or above), or undefined when it is. */
export function looseness(role: LiveRole, provider: LiveProvider): string | undefined {
  const { project } = liveRoleModel(role, provider);
  const trustRules = recommendedRules.filter((r) => r.meta.tags?.includes('trust'));
  const findings = runRules(project, trustRules).filter(
    (f) => f.ruleId !== 'internal-error' && severityRank(f.severity) >= severityRank('medium'),
  );
  return findings[0] && `${findings[0].ruleId}: ${findings[0].message}`;
}

export interface SharedCheck {
  problems: string[];
  notes: string[];
}

/**
 * The provider changes of a plan, checked against every other live role that names the provider.
 * `targets` are the roles this fix rewrites (their new trust is pinned); `allowed` the role names
 * given with --allow-shared-provider.
 */
export async function checkSharedProviders(
  s: AwsSession,
  actions: Action[],
  providers: { host: string; arn: string; after: LiveProvider }[],
  targets: string[],
  allowed: string[],
): Promise<SharedCheck> {
  const out: SharedCheck = { problems: [], notes: [] };
  const changed = providers.filter((p) =>
    actions.some(
      (a) =>
        (a.kind === 'create-provider' && a.url === p.host) ||
        ((a.kind === 'update-thumbprints' || a.kind === 'add-client-id') && a.arn === p.arn),
    ),
  );
  if (!changed.length) return out;
  const roles = await listRoles(s);
  for (const p of changed) {
    const creates = actions.some((a) => a.kind === 'create-provider' && a.url === p.host);
    const thumbprints = actions.some((a) => a.kind === 'update-thumbprints' && a.arn === p.arn);
    const newIds = actions.flatMap((a) => (a.kind === 'add-client-id' && a.arn === p.arn ? [a.clientId] : []));
    const what = creates
      ? `re-creating the provider ${p.host}`
      : thumbprints
        ? `changing the thumbprints of ${p.host}`
        : `adding client ID ${newIds.join(', ')} to ${p.host}`;
    for (const role of roles) {
      if (targets.includes(role.name)) continue;
      const statements = statementsNaming(role.trust, p.arn, p.host);
      if (!statements.length) continue;
      // Only a new audience is at stake: roles that pin their audience to others are not affected.
      if (!creates && !thumbprints && !statements.some((st) => newIds.some((id) => audienceCanMatter(st, p.host, id)))) continue;
      const loose = looseness(role, p.after);
      if (!loose) continue;
      if (allowed.includes(role.name)) {
        out.notes.push(
          `role ${role.name} also trusts ${p.host} and is not narrow (${loose}); --allow-shared-provider names it, so ${what} goes ahead and affects it`,
        );
        continue;
      }
      out.problems.push(
        `${what} also changes what role ${role.name} accepts, and that role is not narrow (${loose}). Narrow its trust first, or name it with --allow-shared-provider ${role.name}`,
      );
    }
  }
  return out;
}
