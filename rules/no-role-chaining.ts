// A web-identity role allowed sts:AssumeRole into roles of other accounts, or on wildcard role
// ARNs (any account, any name, OrganizationAccountAccessRole): every token the role admits reaches
// those roles' permissions as well. The finding names the chain.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import type { Project, Role } from '../src/model/types.js';
import type { Value } from '../src/core/value.js';
import { accountOfArn, webIdentityTrusts } from '../src/trust/index.js';
import { grantCovers, permissionLevel, roleGrants } from '../src/permissions/index.js';

/** Roles every AWS Organizations member account has, created with administrator access. */
const ADMIN_BY_NAME = ['OrganizationAccountAccessRole', 'AWSControlTowerExecution', 'OrganizationAdmin'];

interface Target {
  text: string;
  account: string;
  name: string;
}

function parseRoleArn(text: string): Target | undefined {
  const m = /^arn:[^:]*:iam::([^:]*):role\/(.+)$/.exec(text);
  return m ? { text, account: m[1], name: m[2].split('/').pop()! } : undefined;
}

/** The role's own account: from its ARN, else from the provider ARN its trust names. */
function ownAccount(role: Role): string | undefined {
  const own = accountOfArn(role.arn);
  if (own) return own;
  for (const s of role.trust?.statements ?? []) {
    for (const p of s.principals ?? [])
      for (const v of p.values) {
        const a = accountOfArn(knownString(v));
        if (a) return a;
      }
  }
  return undefined;
}

function inScan(project: Project, t: Target): Role | undefined {
  return project.roles.find((r) => (r.arn ? r.arn === t.text : knownString(r.name) === t.name));
}

export default defineRule({
  meta: {
    id: 'no-role-chaining',
    description:
      'A role that a web-identity issuer (HCP Terraform, GitHub Actions, ...) can assume should not chain into roles of other accounts or onto wildcard role ARNs: every token it admits reaches their permissions too.',
    severity: 'high',
    severities: { medium: 'when the target role is in the scan, in another account, and not an administrator' },
    messages: {
      chain: 'Role "{{role}}", which {{issuer}} {{runs}} can assume, may sts:AssumeRole into {{target}}: {{why}}. Chain: {{chain}}',
    },
    tags: ['permissions'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    const seen = new Set<Role>();
    for (const { role, trust } of webIdentityTrusts({ project, settings })) {
      if (seen.has(role)) continue;
      seen.add(role);
      const account = ownAccount(role);
      for (const g of roleGrants(role)) {
        // AssumeRole on "*" (and administrator grants) are no-privilege-escalation's and no-admin-access's.
        if (!g.statement || g.except || !grantCovers(g, 'sts:AssumeRole')) continue;
        g.statement.resources.forEach((v: Value) => {
          const text = knownString(v);
          if (!text || text === '*') return;
          const t = parseRoleArn(text);
          if (!t) return;
          const wildAccount = /[*?]/.test(t.account);
          const wildName = /[*?]/.test(t.name);
          const adminName = ADMIN_BY_NAME.find((n) => n === t.name);
          const otherAccount = !wildAccount && !!account && t.account !== account;
          if (!wildAccount && !wildName && !adminName && !otherAccount) return;
          const target = inScan(project, t);
          const admin = !!adminName || (target && permissionLevel(target, project).level === 'admin');
          const why = [
            wildAccount ? 'a role of that name in any AWS account, including accounts outside your organization that trust this one' : '',
            wildName ? 'any role whose name matches, whatever it may do' : '',
            otherAccount ? `a role in account ${t.account}, not the role's own account ${account}` : '',
            adminName
              ? `${adminName} has administrator access in every member account`
              : target
                ? admin
                  ? 'that role has administrator access'
                  : ''
                : 'what that role may do is not in the scan',
          ]
            .filter(Boolean)
            .join('; ');
          const severity = admin || !target || wildAccount || wildName ? 'high' : 'medium';
          report({
            messageId: 'chain',
            data: {
              role: role.label,
              issuer: trust.profile.name,
              runs: trust.profile.runs,
              target: `"${text}"`,
              why,
              chain: `${trust.profile.name} token (${trust.host ?? 'issuer'}) → ${role.label} → ${text}`,
            },
            severity,
            range: v.range ?? g.range,
            ...(v.origins?.length ? { origins: v.origins } : {}),
            related: [
              { message: `role "${role.label}"`, range: role.range },
              ...(target ? [{ message: `target role "${target.label}"`, range: target.range }] : []),
            ],
            fix: 'Name the exact role ARNs this workload must reach, in accounts you own, and keep administrator roles out of the chain',
            callChain: g.attachment.callChain.length ? g.attachment.callChain : role.callChain,
            resource: g.attachment.address ?? role.address ?? role.id,
          });
        });
      }
    }
  },
});
