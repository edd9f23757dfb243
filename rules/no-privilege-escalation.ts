// Permissions that let a role HCP Terraform runs can assume raise its own privileges: IAM policy
// writes, new credentials, PassRole with something that runs code, AssumeRole on anything.
import { defineRule } from '../src/model/rule.js';
import type { Role } from '../src/model/types.js';
import { webIdentityTrusts } from '../src/trust/index.js';
import { type Escalation, permissionLevel, privilegeEscalations } from '../src/permissions/index.js';

const HOW = {
  direct: 'can change IAM policies, credentials or code that runs under another role, and so grant itself more',
  assumeAny: 'can assume any role in reach, whatever that role may do',
} as const;

const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');

/** What a PassRole path can pass, and to what, as narrowed by Resource and iam:PassedToService. */
function how(e: Escalation): string {
  if (e.kind !== 'passRole') return HOW[e.kind];
  const roles = e.passes?.roles ? `roles matching ${quoted(e.passes.roles)}` : 'any role';
  const to = e.passes?.services ? e.passes.services.join(', ') : 'a service';
  return `can pass ${roles} to ${to} and run code as it`;
}

export default defineRule({
  meta: {
    id: 'no-privilege-escalation',
    description:
      'A role that HCP Terraform runs (or any web-identity workload) can assume should not hold permissions that let it raise its own privileges (iam:PutRolePolicy, iam:PassRole with a compute action, sts:AssumeRole on *, ...).',
    severity: 'high',
    messages: {
      escalation: 'Role "{{role}}" {{how}}: {{actions}} (from "{{pattern}}" in {{where}})',
      escalationOther: 'Role "{{role}}", which {{issuer}} {{runs}} can assume, {{how}}: {{actions}} (from "{{pattern}}" in {{where}})',
    },
    tags: ['permissions'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    const seen = new Set<Role>();
    for (const { role, trust } of webIdentityTrusts({ project, settings })) {
      if (seen.has(role)) continue;
      seen.add(role);
      // An administrator grant escalates by definition; no-admin-access reports it once, with the exposure.
      const perms = permissionLevel(role, project);
      const admin = new Set(perms.level === 'admin' ? perms.reasons.map((r) => r.attachment) : []);
      for (const e of privilegeEscalations(role)) {
        if (admin.has(e.grant.attachment)) continue;
        const g = e.grant;
        const shown = e.actions.length > 5 ? `${e.actions.slice(0, 5).join(', ')} and ${e.actions.length - 5} more` : e.actions.join(', ');
        report({
          messageId: trust.profile.terraform ? 'escalation' : 'escalationOther',
          data: {
            role: role.label,
            issuer: trust.profile.name,
            runs: trust.profile.runs,
            how: how(e),
            actions: shown,
            pattern: g.except ? `NotAction ${g.except.join(', ')}` : g.action,
            where: g.where,
          },
          range: g.range,
          callChain: g.attachment.callChain.length ? g.attachment.callChain : role.callChain,
          related: [{ message: `role "${role.label}"`, range: role.range }],
          fix: 'Remove these actions, or scope Resource to the exact ARNs this workspace manages (and never to this role itself)',
          resource: g.attachment.address ?? role.address ?? role.id,
        });
      }
    }
  },
});
