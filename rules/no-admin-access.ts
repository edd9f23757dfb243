// Administrator permissions on a role that HCP Terraform runs can assume.
import { defineRule } from '../src/model/rule.js';
import type { PolicyAttachment, Role } from '../src/model/types.js';
import type { Range } from '../src/core/source.js';
import { knownString } from '../src/model/names.js';
import {
  detachFix,
  grammarExposure,
  type IssuerTrust,
  otherIssuerTrusts,
  permissionTrustsFor,
  phasePairsToReport,
  scopesToReport,
  witnessOf,
} from '../src/trust/index.js';
import { permissionLevel, powerUserAttachments } from '../src/permissions/index.js';

/** Why the admin grant is worse than it looks: who besides the intended apply runs gets it. */
function exposure(trust: IssuerTrust): { why: string; witness?: ReturnType<typeof witnessOf> } | undefined {
  if (trust.unrestricted.length)
    return { why: 'any organization on the issuer can assume it', witness: witnessOf(trust, trust.unrestricted[0].witness) };
  for (const d of ['organization', 'project', 'workspace'] as const) {
    const scope = scopesToReport(trust, d)[0];
    if (scope) return { why: `its trust admits more than one ${d}`, witness: scope.witness ? witnessOf(trust, scope.witness) : undefined };
  }
  const plan = trust.search?.accepted.find((t) => t.claim.phase === 'plan') ?? phasePairsToReport(trust)[0]?.[0];
  if (plan) return { why: 'it admits plan runs, which execute code from pull requests', witness: witnessOf(trust, plan) };
  return undefined;
}

/** Where an attachment finding points: a separate attachment resource is the thing to delete, so all of it. */
function attachmentPlace(att: PolicyAttachment, role: Role, inner: Range) {
  const whole = att.kind === 'aws_iam_role_policy_attachment' || att.kind === 'aws_iam_policy_attachment';
  return {
    range: whole ? (att.blockRange ?? att.range) : inner,
    origins: att.policyArn?.origins,
    callChain: att.callChain.length ? att.callChain : role.callChain,
    related: [{ message: `role "${role.label}"`, range: role.range }],
    resource: att.address ?? role.address ?? role.id,
  };
}

export default defineRule({
  meta: {
    id: 'no-admin-access',
    description:
      'A role that HCP Terraform runs can assume should not have administrator permissions (AdministratorAccess, IAMFullAccess, PowerUserAccess, iam:*, or * on *).',
    severity: 'high',
    severities: {
      critical: "when the role's trust is also loose (another organization, project or workspace gets in) or the role admits plan runs",
      medium: 'for `PowerUserAccess` (high with such a loose trust)',
    },
    messages: {
      admin:
        '{{what}} is attached to role "{{role}}", which HCP Terraform runs can assume: every run it admits gets administrator credentials',
      adminExposed:
        '{{what}} is attached to role "{{role}}", which HCP Terraform runs can assume, and {{why}}: they all get administrator credentials',
      powerUser:
        'PowerUserAccess is attached to role "{{role}}", which HCP Terraform runs can assume{{why}}: every action outside IAM, Organizations and Account',
      adminOther:
        '{{what}} is attached to role "{{role}}", which {{issuer}} {{runs}} can assume{{why}}: every one it admits gets administrator credentials',
      powerUserOther:
        'PowerUserAccess is attached to role "{{role}}", which {{issuer}} {{runs}} can assume{{why}}: every action outside IAM, Organizations and Account',
    },
    issuers: ['*'],
    tags: ['permissions'],
  },
  check({ project, report, settings }) {
    const seen = new Set<Role>();
    for (const { role, trust } of permissionTrustsFor({ project, settings })) {
      if (seen.has(role)) continue;
      seen.add(role);
      const perms = permissionLevel(role, project);
      const exposed = exposure(trust);
      if (perms.level !== 'admin') {
        // Power user is one step short of admin; loose trust makes it the real danger.
        for (const att of powerUserAttachments(role)) {
          report({
            messageId: 'powerUser',
            data: { role: role.label, why: exposed ? `, and ${exposed.why}` : '' },
            severity: exposed ? 'high' : 'medium',
            ...attachmentPlace(att, role, att.policyArn?.range ?? att.range),
            witness: exposed?.witness,
            fix: 'Grant only the services this workspace manages, and give plan runs a separate read-only role',
          });
        }
        continue;
      }
      for (const reason of perms.reasons) {
        report({
          messageId: exposed ? 'adminExposed' : 'admin',
          data: { what: reason.noun, role: role.label, why: exposed?.why ?? '' },
          severity: exposed ? 'critical' : 'high',
          ...attachmentPlace(reason.attachment, role, reason.range),
          witness: exposed?.witness,
          fixData: detachFix(reason.attachment, role, knownString(reason.attachment.policyArn)),
          fix: 'Grant only what this workspace manages, and give plan runs a separate read-only role',
        });
      }
    }
    for (const { role, trust } of otherIssuerTrusts({ project, settings })) {
      if (seen.has(role)) continue;
      seen.add(role);
      const perms = permissionLevel(role, project);
      const exposed = grammarExposure(trust);
      const data = { role: role.label, issuer: trust.profile.name, runs: trust.profile.runs, why: exposed ? `, and ${exposed.why}` : '' };
      if (perms.level !== 'admin') {
        for (const att of powerUserAttachments(role)) {
          report({
            messageId: 'powerUserOther',
            data,
            severity: exposed ? 'high' : 'medium',
            ...attachmentPlace(att, role, att.policyArn?.range ?? att.range),
            ...(exposed ? { witness: exposed.witness } : {}),
            fix: 'Grant only the services this pipeline deploys',
          });
        }
        continue;
      }
      for (const reason of perms.reasons) {
        report({
          messageId: 'adminOther',
          data: { ...data, what: reason.noun },
          severity: exposed ? 'critical' : 'high',
          ...attachmentPlace(reason.attachment, role, reason.range),
          ...(exposed ? { witness: exposed.witness } : {}),
          fix: 'Grant only what this workload deploys or reads; keep administrator access for break-glass roles people assume',
        });
      }
    }
  },
});
