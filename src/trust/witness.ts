// Witness search: concrete tokens built from the `sub` grammar by instantiating the policy's own
// patterns (each wildcard filled two ways) plus outsiders, each evaluated against the whole policy.
import type { Condition, Statement } from '../model/types.js';
import type { Value } from '../core/value.js';
import { type Phase, type SubClaim, formatSub, isValidName, patternFields, unitOf } from './claims.js';
import { operatorInfo } from './operators.js';
import { hasOpaque } from './pattern.js';
import { type PolicyContext, conditionHolds, evaluatePolicy } from './evaluate-policy.js';

export type Dimension = 'organization' | 'project' | 'workspace' | 'runPhase' | 'kind';
export const DIMENSIONS: Dimension[] = ['organization', 'project', 'workspace', 'runPhase', 'kind'];

export interface AcceptedToken {
  claim: SubClaim;
  /** The `sub` as shown to people (unknown runs as their expression). */
  sub: string;
  aud: string;
  statement: Statement;
  /** The positive `sub` condition and value that let it through, when there is one. */
  condition?: Condition;
  value?: Value;
}

export interface OpenScope {
  dimension: Dimension;
  statement: Statement;
  condition?: Condition;
  value?: Value;
  witness: AcceptedToken;
  /** Distinct accepted values of the dimension (display text; '' = absent, as in a legacy token). */
  values: string[];
}

export type DimensionStatus = 'open' | 'pinned' | 'undecided' | 'none';

export interface WitnessResult {
  accepted: AcceptedToken[];
  /** Candidates whose acceptance depends on a value not known until apply. */
  undecided: number;
  scopes: OpenScope[];
  status: Record<Dimension, DimensionStatus>;
  /** Same organization, project and unit accepted for both plan and apply: [plan token, apply token]. */
  planAndApply: [AcceptedToken, AcceptedToken][];
  /** The search hit its budget (a huge policy); what it found holds, more may exist. */
  truncated: boolean;
}

/** Candidate tokens tried per issuer, and comparisons (candidates × sub values) allowed: keeps a
 *  hostile policy (hundreds of values) from stalling the scan. */
export const MAX_CANDIDATES = 6000;
const MAX_WORK = 600_000;

export interface SearchInput {
  ctx: PolicyContext;
  statements: Statement[];
  /** `<host>:sub` conditions by statement. */
  subConditions(s: Statement): Condition[];
  audiences: string[];
}

type Pool = 'organization' | 'project' | 'workspace' | 'stack' | 'deployment' | 'module';
// 0 = the policy's own name, 1 = a wildcard filled differently, 2 = an outsider's name.
export type Pools = Record<Pool, Map<string, number>>;

const GENERIC: Record<Pool, string[]> = {
  organization: ['attacker-org', 'another-org'],
  project: ['other-project', 'Default Project'],
  workspace: ['other-workspace', 'attacker-ws'],
  stack: ['any-stack'],
  deployment: ['any-deployment'],
  module: ['any-module'],
};
const CAPS: Record<Pool, number> = { organization: 5, project: 4, workspace: 4, stack: 3, deployment: 2, module: 3 };

export function emptyPools(): Pools {
  return { organization: new Map(), project: new Map(), workspace: new Map(), stack: new Map(), deployment: new Map(), module: new Map() };
}

function addName(pool: Map<string, number>, name: string, score: number): void {
  if (!isValidName(name)) return;
  const had = pool.get(name);
  if (had === undefined || had > score) pool.set(name, score);
}

/** Add the names a `sub` pattern pins (or leaves open) to the pools. */
export function addPattern(pools: Pools, text: string, glob: boolean): void {
  const { fields, loose } = patternFields(text);
  for (const f of fields) {
    if (!(f.keyword in pools)) continue;
    const pool = pools[f.keyword as Pool];
    if (!glob || !/[*?]/.test(f.value)) addName(pool, f.value, 0);
    else {
      addName(pool, f.value.replace(/\*/g, '').replace(/\?/g, 'a'), 0);
      addName(pool, f.value.replace(/^\*/, 'evil').replace(/\*/g, '-evil').replace(/\?/g, 'z'), 1);
    }
  }
  for (const part of loose) {
    for (const run of part.value.split(glob ? /[*?]/ : /(?!)/)) {
      if (
        run.length < 2 ||
        hasOpaque(run) ||
        /^(organization|project|workspace|run_phase|stack|deployment|operation|module|plan|apply|test_run)$/.test(run)
      )
        continue;
      for (const p of Object.values(pools)) addName(p, run, 0);
    }
  }
}

function names(pools: Pools, p: Pool): string[] {
  for (const g of GENERIC[p]) addName(pools[p], g, 2);
  const all = [...pools[p].entries()].sort((a, b) => a[1] - b[1]);
  const generic = all.filter(([, s]) => s === 2).map(([n]) => n);
  const own = all.filter(([, s]) => s < 2).map(([n]) => n);
  return [...own.slice(0, Math.max(1, CAPS[p] - generic.length)), ...generic];
}

export function* candidates(pools: Pools): Generator<SubClaim> {
  const [orgs, projects, workspaces, stacks, deployments, modules] = (
    ['organization', 'project', 'workspace', 'stack', 'deployment', 'module'] as Pool[]
  ).map((p) => names(pools, p));
  const phases: Phase[] = ['apply', 'plan'];
  for (const organization of orgs) {
    for (const phase of phases) {
      for (const workspace of workspaces) {
        for (const project of projects) yield { kind: 'workspace', organization, project, workspace, phase };
        yield { kind: 'legacy', organization, workspace, phase };
      }
      for (const project of projects)
        for (const stack of stacks)
          for (const deployment of deployments) yield { kind: 'stack', organization, project, stack, deployment, phase };
    }
    for (const module of modules) yield { kind: 'module-test', organization, module, phase: 'test_run' };
  }
}

export function dimensionValue(c: SubClaim, d: Dimension): string {
  switch (d) {
    case 'organization':
      return c.organization;
    case 'project':
      return c.project ?? '';
    case 'workspace':
      return unitOf(c);
    case 'runPhase':
      return c.phase;
    case 'kind':
      return c.kind;
  }
}

/** The first positive `sub` condition value of the statement that matches the token. */
function attribute(s: Statement, sub: string, input: SearchInput): { condition?: Condition; value?: Value } {
  for (const c of input.subConditions(s)) {
    const op = operatorInfo(c.op);
    if (op.negated || op.base === 'Null') continue;
    for (const v of c.values) {
      if (conditionHolds({ ...c, values: [v] }, { sub }, input.ctx) === true) return { condition: c, value: v };
    }
  }
  return {};
}

/** Try one token with each audience; the accepted token, 'unknown', or undefined when rejected. */
export function tryToken(claim: SubClaim, input: SearchInput, sub = formatSub(claim)): AcceptedToken | 'unknown' | undefined {
  let undecided = false;
  for (const aud of input.audiences) {
    const d = evaluatePolicy(input.statements, { sub, aud }, input.ctx);
    if (d.allowed === true && d.allowedBy.length) {
      const statement = d.allowedBy[0];
      return { claim, sub: input.ctx.opaque.show(sub), aud, statement, ...attribute(statement, sub, input) };
    }
    if (d.allowed === 'unknown') undecided = true;
  }
  return undecided ? 'unknown' : undefined;
}

/** A token's score in each dimension (DIMENSIONS order), for witnessScore. */
function dimensionScores(t: AcceptedToken, pools: Pools): number[] {
  const c = t.claim;
  return [
    pools.organization.get(c.organization) ?? 2,
    c.project === undefined ? 1 : (pools.project.get(c.project) ?? 2),
    c.workspace !== undefined ? (pools.workspace.get(c.workspace) ?? 2) : 1,
    c.phase === 'plan' ? 2 : 0,
    ['workspace', 'legacy', 'module-test', 'stack'].indexOf(c.kind),
  ];
}

/** How good a witness of an open dimension `d` the token is (compared with `better`); `scores` from dimensionScores. */
function witnessScore(t: AcceptedToken, d: Dimension, scores: number[]): number[] {
  const at = DIMENSIONS.indexOf(d);
  let others = 0;
  // Every dimension but `d` and the kind (the last one).
  for (let i = 0; i < DIMENSIONS.length - 1; i++) if (i !== at) others += scores[i];
  return [scores[at], -others, d === 'kind' ? 0 : -['workspace', 'legacy', 'stack', 'module-test'].indexOf(t.claim.kind)];
}

function better(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** Search tokens seeded by each pattern; group the accepted ones by the value that lets them in. */
export function searchWitnesses(input: SearchInput, patterns: { text: string; glob: boolean }[]): WitnessResult {
  const seen = new Set<string>();
  const accepted: AcceptedToken[] = [];
  const all = emptyPools();
  let undecided = 0;
  let truncated = false;
  // Each candidate is tried against every pattern: the budget bounds their product, so that a
  // policy of 200,000 values costs linear time (docs/limits.md). Up to 1,200 patterns this is 500 or more.
  const budget = Math.max(1, Math.min(MAX_CANDIDATES, Math.floor(MAX_WORK / (patterns.length + 1))));
  const seeds = patterns.length ? patterns.map((p) => [p]) : [[]];
  for (const p of patterns) addPattern(all, p.text, p.glob);
  for (const group of [...seeds, patterns]) {
    const pools = emptyPools();
    for (const p of group) addPattern(pools, p.text, p.glob);
    for (const claim of candidates(pools)) {
      const key = formatSub(claim);
      if (seen.has(key)) continue;
      if (seen.size >= budget) {
        truncated = true;
        break;
      }
      seen.add(key);
      const r = tryToken(claim, input, key);
      if (r === 'unknown') undecided++;
      else if (r) accepted.push(r);
    }
  }
  const groups = new Map<Value | Statement, AcceptedToken[]>();
  for (const t of accepted) {
    const k = t.value ?? t.statement;
    const group = groups.get(k);
    // Pushed in place: copying the list per token was quadratic in the accepted tokens.
    if (group) group.push(t);
    else groups.set(k, [t]);
  }
  const scopes: OpenScope[] = [];
  // Each token's scores, worked out once rather than per dimension and comparison.
  const scoresOf = new Map<AcceptedToken, number[]>();
  const scores = (t: AcceptedToken) => {
    let s = scoresOf.get(t);
    if (!s) scoresOf.set(t, (s = dimensionScores(t, all)));
    return s;
  };
  for (const tokens of groups.values()) {
    for (const dimension of DIMENSIONS) {
      const values = [...new Set(tokens.map((t) => dimensionValue(t.claim, dimension)))];
      if (values.length < 2) continue;
      let best = tokens[0];
      let bestScore = witnessScore(best, dimension, scores(best));
      for (const t of tokens) {
        const score = witnessScore(t, dimension, scores(t));
        if (better(score, bestScore)) [best, bestScore] = [t, score];
      }
      const scope: OpenScope = { dimension, statement: best.statement, witness: best, values: values.map((v) => input.ctx.opaque.show(v)) };
      if (best.condition) scope.condition = best.condition;
      if (best.value) scope.value = best.value;
      scopes.push(scope);
    }
  }
  const status = {} as Record<Dimension, DimensionStatus>;
  for (const d of DIMENSIONS) {
    status[d] = scopes.some((s) => s.dimension === d) ? 'open' : undecided ? 'undecided' : accepted.length ? 'pinned' : 'none';
  }
  return { accepted, undecided, scopes, status, planAndApply: pairPhases(accepted), truncated };
}

function pairPhases(accepted: AcceptedToken[]): [AcceptedToken, AcceptedToken][] {
  const byUnit = new Map<string, Partial<Record<Phase, AcceptedToken>>>();
  for (const t of accepted) {
    const c = t.claim;
    const k = [c.kind, c.organization, c.project ?? '', unitOf(c)].join('\u0000');
    const e = byUnit.get(k) ?? {};
    e[c.phase] ??= t;
    byUnit.set(k, e);
  }
  const out: [AcceptedToken, AcceptedToken][] = [];
  const seenValues = new Set<Value | Statement>();
  for (const e of byUnit.values()) {
    if (!e.plan || !e.apply) continue;
    const k = e.plan.value ?? e.plan.statement;
    if (seenValues.has(k)) continue;
    seenValues.add(k);
    out.push([e.plan, e.apply]);
  }
  return out;
}

export const OUTSIDER: SubClaim = { kind: 'workspace', organization: 'attacker-org', project: 'any', workspace: 'any', phase: 'apply' };
