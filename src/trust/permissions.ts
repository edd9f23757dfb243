// What a role may do once assumed: admin, write, read or unknown, with the attachments that decide it.
import type { PolicyAttachment, PolicyDocument, Project, Role, Statement } from '../model/types.js';
import type { Range } from '../parse/source.js';
import type { Value } from '../terraform/value.js';

export type PermissionLevel = 'admin' | 'write' | 'read' | 'unknown';

export interface PermissionReason {
  level: PermissionLevel;
  message: string;
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

const AWS_MANAGED_ARN = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;

/** The AWS-managed policy name of an ARN (`AdministratorAccess`), when it is one. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_ARN.exec(arn)?.[1];
}

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

const knownStrings = (vs: Value[]) => vs.map((v) => (v.kind === 'string' && !v.segments?.some((s) => s.unknown) ? v.value : undefined));

function statementLevel(st: Statement): { level: PermissionLevel; range: Range; what: string } | undefined {
  if (st.effect !== 'Allow') return st.effect ? undefined : { level: 'unknown', range: st.range, what: 'a statement whose effect is not known' };
  const resources = knownStrings(st.resources);
  const onAll = resources.includes('*') || (st.resources.length === 0 && st.notResources.length > 0);
  if (st.notActions.length > 0) {
    return { level: onAll ? 'admin' : 'write', range: st.notActions[0].range ?? st.range, what: 'NotAction in an Allow statement' };
  }
  let best: { level: PermissionLevel; range: Range; what: string } | undefined;
  st.actions.forEach((v, i) => {
    const a = knownStrings([v])[0];
    let level: PermissionLevel = a === undefined ? 'unknown' : actionLevel(a);
    if (level === 'admin' && !onAll) level = 'write';
    if (!best || higher(level, best.level) === level && level !== best.level) {
      best = { level, range: st.actions[i].range ?? st.range, what: a === undefined ? 'an action that is not known' : `"${a}"${onAll ? ' on "*"' : ''}` };
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

export function attachmentLevel(att: PolicyAttachment): { level: PermissionLevel; message: string; range: Range } {
  if (att.policy) {
    const d = documentLevel(att.policy);
    return { level: d.level, message: `${att.label} grants ${d.what}`, range: d.range };
  }
  const arn = att.policyArn?.kind === 'string' && !att.policyArn.segments?.some((s) => s.unknown) ? att.policyArn.value : undefined;
  const managed = arn ? awsManagedPolicyName(arn) : undefined;
  const range = att.policyArn?.range ?? att.range;
  if (managed) {
    const level = AWS_MANAGED[managed] ?? (/ReadOnly/.test(managed) ? 'read' : /FullAccess$/.test(managed) ? 'write' : 'unknown');
    return { level, message: managed, range };
  }
  return { level: 'unknown', message: `${att.label} (its document is not in the input)`, range };
}

export function permissionLevel(role: Role, _project?: Project): RolePermissions {
  const reasons: PermissionReason[] = role.attachments.map((attachment) => ({ ...attachmentLevel(attachment), attachment }));
  const level = reasons.reduce<PermissionLevel>((acc, r) => higher(r.level, acc), 'read');
  reasons.sort((a, b) => ORDER.indexOf(b.level) - ORDER.indexOf(a.level));
  return { level: role.attachments.length === 0 ? 'read' : level, reasons: reasons.filter((r) => r.level === level) };
}
