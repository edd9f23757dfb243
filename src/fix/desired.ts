// What each HCP Terraform role should trust, from the code's model and the flags: the issuer host,
// the audiences, and `sub` values pinned to one organization, project, workspace and run phase.
import type { Project, Role } from '../model/types.js';
import { knownString } from '../model/names.js';
import { DEFAULT_AUDIENCE, type IssuerTrust, formatSub, isValidName, patternFields, placeholderMatch, terraformTrusts } from '../trust/index.js';
import { hasOpaque } from '../trust/pattern.js';

export interface PinFlags {
  organization?: string;
  project?: string;
  workspace?: string;
  runPhase?: 'plan' | 'apply';
  /** Audiences to admit (default: what the code's aud condition says, else aws.workload.identity). */
  audiences?: string[];
}

export interface RoleTarget {
  /** The role in the code's model. */
  role: Role;
  roleName: string;
  host: string;
  /** The trust as analysed in the code (its provider, statements). */
  trust: IssuerTrust;
  subs: string[];
  audiences: string[];
}

export interface TargetProblem {
  role: string;
  message: string;
}

type Field = 'organization' | 'project' | 'workspace' | 'run_phase';
const FLAG: Record<Field, string> = { organization: '--organization', project: '--project', workspace: '--workspace', run_phase: '--run-phase' };

/** The code's value for a field, when it is a real name: not a wildcard, not unknown, not a placeholder. */
function resolved(value: string | undefined, field: Field): { value?: string; why?: string } {
  if (value === undefined) return { why: 'does not pin it' };
  if (hasOpaque(value)) return { why: 'has a value not known until apply' };
  if (!isValidName(value)) return { why: `has "${value}", a wildcard` };
  if (field === 'run_phase') return value === 'plan' || value === 'apply' ? { value } : { why: `has "${value}"` };
  const placeholder = placeholderMatch(value);
  return placeholder ? { why: `has "${value}", a placeholder` } : { value };
}

/** The `sub` values a trust should pin, one per `sub` pattern the code has (or one from the flags alone). */
function pinnedSubs(target: { roleName: string; trust: IssuerTrust }, flags: PinFlags, problems: TargetProblem[]): string[] {
  const { trust } = target;
  const texts = trust.statements.flatMap((s) => s.subConditions.flatMap((c) => c.values.map((v) => trust.opaque.of(v)?.text ?? '\ue000')));
  const patterns = texts.length ? texts : [''];
  const subs = new Set<string>();
  for (const text of patterns) {
    const fields = new Map(patternFields(text).fields.map((f) => [f.keyword as string, f.value]));
    if (fields.has('stack') || fields.has('module')) {
      problems.push({ role: target.roleName, message: `its trust is for Stacks or module tests ("${text}"); --fix pins workspace runs only` });
      continue;
    }
    const flagOf: Record<Field, string | undefined> = { organization: flags.organization, project: flags.project, workspace: flags.workspace, run_phase: flags.runPhase };
    const value: Partial<Record<Field, string>> = {};
    const legacy = !fields.has('project') && !flags.project && text !== '';
    for (const field of ['organization', 'project', 'workspace', 'run_phase'] as Field[]) {
      if (field === 'project' && legacy) continue;
      const fromFlag = flagOf[field];
      if (fromFlag !== undefined) {
        value[field] = fromFlag;
        continue;
      }
      const r = resolved(fields.get(field), field);
      if (r.value !== undefined) value[field] = r.value;
      else problems.push({ role: target.roleName, message: `cannot pin the ${field.replace('_', ' ')}: the code ${r.why}; pass ${FLAG[field]}` });
    }
    if (Object.keys(value).length !== (legacy ? 3 : 4)) continue;
    const phase = value.run_phase as 'plan' | 'apply';
    subs.add(
      legacy
        ? formatSub({ kind: 'legacy', organization: value.organization!, workspace: value.workspace!, phase })
        : formatSub({ kind: 'workspace', organization: value.organization!, project: value.project!, workspace: value.workspace!, phase }),
    );
  }
  return [...subs];
}

function audiencesOf(trust: IssuerTrust, flags: PinFlags): string[] {
  if (flags.audiences?.length) return [...new Set(flags.audiences)];
  const literal = trust.statements.flatMap((s) => s.audConditions.flatMap((c) => c.values.map((v) => trust.opaque.of(v)?.text)));
  const known = literal.filter((a): a is string => a !== undefined && !/[*?]/.test(a) && !hasOpaque(a));
  return known.length ? [...new Set(known)] : [DEFAULT_AUDIENCE];
}

/** One target per role that HCP Terraform (or Terraform Enterprise) can assume. */
export function fixTargets(project: Project, flags: PinFlags): { targets: RoleTarget[]; problems: TargetProblem[] } {
  const targets: RoleTarget[] = [];
  const problems: TargetProblem[] = [];
  for (const name of ['organization', 'project', 'workspace'] as const) {
    const v = flags[name];
    if (v !== undefined && !isValidName(v)) problems.push({ role: '(flags)', message: `--${name} "${v}" is not a name (no ":", "*" or "?")` });
  }
  const byRole = new Map<Role, IssuerTrust[]>();
  for (const { role, trust } of terraformTrusts(project)) byRole.set(role, [...(byRole.get(role) ?? []), trust]);
  for (const [role, trusts] of byRole) {
    const roleName = knownString(role.name) ?? role.arn?.replace(/^.*:role\/(?:.*\/)?/, '');
    if (!roleName) {
      problems.push({ role: role.label, message: 'the role name is not known until apply, so the live role cannot be found' });
      continue;
    }
    const hosts = [...new Set(trusts.map((t) => t.host).filter((h): h is string => h !== undefined))];
    if (hosts.length !== 1) {
      problems.push({ role: roleName, message: hosts.length ? `it trusts several Terraform hosts (${hosts.join(', ')}); fix them one at a time` : 'the issuer host is not known' });
      continue;
    }
    const trust = trusts[0];
    const subs = pinnedSubs({ roleName, trust }, flags, problems);
    if (subs.length) targets.push({ role, roleName, host: hosts[0], trust, subs, audiences: audiencesOf(trust, flags) });
  }
  return { targets, problems };
}
