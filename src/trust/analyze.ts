// Which tokens can assume a role: the statements that let an issuer's tokens through, their
// `sub`/`aud` constraints, and witnesses found by evaluating the whole policy.
import type { Condition, OidcProvider, Project, Role, Statement } from '../model/types.js';
import type { Range } from '../core/source.js';
import type { Witness } from '../core/finding.js';
import { HCP_TERRAFORM, type IssuerOptions, type IssuerProfile, UNKNOWN_ISSUER, classifyIssuer } from './issuer.js';
import { assumableWithoutTrust } from './unreadable.js';
import { latentWitnesses, repairTrust } from './latent.js';
import { RECOVERED_POLICY } from './assumption-words.js';
import { ASSUMED_HCP_TERRAFORM, classifyUnknownHost, keyNamesClaim, opaqueKeyHosts } from './unknown-host.js';
import { type FederatedLink, linkFederated, principalsMatch } from './federated-link.js';
import { and3, not3, operatorInfo, or3 } from './operators.js';
import { knownString } from '../core/value.js';
import type { Tri } from './operators.js';
import { OpaqueTable, hasOpaque } from './pattern.js';
import {
  type PolicyContext,
  actionAndPrincipal,
  actionApplies,
  callerAssumption,
  conditionHolds,
  evaluatePolicy,
} from './evaluate-policy.js';
import { type ScopedName, scopedNames } from './scoped.js';
import { effectiveStatements } from './duplicates.js';
import { TRUST_POLICY_HARD_LIMIT, knownText, policySize } from './size.js';
import { type SubClaim, formatSub } from './claims.js';
import { type AcceptedToken, type SearchInput, type WitnessResult, OUTSIDER, searchWitnesses, tryToken } from './witness.js';
import { type GrammarResult, searchGrammar } from './grammar.js';

export interface TrustStatement {
  statement: Statement;
  link: FederatedLink;
  subConditions: Condition[];
  audConditions: Condition[];
}

export interface AudienceProblem {
  statement: Statement;
  /** 'missing': any audience the provider lists gets in; 'mismatch': no listed client ID passes. */
  kind: 'missing' | 'mismatch';
  /** The aud condition that decides it (absent for 'missing' without any aud condition). */
  condition?: Condition;
  clientIds: string[];
}

export interface IssuerTrust {
  host?: string;
  iss?: string;
  profile: IssuerProfile;
  provider?: OidcProvider;
  /** Allow statements that let this issuer's tokens through. */
  statements: TrustStatement[];
  /** Statements with no `sub` condition that accept an outsider's token. */
  unrestricted: { statement: Statement; witness: AcceptedToken }[];
  /** Witness search over the `sub` grammar (Terraform issuers only). */
  search?: WitnessResult;
  audience: AudienceProblem[];
  scopedNames: ScopedName[];
  /** The audiences a token of this issuer can carry (STS accepts only the provider's client IDs). */
  audiences: string[];
  opaque: OpaqueTable;
  /** The principal is unknown (e.g. a module input); the issuer was read from the condition keys. */
  principalFromKeys?: boolean;
  /**
   * What the analysis assumed (src/trust/unknown-host.ts): "host unknown: assumed HCP Terraform".
   * Findings on this trust carry it (src/trust/assumptions.ts).
   */
  assumptions?: string[];
  /** The host as people read it (an unknown host shown as the value it stands for). */
  hostShown?: string;
  /** Analysed from a repaired copy of the trust: what it admits takes effect once this is fixed. */
  latent?: string;
  /** Witness search over the profile's claim grammar (issuers other than HCP Terraform / TFE). */
  grammar?: GrammarResult;
  /** The policy as IAM evaluates it for this issuer (set when the host is known): for rules that try tokens. */
  evaluation?: { statements: Statement[]; ctx: PolicyContext; subConditions: (s: Statement) => Condition[] };
}

export interface TrustNote {
  message: string;
  range: Range;
}

export interface RoleTrust {
  role: Role;
  issuers: IssuerTrust[];
  /** Assumptions of the whole role (a trust recovered from JSON that does not parse as written). */
  assumptions?: string[];
  /**
   * A trust that cannot be read at all, for a role HCP Terraform runs get anyway (wired by a
   * workspace, or naming an HCP Terraform provider): no statement, only the assumption. The
   * permission rules read it through `permissionTrustsFor`; the trust rules never see it.
   */
  assumedIssuer?: IssuerTrust;
  /** The trust analysed again with the problems that make statements unmatchable repaired (src/trust/latent.ts). */
  latentIssuers?: IssuerTrust[];
  /** What could not be decided, and where. */
  notes: TrustNote[];
  /** Past IAM's hard size limit: not searched (trust-policy-size reports it). */
  oversized?: boolean;
}

export type AnalyzeOptions = IssuerOptions;

export const DEFAULT_AUDIENCE = 'aws.workload.identity';

function keyText(c: Condition, opaque: OpaqueTable): string | undefined {
  const t = opaque.of(c.key);
  return t && !hasOpaque(t.text) ? t.text.toLowerCase() : undefined;
}

/** Host named by the statement's `<host>:sub` / `<host>:aud` condition keys, when it names one. */
function hostFromKeys(s: Statement, opaque: OpaqueTable): string | undefined {
  for (const c of s.conditions) {
    const m = /^(.+):(sub|aud)$/.exec(keyText(c, opaque) ?? '');
    if (m && !/^(aws|sts)$/.test(m[1])) return m[1];
  }
  return undefined;
}

/** Client IDs when every one of them is known. */
/** The provider's client IDs when every one is known; undefined when any is not (or there are none). */
export function knownClientIds(p: OidcProvider | undefined): string[] | undefined {
  if (!p || p.clientIdList?.kind === 'unknown' || !p.clientIds.length) return undefined;
  const ids = p.clientIds.map(knownString);
  return ids.every((i): i is string => i !== undefined) ? ids : undefined;
}

interface Group {
  host?: string;
  provider?: OidcProvider;
  entries: { statement: Statement; link: FederatedLink }[];
}

function groupByIssuer(all: Statement[], project: Project, opaque: OpaqueTable): Group[] {
  const groups = new Map<string, Group>();
  for (const statement of all) {
    if (statement.effect !== 'Allow' || actionApplies(statement) === false) continue;
    for (const p of statement.principals ?? []) {
      const values = p.type === 'Federated' ? p.values : p.type === '*' ? [{ kind: 'string' as const, value: '*' }] : [];
      for (const v of values) {
        const link = linkFederated(v, project);
        // A linked provider whose URL is unknown still has its host written in the condition keys.
        const host = link.host ?? (link.provider?.host ? undefined : hostFromKeys(statement, opaque));
        const key = link.provider ? `p:${link.provider.id}` : `h:${host ?? ''}`;
        const g = groups.get(key) ?? { entries: [] };
        if (link.provider) g.provider = link.provider;
        g.host ??= link.provider?.host ?? host;
        if (!g.entries.some((e) => e.statement === statement)) g.entries.push({ statement, link });
        groups.set(key, g);
      }
    }
  }
  return [...groups.values()];
}

/** Do the `aud` conditions of this statement let a token with this audience through? (No `aud` condition: yes.) */
export function audiencePasses(t: TrustStatement, aud: string, ctx: PolicyContext): Tri {
  return t.audConditions.reduce<Tri>((acc, c) => and3(acc, conditionHolds(c, { aud }, ctx)), true);
}

/** Does any statement of this issuer's trust let a token with this audience through its `aud` conditions? */
export function trustAcceptsAudience(trust: IssuerTrust, aud: string, ctx: PolicyContext | undefined = trust.evaluation?.ctx): Tri {
  if (!ctx) return 'unknown';
  let r: Tri = false;
  for (const t of trust.statements) {
    r = or3(r, audiencePasses(t, aud, ctx));
    if (r === true) return r;
  }
  return r;
}

function audienceProblems(ctx: PolicyContext, entries: TrustStatement[], provider: OidcProvider | undefined): AudienceProblem[] {
  const out: AudienceProblem[] = [];
  const ids = knownClientIds(provider);
  for (const t of entries) {
    // A statement another condition shuts for every token (a key IAM never finds, such as
    // https://<host>:sub) admits no run: saying "any audience passes" would contradict that.
    const shut = t.statement.conditions.some(
      (c) => !t.audConditions.includes(c) && !t.subConditions.includes(c) && conditionHolds(c, {}, ctx) === false,
    );
    if (shut) continue;
    const holds = (aud: string): Tri => audiencePasses(t, aud, ctx);
    if (holds('unrelated-audience.example') === true) {
      const p: AudienceProblem = { statement: t.statement, kind: 'missing', clientIds: ids ?? [] };
      if (t.audConditions[0]) p.condition = t.audConditions[0];
      out.push(p);
    } else if (ids && ids.every((id) => holds(id) === false)) {
      out.push({ statement: t.statement, kind: 'mismatch', condition: t.audConditions[0], clientIds: ids });
    }
  }
  return out;
}

function analyzeIssuer(
  g: Group,
  role: Role,
  all: Statement[],
  project: Project,
  opaque: OpaqueTable,
  options: AnalyzeOptions,
  notes: TrustNote[],
): IssuerTrust {
  let host = g.host;
  const base = { profile: UNKNOWN_ISSUER, statements: [], unrestricted: [], audience: [], scopedNames: [], audiences: [], opaque };
  // The statements that trust this issuer.
  const own = g.entries.map((e) => e.statement);
  // Keys whose host part is one unknown value (`${var.tfc_hostname}:sub`) are read as this issuer's.
  const keyHosts = opaqueKeyHosts(own, opaque);
  let assumedProfile: IssuerProfile | undefined;
  if (!host) {
    const evidence = keyHosts.length ? classifyUnknownHost(own, keyHosts, g.provider, opaque) : undefined;
    if (!evidence) {
      for (const e of g.entries)
        notes.push({
          message: `Could not tell which OIDC provider this statement trusts (${e.link.reason ?? (e.link.provider ? 'its provider URL is not known' : 'unknown principal')})`,
          range: e.statement.range,
        });
      return { ...base, ...(g.provider ? { provider: g.provider } : {}) };
    }
    host = keyHosts[0];
    assumedProfile = evidence.profile;
    notes.push({
      message: `${ASSUMED_HCP_TERRAFORM} (${evidence.because.join('; ')}), and every rule ran on that assumption`,
      range: g.entries[0].statement.range,
    });
  }
  const keyIs = (c: Condition, suffix: string) => {
    const t = opaque.of(c.key);
    return !!t && keyNamesClaim(t.text, host, suffix, keyHosts);
  };
  // Asked for again and again (per statement, per accepted token): worked out once per statement.
  const byKey = (suffix: string) => {
    const known = new Map<Statement, Condition[]>();
    return (s: Statement): Condition[] => {
      let found = known.get(s);
      if (!found) known.set(s, (found = s.conditions.filter((c) => keyIs(c, suffix))));
      return found;
    };
  };
  const subConditions = byKey('sub');
  const audConditions = byKey('aud');
  const statements: TrustStatement[] = g.entries.map((e) => ({
    ...e,
    subConditions: subConditions(e.statement),
    audConditions: audConditions(e.statement),
  }));
  const patterns = all.flatMap(subConditions).flatMap((c) => {
    const glob = /like$/i.test(c.op.base);
    return c.values.flatMap((v) => opaque.of(v) ?? []).map((t) => ({ text: t.text, glob }));
  });
  const profile =
    assumedProfile ??
    classifyIssuer(
      host,
      patterns.map((p) => p.text),
      options,
    );
  const fromKeys = g.entries.filter((e) => e.link.kind === 'unknown').map((e) => e.statement);
  const who = { host, ...(g.provider ? { provider: g.provider } : {}), ...(keyHosts.length ? { assumedKeyHosts: keyHosts } : {}) };
  const ctx: PolicyContext = { project, who, opaque, principalFromKeys: new Set(fromKeys) };
  const ids = knownClientIds(g.provider);
  const literalAuds = all
    .flatMap(audConditions)
    .flatMap((c) => c.values.flatMap((v) => opaque.of(v)?.text ?? []))
    .filter((a) => !/[*?\ue000-\uf8ff]/.test(a));
  const audiences = (ids ?? [...new Set([...literalAuds, profile.defaultAudience ?? DEFAULT_AUDIENCE])]).slice(0, 3);
  const assumed = assumedAudiences(all.flatMap(audConditions), opaque);
  const shown = opaque.show(host);
  const trust: IssuerTrust = {
    ...base,
    host,
    iss: `https://${shown}`,
    profile,
    statements,
    audiences,
    scopedNames: scopedNames(own, subConditions, opaque),
  };
  if (shown !== host) trust.hostShown = shown;
  if (assumedProfile) trust.assumptions = [ASSUMED_HCP_TERRAFORM];
  if (g.provider) trust.provider = g.provider;
  if (fromKeys.length) trust.principalFromKeys = true;
  trust.evaluation = { statements: all, ctx, subConditions };
  const caller = callerAssumption([...own, ...all.filter((s) => s.effect === 'Deny')], ctx);
  if (caller) trust.assumptions = [...(trust.assumptions ?? []), caller];
  trust.audience = audienceProblems(ctx, statements, g.provider);
  if (!profile.terraform) {
    if (profile.grammar) {
      const input = searchPolicy(all, ctx);
      trust.grammar = searchGrammar({
        grammar: profile.grammar,
        ...input,
        trustStatements: statements,
        subConditions,
        audiences: [...audiences, ...assumed],
        patterns,
      });
    }
    return trust;
  }
  // Tried after the real audiences, so a token that passes without the assumption keeps its real aud.
  const searched = [...audiences, ...assumed];
  const input: SearchInput = { ...searchPolicy(all, ctx), subConditions, audiences: searched };
  const outsider = formatSub(OUTSIDER);
  for (const t of statements) {
    if (t.subConditions.length) continue;
    for (const aud of searched) {
      const d = evaluatePolicy(input.statements, { sub: outsider, aud }, input.ctx);
      if (d.allowed !== true || !d.allowedBy.includes(t.statement)) continue;
      trust.unrestricted.push({ statement: t.statement, witness: { claim: OUTSIDER, sub: outsider, aud, statement: t.statement } });
      break;
    }
  }
  trust.search = searchWitnesses(input, patterns);
  if (trust.search.truncated) {
    notes.push({
      message: `The trust policy has too many sub values to try them all; findings for this role may be incomplete`,
      range: role.trust?.range ?? role.range,
    });
  }
  if (trust.search.undecided && !trust.search.accepted.length) {
    notes.push({
      message: `Could not decide which ${profile.name} tokens this role accepts: part of the trust policy is not known until apply`,
      range: statements[0]?.statement.range ?? role.range,
    });
  }
  return trust;
}

/**
 * The policy as the witness search evaluates it, thousands of times per role: whether a statement's
 * action and principal let this issuer in does not depend on the token, so it is decided once here.
 * Statements that can never apply are left out (they add nothing to IAM's answer) and those whose
 * principal certainly names the issuer join `principalFromKeys`, which `statementApplies` reads as
 * "principal matches" without linking the provider again. Same decisions, same order of `allowedBy`.
 */
function searchPolicy(all: Statement[], ctx: PolicyContext): { statements: Statement[]; ctx: PolicyContext } {
  const matched = new Set(ctx.principalFromKeys);
  const statements = all.filter((s) => {
    if (actionApplies(s) === false) return false;
    if (matched.has(s)) return true;
    const p = s.principals
      ? principalsMatch(s.principals, ctx.who, ctx.project)
      : s.notPrincipals
        ? not3(principalsMatch(s.notPrincipals, ctx.who, ctx.project))
        : false;
    if (p === true) matched.add(s);
    return p !== false;
  });
  const searchCtx: PolicyContext = { ...ctx, principalFromKeys: matched };
  searchCtx.decided = new Map(statements.map((s) => [s, actionAndPrincipal(s, searchCtx)]));
  return { statements, ctx: searchCtx };
}

export function analyzeRoleTrust(role: Role, project: Project, options: AnalyzeOptions = {}): RoleTrust {
  try {
    return analyzeRole(role, project, options);
  } catch (err) {
    // A model shape we did not foresee must cost this role's analysis, not the scan.
    return { role, issuers: [], notes: [{ message: `Trust policy not analysed: ${(err as Error).message}`, range: role.range }] };
  }
}

function analyzeRole(role: Role, project: Project, options: AnalyzeOptions): RoleTrust {
  const notes: TrustNote[] = [];
  if (!role.trust) {
    if (role.trustUnknown) notes.push({ message: `Trust policy not analysed: ${role.trustUnknown}`, range: role.range });
    const why = assumableWithoutTrust(role, project);
    if (!why) return { role, issuers: [], notes };
    // No statement to analyse, but HCP Terraform runs get this role: the permission rules still run.
    const assumption = `trust policy not readable; assumed HCP Terraform runs can assume it because ${why}`;
    const assumed: IssuerTrust = {
      profile: HCP_TERRAFORM,
      statements: [],
      unrestricted: [],
      audience: [],
      scopedNames: [],
      audiences: [],
      opaque: new OpaqueTable(),
      assumptions: [assumption],
    };
    return { role, issuers: [], notes, assumptions: [assumption], assumedIssuer: assumed };
  }
  // A condition value longer than IAM's whole-policy limit (4,096 characters) can never be
  // deployed: trust-policy-size reports the policy, and the value is not searched (it can be
  // megabytes long, and no token can ever assume through it).
  const longest = role.trust.statements
    .flatMap((st) => st.conditions.flatMap((c) => c.values.map((v) => (v.kind === 'string' ? knownText(v).length : 0))))
    .reduce((a, b) => Math.max(a, b), 0);
  if (longest > TRUST_POLICY_HARD_LIMIT) {
    const federated = role.trust.statements.some((st) => st.principals?.some((p) => p.type === 'Federated'));
    const size = policySize(role.trust.value);
    notes.push({
      message: `Trust policy not analysed: a condition value is ${longest.toLocaleString('en-US')} characters long, and the policy ${size.chars.toLocaleString('en-US')} characters without whitespace, past IAM's limit of ${TRUST_POLICY_HARD_LIMIT.toLocaleString('en-US')}, so IAM rejects it (trust-policy-size reports it)`,
      range: role.trust.range,
    });
    return { role, issuers: [], notes, ...(federated ? { oversized: true } : {}) };
  }
  const opaque = new OpaqueTable();
  // Entries a later duplicate key overrides never reach IAM: evaluate without them.
  const all = effectiveStatements(role.trust);
  const issuers = groupByIssuer(all, project, opaque).map((g) => analyzeIssuer(g, role, all, project, opaque, options, notes));
  const rt: RoleTrust = { role, issuers, notes };
  if (role.trust.recovered) rt.assumptions = [RECOVERED_POLICY];
  const tfc = issuers.find((i) => i.profile.terraform && i.host && !i.assumptions?.includes(ASSUMED_HCP_TERRAFORM));
  const repair = tfc && repairTrust(role, tfc.host, [...tfc.audiences, tfc.profile.defaultAudience ?? DEFAULT_AUDIENCE]);
  if (repair) {
    const copy = analyzeRole({ ...role, trust: repair.doc }, project, options);
    rt.latentIssuers = copy.issuers
      .filter((i) => i.profile.terraform)
      .map((i) => ({ ...i, latent: repair.assumption, assumptions: [...(i.assumptions ?? []), repair.assumption] }));
  }
  return rt;
}

const cache = new WeakMap<Project, Map<string, RoleTrust[]>>();

/** Every role's trust, computed once per project and options (the trust rules share it). */
export function analyzeProject(project: Project, options: AnalyzeOptions = {}): RoleTrust[] {
  const key = JSON.stringify(options.terraformHosts ?? []);
  const byOptions = cache.get(project) ?? new Map<string, RoleTrust[]>();
  cache.set(project, byOptions);
  let r = byOptions.get(key);
  if (!r) {
    r = project.roles.map((role) => analyzeRoleTrust(role, project, options));
    byOptions.set(key, r);
  }
  return r;
}

/** What the permission rules (admin, escalation, self-management) iterate: the Terraform trusts, and roles runs get although their trust cannot be read. */
export function permissionTrusts(project: Project, options?: AnalyzeOptions): { role: Role; trust: IssuerTrust }[] {
  return analyzeProject(project, options).flatMap((rt) => [
    ...rt.issuers.filter((i) => i.profile.terraform).map((trust) => ({ role: rt.role, trust })),
    ...(rt.assumedIssuer ? [{ role: rt.role, trust: rt.assumedIssuer }] : []),
  ]);
}

/** The Terraform trusts and their latent copies: for the rules on what a statement admits (wildcards, placeholders, run phase). */
export function trustsWithLatent(project: Project, options?: AnalyzeOptions): { role: Role; trust: IssuerTrust }[] {
  return analyzeProject(project, options).flatMap((rt) => [
    ...rt.issuers.filter((i) => i.profile.terraform).map((trust) => ({ role: rt.role, trust })),
    ...(rt.latentIssuers ?? []).map((trust) => ({ role: rt.role, trust })),
  ]);
}

/** Terraform issuers of every role, with the role: what the trust rules iterate. */
export function terraformTrusts(project: Project, options?: AnalyzeOptions): { role: Role; trust: IssuerTrust }[] {
  return analyzeProject(project, options).flatMap((rt) =>
    rt.issuers.filter((i) => i.profile.terraform).map((trust) => ({ role: rt.role, trust })),
  );
}

export function toWitness(
  trust: IssuerTrust,
  token: { sub: string; aud: string },
  note?: string,
  kind: Witness['kind'] = 'accepted',
): Witness {
  const w: Witness = { kind, sub: token.sub, aud: trust.opaque.show(token.aud) };
  if (trust.iss) w.iss = trust.iss;
  const assumed = hasOpaque(token.aud) ? 'assuming the audience the provider accepts' : undefined;
  const text = [note, assumed].filter(Boolean).join('; ');
  if (text) w.note = text;
  if (trust.latent) latentWitnesses.set(w, trust.latent);
  return w;
}

/**
 * Audiences an `aud` condition names with a value known only at apply (`one(data.….client_id_list)`):
 * each as its opaque text, so a token carrying exactly that audience passes. The audience is no
 * defence anyway (every tenant shares the default, and a workspace may set any), so the `sub`
 * findings must not wait for it.
 */
function assumedAudiences(conditions: Condition[], opaque: OpaqueTable): string[] {
  const out = new Set<string>();
  for (const c of conditions) {
    const op = operatorInfo(c.op);
    if (op.negated || op.base === 'Null') continue;
    for (const v of c.values) {
      const t = opaque.of(v)?.text;
      if (t && hasOpaque(t) && !/[*?]/.test(t)) out.add(t);
    }
  }
  return [...out].slice(0, 2);
}

/** Would the role accept this token from this issuer? The accepted token, or the answer ('unknown', false). */
export function tryClaim(trust: IssuerTrust, claim: SubClaim, aud?: string): AcceptedToken | Tri {
  const e = trust.evaluation;
  if (!e) return 'unknown';
  const r = tryToken(claim, {
    ctx: e.ctx,
    statements: e.statements,
    subConditions: e.subConditions,
    audiences: aud ? [aud] : trust.audiences,
  });
  return r === undefined ? false : r;
}
