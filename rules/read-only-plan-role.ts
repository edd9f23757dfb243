// A role meant for plan runs (it admits only run_phase:plan, or a workspace wires it as
// TFC_AWS_PLAN_ROLE_ARN) must be read-only: plans run code from pull requests.
import { defineRule } from '../src/model/rule.js';
import type { Project, Role } from '../src/model/types.js';
import { type IssuerTrust, trustsFor, witnessOf } from '../src/trust/index.js';
import { writeAccess } from '../src/permissions/index.js';

function planOnly(trust: IssuerTrust): boolean {
  const accepted = trust.search?.accepted ?? [];
  return accepted.length > 0 && accepted.every((t) => t.claim.phase === 'plan');
}

function wiredAsPlan(role: Role, project: Project): string | undefined {
  return project.workspaceVariables?.find((v) => v.setting?.name === 'PLAN_ROLE_ARN' && v.role === role)?.key;
}

export default defineRule({
  meta: {
    id: 'read-only-plan-role',
    description:
      'A role for HCP Terraform plan runs (it admits only run_phase:plan, or is wired as TFC_AWS_PLAN_ROLE_ARN) should have read-only permissions.',
    severity: 'high',
    messages: {
      writeOnPlan:
        'Role "{{role}}" is a plan role ({{why}}) but has write access: {{actions}} (from "{{pattern}}" in {{where}}); plans run code from pull requests',
    },
    tags: ['permissions'],
  },
  check({ project, report, settings }) {
    const seen = new Set<Role>();
    for (const { role, trust } of trustsFor({ project, settings })) {
      if (seen.has(role)) continue;
      const wired = wiredAsPlan(role, project);
      if (!planOnly(trust) && !wired) continue;
      seen.add(role);
      const witness = trust.search?.accepted[0];
      for (const w of writeAccess(role)) {
        const g = w.grant;
        const shown = w.actions.length > 4 ? `${w.actions.slice(0, 4).join(', ')} and ${w.actions.length - 4} more` : w.actions.join(', ');
        report({
          messageId: 'writeOnPlan',
          data: {
            role: role.label,
            why: wired ? `wired as ${wired}` : 'it admits only run_phase:plan',
            actions: shown,
            pattern: g.except ? `NotAction ${g.except.join(', ')}` : g.action,
            where: g.where,
          },
          range: g.range,
          callChain: g.attachment.callChain.length ? g.attachment.callChain : role.callChain,
          related: [{ message: `role "${role.label}"`, range: role.range }],
          witness: witness ? witnessOf(trust, witness) : undefined,
          fix: 'Give the plan role read-only access (ReadOnlyAccess, or Get/List/Describe actions) and keep write access on the apply role',
          resource: g.attachment.address ?? role.address ?? role.id,
        });
      }
    }
  },
});
