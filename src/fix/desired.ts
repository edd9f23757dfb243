// What each HCP Terraform role should trust, from the code's model and the flags: the issuer host,
// the audiences, and `sub` values pinned to one organization, project, workspace and run phase.
import type { Project, Role } from '../model/types.js';
import { knownString } from '../model/names.js';
import type { FixData, PinSubTarget } from '../core/fix.js';
import { DEFAULT_AUDIENCE, type IssuerTrust, isValidName, terraformTrusts } from '../trust/index.js';
import { resolvePin, subTarget } from '../trust/fix-data.js';
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

const FIELD_WORDS: Record<string, string> = {
  organization: 'organization',
  project: 'project',
  workspace: 'workspace',
  runPhase: 'run phase',
};

/**
 * The `sub` values a trust should pin, one per `sub` pattern the code has (or one from the flags
 * alone): the same pin-sub targets the findings carry (src/trust/fix-data.ts), resolved with the flags.
 */
function pinnedSubs(target: { roleName: string; trust: IssuerTrust }, flags: PinFlags, problems: TargetProblem[]): string[] {
  const { trust } = target;
  const texts = trust.statements.flatMap((s) => s.subConditions.flatMap((c) => c.values.map((v) => trust.opaque.of(v)?.text ?? '\ue000')));
  const patterns = texts.length ? texts : [''];
  const subs = new Set<string>();
  for (const text of patterns) {
    const fix = subTarget(text, '', text, []);
    if (!fix) {
      problems.push({
        role: target.roleName,
        message: `its trust is for Stacks or module tests ("${text}"); --fix pins workspace runs only`,
      });
      continue;
    }
    const r = resolvePin(fix as FixData & { target: PinSubTarget }, flags);
    for (const u of r.undecided)
      problems.push({ role: target.roleName, message: `cannot pin the ${FIELD_WORDS[u.field]}: the code ${u.why}; pass ${u.flag}` });
    if (r.sub) subs.add(r.sub);
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
export function fixTargets(
  project: Project,
  flags: PinFlags,
): { targets: RoleTarget[]; problems: TargetProblem[]; skipped: TargetProblem[] } {
  const targets: RoleTarget[] = [];
  const problems: TargetProblem[] = [];
  /** Inputs that cannot be fixed but need not stop the others (a bare trust policy). */
  const skipped: TargetProblem[] = [];
  for (const name of ['organization', 'project', 'workspace'] as const) {
    const v = flags[name];
    if (v !== undefined && !isValidName(v))
      problems.push({ role: '(flags)', message: `--${name} "${v}" is not a name (no ":", "*" or "?")` });
  }
  const byRole = new Map<Role, IssuerTrust[]>();
  for (const { role, trust } of terraformTrusts(project)) byRole.set(role, [...(byRole.get(role) ?? []), trust]);
  for (const [role, trusts] of byRole) {
    const roleName = knownString(role.name) ?? role.arn?.replace(/^.*:role\/(?:.*\/)?/, '');
    if (!roleName) {
      // A bare trust policy document names no role: say what is missing, and let the rest go on.
      if (role.input === 'iam-json')
        skipped.push({
          role: role.label,
          message: `${role.label} is a bare trust policy: it does not say which role it belongs to. Give the output of \`aws iam get-role --role-name <name>\` instead, or the Terraform code that declares the role`,
        });
      else problems.push({ role: role.label, message: 'the role name is not known until apply, so the live role cannot be found' });
      continue;
    }
    const hosts = [...new Set(trusts.map((t) => t.host).filter((h): h is string => h !== undefined))];
    if (hosts.length !== 1) {
      problems.push({
        role: roleName,
        message: hosts.length
          ? `it trusts several Terraform hosts (${hosts.join(', ')}); fix them one at a time`
          : 'the issuer host is not known',
      });
      continue;
    }
    const trust = trusts[0];
    const subs = pinnedSubs({ roleName, trust }, flags, problems);
    if (subs.length) targets.push({ role, roleName, host: hosts[0], trust, subs, audiences: audiencesOf(trust, flags) });
  }
  return { targets, problems, skipped };
}
