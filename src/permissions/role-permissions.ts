// What a role may do once assumed: admin, write, read or unknown, with the attachments that decide it.
import type { PolicyAttachment, PolicyDocument, Project, Role, Statement } from '../model/types.js';
import type { Range } from '../core/source.js';
import { type Value, knownString } from '../core/value.js';
import { awsManagedPolicyNameOf } from '../model/link.js';
import { accessLevels, expandAction, patternCovers } from './iam-actions.js';
import { operatorInfo } from '../trust/operators.js';

export type PermissionLevel = 'admin' | 'write' | 'read' | 'unknown';

export interface PermissionReason {
  level: PermissionLevel;
  message: string;
  /** The same as a noun phrase, for "X is attached to…" / "has X": `AdministratorAccess`, `aws_iam_policy.x (granting "*" on "*")`. */
  noun: string;
  range: Range;
  attachment: PolicyAttachment;
}

export interface RolePermissions {
  level: PermissionLevel;
  /** The attachments that set the level (the highest ones first). */
  reasons: PermissionReason[];
}

const ORDER: PermissionLevel[] = ['read', 'unknown', 'write', 'admin'];
const higher = (a: PermissionLevel, b: PermissionLevel) => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** AWS managed policies whose effect is known by name. Anything else is judged by its document or left unknown. */
const AWS_MANAGED: Record<string, PermissionLevel> = {
  AdministratorAccess: 'admin',
  IAMFullAccess: 'admin',
  'AdministratorAccess-Amplify': 'admin',
  PowerUserAccess: 'write',
  ReadOnlyAccess: 'read',
  ViewOnlyAccess: 'read',
  SecurityAudit: 'read',
  IAMReadOnlyAccess: 'read',
};

export { awsManagedPolicyName } from '../model/names.js';

/** The AWS managed policy an attachment names, also when only the ARN's partition is unknown. */
const managedName = (att: PolicyAttachment): string | undefined => (att.policyArn ? awsManagedPolicyNameOf(att.policyArn) : undefined);

/** Read-only verbs by the IAM convention that an action's name starts with its access verb. */
const READ_VERBS = /^(Get|List|Describe|BatchGet|Head|View|Lookup|Search|Query|Scan|Select|Check|Validate|Estimate|Preview|Detect|Test)/;

export function actionLevel(action: string): PermissionLevel {
  if (action === '*') return 'admin';
  const [service, name = ''] = action.split(':');
  if (name === '*') return service.toLowerCase() === 'iam' ? 'admin' : 'write';
  if (name.includes('*') || name.includes('?')) {
    const prefix = name.split(/[*?]/)[0];
    return prefix && READ_VERBS.test(prefix) ? 'read' : 'write';
  }
  return READ_VERBS.test(name) ? 'read' : 'write';
}

const knownStrings = (vs: Value[]) => vs.map(knownString);

function statementLevel(st: Statement): { level: PermissionLevel; range: Range; what: string } | undefined {
  if (st.effect !== 'Allow')
    return st.effect ? undefined : { level: 'unknown', range: st.range, what: 'a statement whose effect is not known' };
  const resources = knownStrings(st.resources);
  const onAll = resources.includes('*') || (st.resources.length === 0 && st.notResources.length > 0);
  if (st.notActions.length > 0) {
    return { level: onAll ? 'admin' : 'write', range: st.notActions[0].range ?? st.range, what: 'NotAction in an Allow statement' };
  }
  let best: { level: PermissionLevel; range: Range; what: string } | undefined;
  st.actions.forEach((v, i) => {
    const a = knownString(v);
    let level: PermissionLevel = a === undefined ? 'unknown' : actionLevel(a);
    if (level === 'admin' && !onAll) level = 'write';
    if (!best || (higher(level, best.level) === level && level !== best.level)) {
      best = {
        level,
        range: st.actions[i].range ?? st.range,
        what: a === undefined ? 'an action that is not known' : `"${a}"${onAll ? ' on "*"' : ''}`,
      };
    }
  });
  return best;
}

/** The highest level a policy document grants, with the element that grants it. */
export function documentLevel(doc: PolicyDocument): { level: PermissionLevel; range: Range; what: string } {
  let best: { level: PermissionLevel; range: Range; what: string } = { level: 'read', range: doc.range, what: 'read-only actions' };
  for (const st of doc.statements) {
    const l = statementLevel(st);
    if (l && higher(l.level, best.level) === l.level && l.level !== best.level) best = l;
  }
  return best;
}

export function attachmentLevel(att: PolicyAttachment): { level: PermissionLevel; message: string; noun: string; range: Range } {
  if (att.policy) {
    const d = documentLevel(att.policy);
    return { level: d.level, message: `${att.label} grants ${d.what}`, noun: `${att.label} (granting ${d.what})`, range: d.range };
  }
  const managed = managedName(att);
  const range = att.policyArn?.range ?? att.range;
  if (managed) {
    const level = AWS_MANAGED[managed] ?? (/ReadOnly/.test(managed) ? 'read' : /FullAccess$/.test(managed) ? 'write' : 'unknown');
    return { level, message: managed, noun: managed, range };
  }
  const unread = `${att.label} (its document is not in the input)`;
  return { level: 'unknown', message: unread, noun: unread, range };
}

export function permissionLevel(role: Role, _project?: Project): RolePermissions {
  const reasons: PermissionReason[] = role.attachments.map((attachment) => ({ ...attachmentLevel(attachment), attachment }));
  const level = reasons.reduce<PermissionLevel>((acc, r) => higher(r.level, acc), 'read');
  reasons.sort((a, b) => ORDER.indexOf(b.level) - ORDER.indexOf(a.level));
  return { level: role.attachments.length === 0 ? 'read' : level, reasons: reasons.filter((r) => r.level === level) };
}

// ---- Action-level view (iam-data): what a role's policies allow, action by action. ----

/** One allowed action pattern, or everything but some (NotAction), from one statement or managed policy. */
export interface Grant {
  /** The pattern as written (`iam:Put*`, `*`); `*` for a NotAction statement. */
  action: string;
  /** NotAction: everything except these patterns. */
  except?: string[];
  /** Known resources; undefined when not known. */
  resources?: string[];
  /** Every resource names one exact ARN (a literal without wildcards, or a computed `.arn` of a resource): a deliberate grant. */
  pinned?: boolean;
  range: Range;
  attachment: PolicyAttachment;
  statement?: Statement;
  /** Where, for messages: `statement "Deploy" of aws_iam_role_policy.x`, `PowerUserAccess`. */
  where: string;
}

/** AWS managed policies by name, as the grants their documents hold (the parts that matter here). */
const MANAGED_GRANTS: Record<string, { action: string; except?: string[] }> = {
  AdministratorAccess: { action: '*' },
  IAMFullAccess: { action: 'iam:*' },
  PowerUserAccess: { action: '*', except: ['iam:*', 'organizations:*', 'account:*'] },
};

function statementWhere(st: Statement, att: PolicyAttachment): string {
  const sid = st.sid && knownString(st.sid);
  return sid ? `statement "${sid}" of ${att.label}` : `a statement of ${att.label}`;
}

/** Every Allow grant of a role whose policy is known: inline and customer documents, and AWS managed policies by name. */
export function roleGrants(role: Role): Grant[] {
  const out: Grant[] = [];
  for (const att of role.attachments) {
    if (att.policy) {
      for (const st of att.policy.statements) {
        if (st.effect !== 'Allow') continue;
        const resources = st.resources.length ? knownStrings(st.resources) : st.notResources.length ? ['*'] : [];
        const res = resources.includes(undefined) ? undefined : (resources as string[]);
        const pinned = st.resources.length > 0 && st.resources.every(exactArn);
        const where = statementWhere(st, att);
        if (st.notActions.length) {
          const except = knownStrings(st.notActions).filter((a): a is string => !!a);
          out.push({
            action: '*',
            except,
            resources: res,
            pinned,
            range: st.notActions[0].range ?? st.range,
            attachment: att,
            statement: st,
            where,
          });
          continue;
        }
        for (const v of st.actions) {
          const a = knownString(v);
          if (a) out.push({ action: a, resources: res, pinned, range: v.range ?? st.range, attachment: att, statement: st, where });
        }
      }
      continue;
    }
    const name = managedName(att);
    const managed = name ? MANAGED_GRANTS[name] : undefined;
    if (managed) out.push({ ...managed, resources: ['*'], range: att.policyArn?.range ?? att.range, attachment: att, where: name! });
  }
  return out;
}

export function grantCovers(g: Grant, action: string): boolean {
  if (g.except) return !g.except.some((p) => patternCovers(p, action));
  return patternCovers(g.action, action);
}

/**
 * One exact ARN: known text without wildcards, where any part not known until apply is a computed
 * attribute of a resource (`aws_iam_role.task.arn`, an account id), which never holds a wildcard.
 */
function exactArn(v: Value): boolean {
  if (v.kind === 'unknown') return !!v.symbol;
  if (v.kind !== 'string') return false;
  const known = v.segments?.length
    ? v.segments
        .filter((g) => !g.unknown)
        .map((g) => v.value.slice(g.start, g.end))
        .join('')
    : v.value;
  if (known === '' || /[*?]/.test(known)) return false;
  // An input without a value (`role/${var.prefix}-host`, an account id) is one opaque name, never
  // a wildcard (docs/unknown-values.md): an ARN written out around it names one resource.
  return (v.segments ?? []).every((g) => !g.unknown || !!g.unknown.symbol) || v.value.startsWith('arn:');
}

const pinnedResources = (g: Grant) => !!g.pinned;

/** Actions that let a role raise its own privileges (or mint credentials) on their own. */
export const ESCALATION_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:PutRolePolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPolicy',
  'iam:AttachGroupPolicy',
  'iam:PutGroupPolicy',
  'iam:CreatePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:UpdateAssumeRolePolicy',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
  'iam:AddUserToGroup',
  'lambda:UpdateFunctionCode',
];
/** Actions that run code as a role passed with iam:PassRole. */
export const PASS_ROLE_TARGETS = [
  'ec2:RunInstances',
  'lambda:CreateFunction',
  'glue:CreateDevEndpoint',
  'glue:CreateJob',
  'cloudformation:CreateStack',
  'ecs:RunTask',
  'ecs:RegisterTaskDefinition',
  'sagemaker:CreateNotebookInstance',
  'codebuild:CreateProject',
  'datapipeline:CreatePipeline',
  'states:CreateStateMachine',
];

export interface Escalation {
  kind: 'direct' | 'passRole' | 'assumeAny';
  /** Concrete actions, in iam-data's spelling. */
  actions: string[];
  /** The grant that allows the first action. */
  grant: Grant;
  /** passRole: the role patterns it may pass (undefined: any role) and the services it may pass them to (undefined: any). */
  passes?: { roles?: string[]; services?: string[] };
}

/** Values of a positive `iam:PassedToService` condition on the grant's statement, when all are known. */
function passedToServices(g: Grant): string[] | undefined {
  const c = g.statement?.conditions.find(
    (x) => x.key.value.toLowerCase() === 'iam:passedtoservice' && !operatorInfo(x.op).negated && !x.op.ifExists,
  );
  const values = c ? knownStrings(c.values) : [];
  return values.length && !values.includes(undefined) ? (values as string[]) : undefined;
}

/** Privilege-escalation paths in a role's known policies, one per grant that opens one. */
export function privilegeEscalations(role: Role): Escalation[] {
  const grants = roleGrants(role).filter((g) => !pinnedResources(g));
  const out: Escalation[] = [];
  const byGrant = (actions: string[], kind: Escalation['kind']) => {
    for (const g of grants) {
      const hit = actions.filter((a) => grantCovers(g, a));
      if (hit.length) out.push({ kind, actions: hit, grant: g });
    }
  };
  byGrant(ESCALATION_ACTIONS, 'direct');
  const passRole = grants.filter((g) => grantCovers(g, 'iam:PassRole'));
  if (passRole.length) {
    const runs = PASS_ROLE_TARGETS.filter((a) => grants.some((g) => grantCovers(g, a)));
    // The widest PassRole grant decides what the role can pass.
    const widest = passRole.find((g) => !g.resources || g.resources.includes('*')) ?? passRole[0];
    const roles = widest.resources && !widest.resources.includes('*') ? widest.resources : undefined;
    const services = passedToServices(widest);
    if (runs.length)
      out.push({
        kind: 'passRole',
        actions: ['iam:PassRole', ...runs],
        grant: widest,
        passes: { ...(roles ? { roles } : {}), ...(services ? { services } : {}) },
      });
  }
  for (const g of grants) {
    if (g.resources?.includes('*') && grantCovers(g, 'sts:AssumeRole'))
      out.push({ kind: 'assumeAny', actions: ['sts:AssumeRole'], grant: g });
  }
  return out;
}

export interface WriteAccess {
  /** Write / Permissions-management actions (iam-data), or `*` / a managed policy name. */
  actions: string[];
  grant: Grant;
}

const READ_ONLY_MANAGED = /ReadOnly|^ViewOnlyAccess$|^SecurityAudit$/;

/** Grants of Write or Permissions-management access (iam-data's access levels), with their actions. */
export function writeAccess(role: Role): WriteAccess[] {
  const out: WriteAccess[] = [];
  for (const g of roleGrants(role)) {
    if (g.action === '*') {
      out.push({ actions: [g.except ? `every action except ${g.except.join(', ')}` : 'every action ("*")'], grant: g });
      continue;
    }
    const expanded = expandAction(g.action) ?? [];
    const writes = expanded.filter((a) => accessLevels(a).some((l) => l === 'Write' || l === 'Permissions management'));
    if (writes.length) out.push({ actions: writes, grant: g });
  }
  // Other AWS managed policies are judged by name, since their documents are not in the input.
  for (const att of role.attachments) {
    if (att.policy) continue;
    const name = managedName(att);
    if (!name || MANAGED_GRANTS[name] || READ_ONLY_MANAGED.test(name) || !/FullAccess/.test(name)) continue;
    out.push({
      actions: [name],
      grant: { action: name, resources: ['*'], range: att.policyArn?.range ?? att.range, attachment: att, where: name },
    });
  }
  return out;
}

/** AWS managed PowerUserAccess attachments: everything but IAM, Organizations and Account. */
export function powerUserAttachments(role: Role): PolicyAttachment[] {
  return role.attachments.filter((att) => {
    return !att.policy && managedName(att) === 'PowerUserAccess';
  });
}
