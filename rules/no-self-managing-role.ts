// A role HCP Terraform runs can assume whose own permissions let it rewrite its trust policy or
// permissions: any run it admits can widen its own access.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import { referencedAddresses } from '../src/model/link.js';
import type { PolicyAttachment, Role, Statement } from '../src/model/types.js';
import { type Value, hasUnknownRun } from '../src/core/value.js';
import { actionMatches, anyGrammarToken, type IssuerTrust, matchValue, webIdentityTrusts, witnessOf } from '../src/trust/index.js';
import { grantCovers, roleGrants } from '../src/permissions/index.js';

/** Actions that change a role's own trust or permissions (or lift the boundary on them). */
const SELF_CHANGING = [
  'iam:UpdateAssumeRolePolicy',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:DeleteRolePermissionsBoundary',
];

/** The role's ARN as a resource pattern meets it; the account is not known from code, so any account matches. */
function arnMatches(pattern: string, role: Role): boolean {
  if (pattern === '*') return true;
  const name = knownString(role.name);
  const arn = role.arn ?? (name ? `arn:aws:iam::000000000000:role/${name}` : undefined);
  if (!arn) return false;
  const parts = pattern.split(':');
  if (parts.length >= 6 && role.arn === undefined) parts[4] = '*';
  return matchValue(parts.join(':'), arn, 'glob') === true || (role.arn !== undefined && matchValue(pattern, role.arn, 'glob') === true);
}

function resourceIsRole(v: Value, role: Role, att: PolicyAttachment): boolean {
  const module = att.callChain.map((f) => f.name).join('.');
  if (referencedAddresses(v, 'aws_iam_role', module, att.callChain).some((a) => a === role.id || role.id.startsWith(`${a}[`))) return true;
  const s = knownString(v) ?? withUnknownAccount(v);
  return s !== undefined && arnMatches(s, role);
}

/**
 * `arn:aws:iam::${local.account_id}:role/deploy*`: an account (or partition) known only at apply
 * does not hide which role it names, so read those fields as `*`; any other unknown part does.
 */
function withUnknownAccount(v: Value): string | undefined {
  if (v.kind !== 'string' || !hasUnknownRun(v)) return undefined;
  const MARK = '\u0000';
  let text = '';
  let at = 0;
  for (const seg of v.segments) {
    text += v.value.slice(at, seg.start) + (seg.unknown ? MARK : v.value.slice(seg.start, seg.end));
    at = seg.end;
  }
  text += v.value.slice(at);
  const parts = text.split(':');
  if (parts.length < 6 || parts.slice(5).join(':').includes(MARK) || parts[0].includes(MARK) || parts[2].includes(MARK)) return undefined;
  return parts.map((p, i) => (p.includes(MARK) && (i === 1 || i === 4) ? '*' : p)).join(':');
}

function appliesToRole(st: Statement, role: Role, att: PolicyAttachment): boolean {
  if (st.resources.length) return st.resources.some((r) => resourceIsRole(r, role, att));
  return st.notResources.length > 0 && !st.notResources.some((r) => resourceIsRole(r, role, att));
}

function matching(st: Statement): { actions: string[]; at?: Value } {
  const known = (vs: Value[]) => vs.flatMap((v) => knownString(v) ?? []);
  const actions = SELF_CHANGING.filter((a) => actionMatches(known(st.actions), known(st.notActions), a) === true);
  const at = st.actions.find((v) => {
    const s = knownString(v);
    return s !== undefined && actions.some((a) => actionMatches([s], [], a) === true);
  });
  return at ? { actions, at } : { actions };
}

function anyRun(trust: IssuerTrust) {
  if (!trust.profile.terraform) return anyGrammarToken(trust);
  const t = trust.unrestricted[0]?.witness ?? trust.search?.accepted.find((a) => a.claim.phase === 'plan') ?? trust.search?.accepted[0];
  return t ? witnessOf(trust, t) : undefined;
}

export default defineRule({
  meta: {
    id: 'no-self-managing-role',
    description:
      'A role that HCP Terraform runs (or any web-identity workload) can assume must not be able to change its own trust policy or permissions.',
    severity: 'high',
    messages: {
      selfManaging:
        'Role "{{role}}" may {{actions}} on {{target}} ({{policy}}): any run its trust admits can rewrite the role\'s own {{what}} and widen its access',
      selfManagingOther:
        'Role "{{role}}" may {{actions}} on {{target}} ({{policy}}): any of the {{issuer}} {{runs}} its trust admits can rewrite the role\'s own {{what}} and widen its access',
    },
    tags: ['permissions', 'workspace'],
    issuers: ['*'],
    // AdministratorAccess, IAMFullAccess, `*` on `*`: no-admin-access reports that attachment, and
    // detaching it removes the self-management too, so the admin finding carries this as a note.
    coveredBy: ['no-admin-access'],
  },
  check({ project, report, settings }) {
    const seen = new Set<Role>();
    for (const { role, trust } of webIdentityTrusts({ project, settings })) {
      if (seen.has(role)) continue;
      seen.add(role);
      for (const att of role.attachments) {
        for (const st of att.policy?.statements ?? []) {
          if (st.effect !== 'Allow') continue;
          const { actions, at } = matching(st);
          if (!actions.length || !appliesToRole(st, role, att)) continue;
          const onAll = st.resources.some((r) => knownString(r) === '*');
          const witness = anyRun(trust);
          report({
            messageId: trust.profile.terraform ? 'selfManaging' : 'selfManagingOther',
            data: {
              issuer: trust.profile.name,
              runs: trust.profile.runs,
              role: role.label,
              actions: actions.join(', '),
              target: onAll ? '"*"' : 'itself',
              policy: att.label,
              what: actions.includes('iam:UpdateAssumeRolePolicy') ? 'trust policy' : 'permissions',
            },
            range: at?.range ?? st.notActions[0]?.range ?? st.range,
            related: [{ message: `role "${role.label}"`, range: role.range }],
            ...(witness ? { witness } : {}),
            fix: 'Remove these IAM actions, or scope them to other roles (Resource) and keep this role out',
            callChain: att.callChain.length ? att.callChain : role.callChain,
            resource: att.address ?? role.address ?? role.id,
          });
        }
      }
      // AWS managed policies (AdministratorAccess, IAMFullAccess) grant these on "*" by their documents.
      for (const g of roleGrants(role)) {
        if (g.statement) continue;
        const actions = SELF_CHANGING.filter((a) => grantCovers(g, a));
        if (!actions.length) continue;
        const witness = anyRun(trust);
        const att = g.attachment;
        report({
          messageId: trust.profile.terraform ? 'selfManaging' : 'selfManagingOther',
          data: {
            issuer: trust.profile.name,
            runs: trust.profile.runs,
            role: role.label,
            actions: actions.join(', '),
            target: '"*"',
            policy: g.where,
            what: 'trust policy',
          },
          range: att.blockRange && att.kind === 'aws_iam_role_policy_attachment' ? att.blockRange : g.range,
          related: [{ message: `role "${role.label}"`, range: role.range }],
          ...(witness ? { witness } : {}),
          fix: `Detach ${g.where} and grant only what this workspace manages, without IAM writes on this role`,
          callChain: att.callChain.length ? att.callChain : role.callChain,
          resource: att.address ?? role.address ?? role.id,
        });
      }
    }
  },
});
