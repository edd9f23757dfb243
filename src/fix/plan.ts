// The fix plan: desired state per role and provider against the live account, as a list of
// actions, the problems that stop it, and a readable rendering with a diff of each trust policy.
import { knownString } from '../model/names.js';
import type { ReadChainOptions } from '../online/tls.js';
import { permissionLevel } from '../permissions/role-permissions.js';
import type { Action } from './actions.js';
import { describeAction } from './actions.js';
import type { AwsSession } from './aws.js';
import type { RoleTarget } from './desired.js';
import { lineDiff, prettyJson } from './diff.js';
import { type LiveProvider, type LiveRole, findProvider, getRole } from './live.js';
import { checkSharedProviders } from './shared-provider.js';
import { currentThumbprints, desiredThumbprints } from './thumbprint.js';
import { type Json, desiredTrust, liveRoleModel, sameDocument, sharedStatements, widenedTokens } from './live-trust.js';

export interface FixFlags {
  thumbprints: string[];
  /** Roles named with --allow-shared-provider: they may be affected by a provider change. */
  allowSharedProvider?: string[];
  createMissing: boolean;
  detachAdmin: boolean;
  chainOptions?: ReadChainOptions;
}

export interface ProviderPlan {
  host: string;
  arn: string;
  live?: LiveProvider;
  clientIds: string[];
  thumbprints: string[];
}

export interface RolePlan {
  target: RoleTarget;
  path: string;
  live?: LiveRole;
  next?: Json;
  /** Admin attachments detached (with --detach-admin) or left (without). */
  admin: { arn: string; label: string }[];
}

export interface FixPlan {
  account: string;
  providers: ProviderPlan[];
  roles: RolePlan[];
  actions: Action[];
  /** Facts to show (kept admin, skipped thumbprint, ...). */
  notes: string[];
  /** Why the fix cannot go ahead; nothing is applied when there is one. */
  problems: string[];
}

const IAM_QUOTA = { thumbprints: 5, clientIds: 100, trustSize: 2048 };

function partitionOf(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

async function planProvider(s: AwsSession, host: string, targets: RoleTarget[], flags: FixFlags, plan: FixPlan): Promise<ProviderPlan> {
  const live = await findProvider(s, host);
  const arn = live?.arn ?? `arn:${partitionOf(s.callerArn)}:iam::${s.account}:oidc-provider/${host}`;
  const audiences = [...new Set(targets.flatMap((t) => t.audiences))];
  const current = await currentThumbprints(host, flags.thumbprints, flags.chainOptions);
  const p: ProviderPlan = {
    host,
    arn,
    clientIds: live ? [...live.clientIds] : audiences,
    thumbprints: live ? live.thumbprints : current.thumbprints,
  };
  if (live) p.live = live;
  if (current.error) {
    if (live)
      plan.notes.push(
        `thumbprints of ${host} left as they are: could not read ${current.source} (${current.error}); --thumbprint supplies one`,
      );
    else
      plan.problems.push(
        `cannot create the provider for ${host} without a thumbprint: could not read ${current.source} (${current.error}); pass --thumbprint <sha1>`,
      );
  } else if (live) {
    p.thumbprints = desiredThumbprints(live.thumbprints, current);
    if (p.thumbprints !== live.thumbprints)
      plan.actions.push({ kind: 'update-thumbprints', arn, from: live.thumbprints, to: p.thumbprints });
  }
  if (p.thumbprints.length > IAM_QUOTA.thumbprints)
    plan.problems.push(`provider ${host} would hold ${p.thumbprints.length} thumbprints; IAM allows at most ${IAM_QUOTA.thumbprints}`);
  if (!live) {
    plan.actions.push({ kind: 'create-provider', url: host, clientIds: audiences, thumbprints: p.thumbprints });
  } else {
    for (const aud of audiences) {
      if (p.clientIds.includes(aud)) continue;
      p.clientIds.push(aud);
      plan.actions.push({ kind: 'add-client-id', arn, clientId: aud });
    }
  }
  if (p.clientIds.length > IAM_QUOTA.clientIds)
    plan.problems.push(`provider ${host} would hold ${p.clientIds.length} client IDs; IAM allows at most ${IAM_QUOTA.clientIds}`);
  return p;
}

async function planRole(
  s: AwsSession,
  t: RoleTarget,
  provider: ProviderPlan,
  flags: FixFlags,
  plan: FixPlan,
  detaches: Action[],
): Promise<RolePlan> {
  const live = await getRole(s, t.roleName);
  const desired = { host: t.host, providerArn: provider.arn, subs: t.subs, audiences: t.audiences };
  const rp: RolePlan = { target: t, path: live?.path ?? '/', admin: [] };
  if (!live) {
    if (!flags.createMissing) {
      plan.problems.push(`role ${t.roleName} does not exist in account ${s.account}; --create-missing creates it`);
      return rp;
    }
    rp.next = desiredTrust(undefined, desired);
    plan.actions.push({ kind: 'create-role', name: t.roleName, path: '/', trust: JSON.stringify(rp.next) });
    return rp;
  }
  rp.live = live;
  try {
    rp.next = desiredTrust(live.trust, desired);
  } catch {
    plan.problems.push(`the live trust policy of role ${t.roleName} is not JSON; fix it by hand first`);
    return rp;
  }
  const tokens = t.subs.flatMap((sub) => t.audiences.map((aud) => ({ sub, aud })));
  const widened = widenedTokens(live, provider.live, t.host, tokens);
  if (widened.length) {
    const w = widened[0];
    plan.problems.push(
      `role ${t.roleName}: the pinned trust would admit sub "${w.sub}" (aud "${w.aud}"), which its current trust policy does not: the fix only narrows who can assume a role. Pass the organization, project and workspace the deployed role trusts, or change the role through Terraform`,
    );
    return rp;
  }
  const text = JSON.stringify(rp.next);
  if (!sameDocument(live.trust, text)) {
    plan.actions.push({ kind: 'update-trust', name: t.roleName, from: live.trust, to: text });
    for (const shared of sharedStatements(live.trust, t.host)) {
      plan.notes.push(
        `role ${t.roleName}: statement ${shared.sid ? `"${shared.sid}"` : 'without a Sid'} also trusts ${shared.others.join(', ')}: it is split; those principals keep the statement and its conditions as they are, and ${t.host} gets its own pinned statement`,
      );
    }
  }
  if (text.replace(/\s/g, '').length > IAM_QUOTA.trustSize)
    plan.notes.push(
      `the new trust policy of role ${t.roleName} is over ${IAM_QUOTA.trustSize} characters: IAM accepts it only with a raised quota (4,096 at most)`,
    );

  const model = liveRoleModel(live, provider.live);
  for (const reason of model.role ? permissionLevel(model.role, model.project).reasons : []) {
    if (reason.level !== 'admin') continue;
    const arn = knownString(reason.attachment.policyArn);
    if (!arn) {
      plan.notes.push(
        `role ${t.roleName}: ${reason.message} (inline policy ${reason.attachment.label}) grants admin; --fix does not delete inline policies`,
      );
      continue;
    }
    rp.admin.push({ arn, label: reason.message });
    if (flags.detachAdmin) detaches.push({ kind: 'detach-policy', role: t.roleName, policyArn: arn });
    else plan.notes.push(`role ${t.roleName} keeps ${reason.message}; --detach-admin detaches it`);
  }
  return rp;
}

export async function planFix(s: AwsSession, targets: RoleTarget[], flags: FixFlags): Promise<FixPlan> {
  const plan: FixPlan = { account: s.account, providers: [], roles: [], actions: [], notes: [], problems: [] };
  const hosts = [...new Set(targets.map((t) => t.host))];
  for (const host of hosts)
    plan.providers.push(
      await planProvider(
        s,
        host,
        targets.filter((t) => t.host === host),
        flags,
        plan,
      ),
    );
  // Providers first, then trust policies, then detaching: each step leaves a working setup.
  const detaches: Action[] = [];
  for (const t of targets)
    plan.roles.push(
      await planRole(
        s,
        t,
        plan.providers.find((p) => p.host === t.host)!,
        flags,
        plan,
        detaches,
      ),
    );
  plan.actions.push(...detaches);
  // The providers as they will be after the plan, checked against every other role that trusts them.
  const shared = await checkSharedProviders(
    s,
    plan.actions,
    plan.providers.map((p) => ({
      host: p.host,
      arn: p.arn,
      after: { arn: p.arn, url: p.live?.url ?? p.host, host: p.host, clientIds: p.clientIds, thumbprints: p.thumbprints },
    })),
    targets.map((t) => t.roleName),
    flags.allowSharedProvider ?? [],
  );
  plan.problems.push(...shared.problems);
  plan.notes.push(...shared.notes);
  return plan;
}

/** The plan as text: one line per action, and a diff under each trust policy change. */
export function formatPlan(plan: FixPlan, callerArn: string): string {
  const out: string[] = [`Plan for AWS account ${plan.account} (as ${callerArn}):`, ''];
  if (!plan.actions.length)
    out.push(
      plan.problems.length
        ? '  No changes planned: the problems below stop the fix.'
        : '  No changes: the account already matches the desired state.',
    );
  for (const a of plan.actions) {
    const sign =
      a.kind.startsWith('create') || a.kind.startsWith('add') || a.kind.startsWith('attach')
        ? '+'
        : a.kind.startsWith('detach') || a.kind.startsWith('delete') || a.kind.startsWith('remove')
          ? '-'
          : '~';
    out.push(`  ${sign} ${describeAction(a)}`);
    if (a.kind === 'update-trust') out.push(...lineDiff(prettyJson(a.from), prettyJson(a.to)).map((l) => `      ${l}`));
    if (a.kind === 'create-role')
      out.push(
        ...prettyJson(a.trust)
          .split('\n')
          .map((l) => `      + ${l}`),
      );
  }
  if (plan.notes.length) out.push('', ...plan.notes.map((n) => `  note: ${n}`));
  if (plan.problems.length) out.push('', ...plan.problems.map((p) => `  cannot fix: ${p}`));
  if (plan.actions.length) out.push('', `${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'}.`);
  return out.join('\n') + '\n';
}
