// The audience a workspace sends (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE, else aws.workload.identity)
// must pass the role's `aud` condition and be a client ID of the provider, or every run fails.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import type { Role, WorkspaceBinding } from '../src/model/types.js';
import {
  analyzeProject,
  bindingSubject,
  checkWorkspaceTrust,
  DEFAULT_AUDIENCE,
  describeClaim,
  knownClientIds,
  namesOf,
  toWitness,
  trustAcceptsAudience,
  variablePlace,
  workspacePolicyContext,
  type WorkspaceTrustCheck,
} from '../src/trust/index.js';

export default defineRule({
  meta: {
    id: 'workspace-audience-matches',
    description:
      "The audience a workspace's token carries (TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE, default aws.workload.identity) must be accepted by the role's aud condition and be a client ID of the OIDC provider.",
    severity: 'high',
    messages: {
      roleRejects:
        '{{scope}} sends audience "{{aud}}"{{how}}, but the trust of role "{{role}}" does not accept it in its aud condition: every run fails to assume the role',
      providerRejects:
        '{{scope}} sends audience "{{aud}}"{{how}}, which is not a client ID of OIDC provider {{provider}} ({{ids}}): STS rejects every token',
    },
    tags: ['workspace', 'trust'],
  },
  check({ project, report, settings }) {
    const options = settings.hostnames?.length ? { terraformHosts: settings.hostnames } : {};
    for (const b of project.workspaceBindings ?? []) {
      const audVar = b.settings.WORKLOAD_IDENTITY_AUDIENCE;
      if (audVar && knownString(audVar.value) === undefined) continue;
      const aud = audVar ? knownString(audVar.value)! : DEFAULT_AUDIENCE;
      const roles = [...new Set([b.plan, b.apply].filter((w) => w?.role).map((w) => w!))];
      const seen = new Set<Role>();
      for (const wired of roles) {
        const role = wired.role!;
        if (seen.has(role)) continue;
        seen.add(role);
        const trusts = (analyzeProject(project, options).find((rt) => rt.role === role)?.issuers ?? []).filter((i) => i.profile.terraform);
        if (!trusts.length) continue;
        const place = audVar ? variablePlace(audVar) : variablePlace(wired.variable);
        const check = checkWorkspaceTrust(role, namesOf(b), 'apply', project, { ...options, audience: aud });
        const base = {
          data: {
            scope: scopeOf(b),
            aud,
            how: audVar ? ` (${audVar.key})` : ' (the default: no TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE is set)',
            role: role.label,
          },
          ...place,
          ...witnessOf(check, aud),
          callChain: (audVar ?? wired.variable).callChain,
          resource: (audVar ?? wired.variable).address ?? (audVar ?? wired.variable).id,
        };
        if (trusts.every((t) => trustAcceptsAudience(t, aud, workspacePolicyContext(t, project)) === false)) {
          report({
            ...base,
            messageId: 'roleRejects',
            related: [{ message: `trust policy of role "${role.label}"`, range: role.trust?.range ?? role.range }],
            fix: `Make the role's aud condition and the workspace's TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE the same value`,
          });
          continue;
        }
        const withIds = trusts.filter((t) => knownClientIds(t.provider));
        if (withIds.length === trusts.length && withIds.every((t) => !knownClientIds(t.provider)!.includes(aud))) {
          const t = withIds[0];
          report({
            ...base,
            data: { ...base.data, provider: t.provider!.address ?? t.provider!.id, ids: knownClientIds(t.provider)!.join(', ') },
            messageId: 'providerRejects',
            related: [{ message: 'client_id_list of the provider', range: t.provider!.clientIdList?.range ?? t.provider!.range }],
            fix: `Add "${aud}" to the provider's client_id_list, or send one of its client IDs`,
          });
        }
      }
    }
  },
});

function scopeOf(b: WorkspaceBinding): string {
  return bindingSubject(b);
}

function witnessOf(check: WorkspaceTrustCheck, aud: string) {
  if (!check.trust || !check.claim) return {};
  return { witness: toWitness(check.trust, { sub: check.sub!, aud }, describeClaim(check.claim), 'rejected') };
}
