// A workspace wired (TFC_AWS_*_ROLE_ARN) to a role whose trust does not admit the workspace's
// own token: its runs fail. Or the trust admits far more than the workspaces that use the role.
import { defineRule } from '../src/model/rule.js';
import type { Role, WorkspaceBinding, WorkspaceVariable } from '../src/model/types.js';
import {
  bindingSubject,
  checkWorkspaceTrust,
  describeClaim,
  namesOf,
  placeOf,
  toWitness,
  variablePlace,
  widerThan,
  witnessOf,
  type WorkspaceNames,
  type WorkspaceTrustCheck,
} from '../src/trust/index.js';
import { knownString } from '../src/model/names.js';

function why(c: WorkspaceTrustCheck, skipPhase: boolean): string {
  if (c.otherHost) {
    const { keys, token } = c.otherHost;
    return `its condition keys trust ${keys}, but the token comes from ${token}, the provider its principal names, and carries ${token}:sub and :aud, which no condition tests`;
  }
  if (c.noTerraformIssuer) return 'the role trusts no HCP Terraform issuer';
  const parts = (c.mismatch ?? []).filter((m) => !(skipPhase && m.part === 'run_phase'));
  if (!parts.length) return 'the trust admits no HCP Terraform workspace run at all';
  return parts.map((m) => `the token has ${m.part} "${m.have}" where the trust admits "${m.want}"`).join(', and ');
}

const sameParts = (a: WorkspaceTrustCheck, b: WorkspaceTrustCheck) => why(a, true) === why(b, true);

export default defineRule({
  meta: {
    id: 'workspace-role-trusts-workspace',
    description:
      "A role wired to a workspace through TFC_AWS_RUN_ROLE_ARN (or its PLAN/APPLY, _TAG and TFC_DEFAULT_ forms) must admit that workspace's token, and not far more.",
    severity: 'high',
    severities: { high: "when the role rejects the workspace's token", medium: 'when it admits far more' },
    messages: {
      rejected:
        '{{workspace}} sends its {{phase}} runs to role "{{role}}" ({{key}}), but the role\'s trust does not admit their token: {{why}}. Those runs will fail to assume the role',
      admitsMore: 'Role "{{role}}" serves {{workspaces}}, but its trust also admits another {{dimension}}: {{who}} can assume it too',
      noSuchRole:
        '{{workspace}} sends its {{phase}} runs to role "{{name}}" ({{key}}), which nothing in the scan creates, while role "{{other}}" trusts exactly this workspace: the name is stale or mistyped, and those runs will fail to assume it',
    },
    tags: ['workspace', 'trust'],
  },
  check({ project, report, settings }) {
    const options = settings.hostnames?.length ? { terraformHosts: settings.hostnames } : {};
    const users = new Map<Role, { names: WorkspaceNames[]; labels: string[] }>();
    for (const b of project.workspaceBindings ?? []) {
      const audience = knownString(b.settings.WORKLOAD_IDENTITY_AUDIENCE?.value);
      const checks: { phase: 'plan' | 'apply'; variable: WorkspaceVariable; role: Role; check: WorkspaceTrustCheck }[] = [];
      for (const phase of ['plan', 'apply'] as const) {
        const wired = b[phase];
        if (!wired?.role) continue;
        const check = checkWorkspaceTrust(wired.role, namesOf(b), phase, project, { ...options, ...(audience ? { audience } : {}) });
        checks.push({ phase, variable: wired.variable, role: wired.role, check });
        if (check.status === 'admitted') {
          const u = users.get(wired.role) ?? { names: [], labels: [] };
          u.names.push(namesOf(b));
          const subject = bindingSubject(b, false);
          if (!u.labels.includes(subject)) u.labels.push(subject);
          users.set(wired.role, u);
        }
      }
      reportStale(b, audience);
      const rejected = checks.filter((c) => c.check.status === 'rejected');
      // One role for both phases, refused for a reason other than the phase: one finding.
      const merged =
        rejected.length === 2 && rejected[0].variable === rejected[1].variable && sameParts(rejected[0].check, rejected[1].check);
      for (const r of merged ? rejected.slice(0, 1) : rejected) reportRejected(b, r, merged);
    }
    for (const [role, u] of users) {
      const check = checkWorkspaceTrust(role, u.names[0], 'apply', project, options);
      const trust = check.trust;
      const wider = trust && widerThan(trust, u.names);
      if (!trust || !wider) continue;
      report({
        messageId: 'admitsMore',
        data: {
          role: role.label,
          workspaces: u.labels.join(', '),
          dimension: wider.dimension,
          who: describeClaim({ ...wider.token.claim, organization: trust.opaque.show(wider.token.claim.organization) }),
        },
        severity: 'medium',
        ...placeOf(wider.token.value, wider.token.condition, wider.token.statement),
        witness: witnessOf(trust, wider.token),
        fix: `Pin the trust's sub to the organization, project and workspace that use the role`,
        callChain: role.callChain,
        resource: role.address ?? role.id,
      });
    }

    /**
     * A role ARN that names no role of the scan, while a role of the scan admits this very
     * workspace's token: the likely meaning is that role, under an old or misspelt name. Only
     * when the workspace's names are known and the ARN is written out (a literal or a default).
     */
    function reportStale(b: WorkspaceBinding, audience: string | undefined) {
      const names = namesOf(b);
      if (!knownString(names.organization) || !knownString(names.workspace)) return;
      const seen = new Set<WorkspaceVariable>();
      for (const phase of ['plan', 'apply'] as const) {
        const wired = b[phase];
        if (!wired || wired.role || seen.has(wired.variable)) continue;
        const arn = knownString(wired.variable.value);
        const name = arn && /^arn:aws[a-z-]*:iam::[^:]*:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
        if (!name || project.roles.some((r) => knownString(r.name) === name)) continue;
        const other = project.roles.find(
          (role) =>
            checkWorkspaceTrust(role, names, phase, project, { ...options, ...(audience ? { audience } : {}) }).status === 'admitted',
        );
        if (!other) continue;
        const both = b.plan?.variable === b.apply?.variable;
        seen.add(wired.variable);
        report({
          messageId: 'noSuchRole',
          data: { workspace: bindingSubject(b), phase: both ? 'plan and apply' : phase, name, key: wired.variable.key, other: other.label },
          ...variablePlace(wired.variable),
          related: [{ message: `role "${other.label}", whose trust admits this workspace`, range: other.range }],
          fix: `Set ${wired.variable.key} to role "${other.label}"'s ARN (a reference such as aws_iam_role.x.arn keeps it from going stale)`,
          callChain: wired.variable.callChain,
          resource: wired.variable.address ?? wired.variable.id,
        });
      }
    }

    function reportRejected(
      b: WorkspaceBinding,
      r: { phase: 'plan' | 'apply'; variable: WorkspaceVariable; role: Role; check: WorkspaceTrustCheck },
      bothPhases: boolean,
    ) {
      const { check, role, variable } = r;
      const related = [{ message: `trust policy of role "${role.label}"`, range: role.trust?.range ?? role.range }];
      if (check.closest?.value?.range)
        related.push({ message: 'the closest sub value the trust admits', range: check.closest.value.range });
      const witness =
        check.claim && check.trust
          ? toWitness(check.trust, { sub: check.sub!, aud: check.aud! }, describeClaim(check.claim), 'rejected')
          : undefined;
      report({
        messageId: 'rejected',
        data: {
          workspace: bindingSubject(b),
          phase: bothPhases ? 'plan and apply' : r.phase,
          role: role.label,
          key: variable.key,
          why: why(check, bothPhases),
        },
        ...variablePlace(variable),
        related,
        ...(witness ? { witness } : {}),
        fix: check.otherHost
          ? `Name the condition keys ${check.otherHost.token}:sub and ${check.otherHost.token}:aud in role "${role.label}"'s trust`
          : `Admit ${check.sub ?? "the workspace's sub"} in role "${role.label}"'s trust, or wire the workspace to the role made for it`,
        callChain: variable.callChain,
        resource: variable.address ?? variable.id,
      });
    }
  },
});
