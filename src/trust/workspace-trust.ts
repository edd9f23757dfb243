// Does a role's trust admit the token of one workspace's plan or apply run? The workspace's
// `sub` is built from its names and evaluated against the whole policy; names not known in the
// input are tried with every name the policy pins and with an outsider's.
import type { Project, Role } from '../model/types.js';
import type { Range } from '../core/source.js';
import type { Origin, Value } from '../core/value.js';
import { knownString } from '../core/value.js';
import { type AnalyzeOptions, DEFAULT_AUDIENCE, type IssuerTrust, analyzeProject } from './analyze.js';
import { type SubClaim, formatSub, patternFields } from './claims.js';
import { classifyIssuer, normalizeHost } from './issuer.js';
import { conditionKeyHosts } from './keys.js';
import { type Tri, or3 } from './operators.js';
import { type PolicyContext, evaluatePolicy } from './evaluate-policy.js';
import type { AcceptedToken } from './witness.js';

export type WorkspacePart = 'organization' | 'project' | 'workspace' | 'run_phase';

export interface WorkspaceNames {
  organization?: Value;
  project?: Value;
  workspace?: Value;
}

export interface PartMismatch {
  part: WorkspacePart;
  /** What the workspace's token carries. */
  have: string;
  /** What the closest admitted `sub` pattern has in that place. */
  want: string;
}

export interface WorkspaceTrustCheck {
  /** 'none': the trust could not be read; nothing to say. */
  status: 'admitted' | 'rejected' | 'undecided' | 'none';
  /** The token the workspace's run presents (one of them, when a name is not known). */
  claim?: SubClaim;
  sub?: string;
  aud?: string;
  /** The HCP Terraform issuer of the role the decision was made for. */
  trust?: IssuerTrust;
  /** Rejected: the parts that differ from the closest token the trust admits (empty when it admits none). */
  mismatch?: PartMismatch[];
  closest?: AcceptedToken;
  /** Rejected because the role trusts no HCP Terraform issuer at all. */
  noTerraformIssuer?: boolean;
  /** Rejected because the condition keys name one HCP Terraform host (`keys`) and the token comes from another (`token`, the principal's provider). */
  otherHost?: { keys: string; token: string };
}

const GENERIC: Record<'organization' | 'project' | 'workspace', string> = {
  organization: 'another-org',
  project: 'another-project',
  workspace: 'another-workspace',
};
const MAX_COMBINATIONS = 64;

function nameOf(v: Value | undefined): string | undefined {
  return knownString(v) || undefined;
}

/** Names to try for one part: the workspace's own, else the policy's pinned ones and an outsider's. */
function candidates(trust: IssuerTrust, dim: 'organization' | 'project' | 'workspace', v: Value | undefined): string[] {
  const known = nameOf(v);
  if (known !== undefined) return [known];
  const pinned = trust.scopedNames.filter((s) => s.dimension === dim).map((s) => s.name);
  return [...new Set([...pinned, GENERIC[dim]])];
}

function contextOf(trust: IssuerTrust, project: Project): PolicyContext {
  const ctx: PolicyContext = {
    project,
    who: { host: trust.host ?? '', ...(trust.provider ? { provider: trust.provider } : {}) },
    opaque: trust.opaque,
  };
  const fromKeys = trust.statements.filter((s) => s.link.kind === 'unknown').map((s) => s.statement);
  if (trust.principalFromKeys && fromKeys.length) ctx.principalFromKeys = new Set(fromKeys);
  return ctx;
}

function admits(role: Role, trust: IssuerTrust, ctx: PolicyContext, sub: string, audiences: string[]): Tri {
  let r: Tri = false;
  for (const aud of audiences) {
    r = or3(r, evaluatePolicy(role.trust?.statements ?? [], { sub, aud }, ctx).allowed);
    if (r === true) return r;
  }
  return r;
}

function checkIssuer(
  role: Role,
  trust: IssuerTrust,
  names: WorkspaceNames,
  phase: 'plan' | 'apply',
  project: Project,
  audience: string,
): WorkspaceTrustCheck {
  const ctx = contextOf(trust, project);
  // The audience the workspace sends first; another one the trust takes is workspace-audience-matches' finding.
  const audiences = [...new Set([audience, ...trust.audiences])];
  const orgs = candidates(trust, 'organization', names.organization);
  const projects = candidates(trust, 'project', names.project);
  const workspaces = candidates(trust, 'workspace', names.workspace);
  let seen = 0;
  let admitted = 0;
  let rejected = 0;
  let first: SubClaim | undefined;
  for (const organization of orgs) {
    for (const p of projects) {
      for (const workspace of workspaces) {
        if (++seen > MAX_COMBINATIONS) break;
        const claim: SubClaim = { kind: 'workspace', organization, project: p, workspace, phase };
        first ??= claim;
        const r = admits(role, trust, ctx, formatSub(claim), audiences);
        if (r === true) admitted++;
        else if (r === false) rejected++;
      }
    }
  }
  const claim = first!;
  const base = { claim, sub: formatSub(claim), aud: audience, trust };
  if (admitted && !rejected && admitted === Math.min(seen, MAX_COMBINATIONS)) return { ...base, status: 'admitted' };
  if (rejected && !admitted && rejected === Math.min(seen, MAX_COMBINATIONS))
    return { ...base, status: 'rejected', ...diagnose(trust, claim) };
  return { ...base, status: 'undecided' };
}

/** The field a `sub` pattern has for a keyword, as written (wildcards kept). */
function patternField(trust: IssuerTrust, token: AcceptedToken, keyword: string): string | undefined {
  const t = token.value && trust.opaque.of(token.value);
  if (!t) return undefined;
  const f = patternFields(t.text).fields.find((x) => x.keyword === keyword);
  return f ? trust.opaque.show(f.value) : undefined;
}

/** The admitted token closest to the rejected one, and the parts in which they differ. */
function diagnose(trust: IssuerTrust, c: SubClaim): { mismatch: PartMismatch[]; closest?: AcceptedToken } {
  let best: { token: AcceptedToken; diff: PartMismatch[] } | undefined;
  for (const token of trust.search?.accepted ?? []) {
    const t = token.claim;
    if (t.kind !== 'workspace' && t.kind !== 'legacy') continue;
    const diff: PartMismatch[] = [];
    const cmp = (part: WorkspacePart, have: string, got: string | undefined, keyword: string) => {
      if (have !== got) diff.push({ part, have, want: patternField(trust, token, keyword) ?? got ?? '(no project: a legacy token)' });
    };
    cmp('organization', c.organization, t.organization, 'organization');
    cmp('project', c.project ?? '', t.project, 'project');
    cmp('workspace', c.workspace ?? '', t.workspace, 'workspace');
    cmp('run_phase', c.phase, t.phase, 'run_phase');
    if (!best || diff.length < best.diff.length) best = { token, diff };
  }
  return best ? { mismatch: best.diff, closest: best.token } : { mismatch: [] };
}

/**
 * Check one workspace run against a role's trust. Undecided when a value is not known until
 * apply or when the answer depends on a name the input does not give.
 */
export function checkWorkspaceTrust(
  role: Role,
  names: WorkspaceNames,
  phase: 'plan' | 'apply',
  project: Project,
  options: AnalyzeOptions & { audience?: string } = {},
): WorkspaceTrustCheck {
  const rt = analyzeProject(project, options).find((r) => r.role === role);
  if (!rt || !role.trust) return { status: 'none' };
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const terraform = rt.issuers.filter((i) => i.profile.terraform);
  if (!terraform.length) {
    // Only a policy we could read whole, naming no HCP Terraform issuer, rejects every run for sure.
    const readable = !rt.notes.length && rt.issuers.every((i) => i.host !== undefined);
    if (!readable) return { status: 'undecided' };
    // Keys copied from app.terraform.io next to a TFE provider: the token is the provider's, so say which.
    const other = rt.issuers.map((i) => ({ i, keys: otherTerraformKeyHost(role, i, options) })).find((x) => x.keys);
    if (other)
      return {
        ...checkIssuer(role, other.i, names, phase, project, audience),
        status: 'rejected',
        mismatch: [],
        otherHost: { keys: other.keys!, token: other.i.host! },
      };
    return { status: 'rejected', noTerraformIssuer: true, mismatch: [] };
  }
  const checks = terraform.map((t) => checkIssuer(role, t, names, phase, project, audience));
  const best = checks.find((c) => c.status === 'admitted') ?? checks.find((c) => c.status === 'undecided') ?? checks[0];
  const keys =
    best.status === 'rejected' && !best.mismatch?.length && best.trust ? otherTerraformKeyHost(role, best.trust, options) : undefined;
  return keys ? { ...best, otherHost: { keys, token: best.trust!.host! } } : best;
}

/** An HCP Terraform host the role's condition keys name that is not the issuer's own host. */
function otherTerraformKeyHost(role: Role, issuer: IssuerTrust, options: AnalyzeOptions): string | undefined {
  if (!issuer.host) return undefined;
  const own = normalizeHost(issuer.host);
  for (const s of role.trust?.statements ?? []) {
    if (s.effect !== 'Allow') continue;
    const { hosts, subs } = conditionKeyHosts(s);
    if (hosts.includes(own)) continue;
    const named = hosts.find((h) => classifyIssuer(h, subs, options).terraform);
    if (named) return named;
  }
  return undefined;
}

/** Tokens the trust admits from another organization or project than every one of `names`. */
export function widerThan(
  trust: IssuerTrust,
  names: WorkspaceNames[],
): { dimension: 'organization' | 'project'; token: AcceptedToken } | undefined {
  const orgs = names.map((n) => nameOf(n.organization));
  const projects = names.map((n) => [nameOf(n.organization), nameOf(n.project)] as const);
  if (orgs.some((o) => o === undefined)) return undefined;
  const tokens = [...trust.unrestricted.map((u) => u.witness), ...(trust.search?.accepted ?? [])];
  const org = tokens.find((t) => !orgs.includes(t.claim.organization));
  if (org) return { dimension: 'organization', token: org };
  if (projects.some(([, p]) => p === undefined)) return undefined;
  const proj = tokens.find(
    (t) => t.claim.kind === 'workspace' && !projects.some(([o, p]) => o === t.claim.organization && p === t.claim.project),
  );
  return proj ? { dimension: 'project', token: proj } : undefined;
}

export { contextOf as workspacePolicyContext };

/** The names a binding's tokens carry, in the shape checkWorkspaceTrust takes. */
export function namesOf(b: { organization?: Value; project?: Value; workspaceName?: Value }): WorkspaceNames {
  const n: WorkspaceNames = {};
  if (b.organization) n.organization = b.organization;
  if (b.project) n.project = b.project;
  if (b.workspaceName) n.workspace = b.workspaceName;
  return n;
}

/** Where a finding about a variable points: its value (or, without one, the whole resource), and where the value came from. */
export function variablePlace(v: { value?: Value; range: Range }): { range: Range; origins?: Origin[] } {
  const range = v.value?.range ?? v.range;
  return v.value?.origins?.length ? { range, origins: v.value.origins } : { range };
}

/**
 * A binding as the subject of a sentence: `Workspace "prod"` when it is a workspace, else its
 * label as is (`project infra (variable set aws)` already names its scope).
 */
export function bindingSubject(b: { workspace?: unknown; label: string }, capital = true): string {
  const s = b.workspace ? `workspace "${b.label}"` : b.label;
  return capital ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** What a variable is set on, for messages: `workspace "prod"` or `variable set "aws"`. */
export function variableScope(v: {
  workspace?: { name?: Value; id: string };
  variableSet?: { name?: Value; id: string };
  workspaceRef?: Value;
}): string {
  if (v.workspace) return `workspace "${nameOf(v.workspace.name) ?? v.workspace.id}"`;
  if (v.variableSet) return `variable set "${nameOf(v.variableSet.name) ?? v.variableSet.id}"`;
  const ref = v.workspaceRef;
  if (ref?.kind === 'unknown' && ref.symbol) return `workspace ${ref.symbol.address}`;
  return nameOf(ref) ? `workspace ${nameOf(ref)}` : 'a workspace';
}
