// The witness search for issuers other than HCP Terraform, driven by a profile's claim grammar
// (src/trust/issuers/): concrete `sub` values built from the shapes, each segment filled with the
// policy's own names, a wildcard filled differently and an outsider's name, and every candidate
// evaluated against the whole policy as IAM would. A segment whose accepted values differ for one
// policy value is open; rules report the broadest open one, as they do for HCP Terraform.
import type { Condition, Statement } from '../model/types.js';
import type { Value } from '../core/value.js';
import type { IssuerGrammar, SegmentDimension, SubShape } from './issuers/types.js';
import { operatorInfo } from './operators.js';
import { hasOpaque } from './pattern.js';
import { type PolicyContext, conditionHolds, evaluatePolicy } from './evaluate-policy.js';

export interface GrammarToken {
  shape: SubShape;
  /** Segment name → value in this token. */
  values: Record<string, string>;
  /** The `sub` as IAM compares it (opaque characters for unknown runs). */
  sub: string;
  aud: string;
  statement: Statement;
  condition?: Condition;
  value?: Value;
}

export interface GrammarScope {
  dimension: SegmentDimension;
  /** The segment of the witness's shape that is open. */
  segment: string;
  statement: Statement;
  condition?: Condition;
  value?: Value;
  witness: GrammarToken;
}

export interface GrammarResult {
  accepted: GrammarToken[];
  /** Statements without a `sub` condition that accept an outsider's token. */
  unrestricted: { statement: Statement; witness: GrammarToken }[];
  scopes: GrammarScope[];
  undecided: number;
  truncated: boolean;
}

export interface GrammarInput {
  grammar: IssuerGrammar;
  ctx: PolicyContext;
  statements: Statement[];
  /** Statements that let this issuer in, with their `<host>:sub` conditions. */
  trustStatements: { statement: Statement; subConditions: Condition[] }[];
  subConditions(s: Statement): Condition[];
  audiences: string[];
  patterns: { text: string; glob: boolean }[];
}

export const DIMENSION_ORDER: SegmentDimension[] = ['organization', 'project', 'workspace', 'runPhase'];
const BUDGET = 3000;
const CAP = 4;

type Part = { lit: string } | { seg: string };

const shapeParts = new WeakMap<SubShape, Part[]>();

export function partsOf(shape: SubShape): Part[] {
  let parts = shapeParts.get(shape);
  if (!parts) {
    parts = [];
    const re = /<([a-z_]+)>/g;
    let last = 0;
    for (let m = re.exec(shape.template); m; m = re.exec(shape.template)) {
      if (m.index > last) parts.push({ lit: shape.template.slice(last, m.index) });
      parts.push({ seg: m[1] });
      last = m.index + m[0].length;
    }
    if (last < shape.template.length) parts.push({ lit: shape.template.slice(last) });
    shapeParts.set(shape, parts);
  }
  return parts;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The segment values a pattern gives a shape, read left to right: the whole shape when the pattern
 * follows it, else the longest prefix it follows (a `*` that swallows the rest leaves the later
 * segments to the pools' samples).
 */
export function extractSegments(shape: SubShape, text: string): Record<string, string> | undefined {
  const parts = partsOf(shape);
  const segIdx = parts.flatMap((p, i) => ('seg' in p ? [i] : []));
  for (let k = segIdx.length; k >= 1; k--) {
    const upTo = segIdx[k - 1];
    let src = '^';
    const names: string[] = [];
    for (let i = 0; i <= upTo; i++) {
      const p = parts[i];
      if ('lit' in p) src += esc(p.lit);
      else {
        const next = parts[i + 1];
        const stop = next && 'lit' in next ? esc(next.lit[0]) : '';
        src += i === upTo && k === segIdx.length && i === parts.length - 1 ? '(.*)' : stop ? `([^${stop}]*)` : '(.*)';
        names.push(p.seg);
      }
    }
    const full = k === segIdx.length && upTo === parts.length - 1;
    const trailing = parts
      .slice(upTo + 1)
      .map((p) => ('lit' in p ? esc(p.lit) : ''))
      .join('');
    const m = new RegExp(full ? `${src}$` : k === segIdx.length ? `${src}${trailing}$` : src).exec(text);
    if (m) return Object.fromEntries(names.map((n, i) => [n, m[i + 1]]));
  }
  return undefined;
}

type Pools = Map<string, Map<string, number>>;

function validFor(grammar: IssuerGrammar, seg: string, name: string): boolean {
  const chars = grammar.segments[seg]?.chars ?? '';
  return name.length > 0 && new RegExp(`^[\\ue000-\\uf8ff${chars}]+$`).test(name);
}

function add(pools: Pools, grammar: IssuerGrammar, seg: string, name: string, score: number): void {
  if (!validFor(grammar, seg, name)) return;
  const pool = pools.get(seg)!;
  const had = pool.get(name);
  if (had === undefined || had > score) pool.set(name, score);
}

function buildPools(grammar: IssuerGrammar, patterns: { text: string; glob: boolean }[]): Pools {
  const pools: Pools = new Map(Object.keys(grammar.segments).map((s) => [s, new Map<string, number>()]));
  for (const p of patterns) {
    for (const shape of grammar.shapes) {
      const values = extractSegments(shape, p.text);
      if (!values) continue;
      for (const [seg, v] of Object.entries(values)) {
        const wild = p.glob && /[*?]/.test(v);
        if (!wild) {
          add(pools, grammar, seg, v, 0);
          continue;
        }
        add(pools, grammar, seg, v.replace(/\*/g, '').replace(/\?/g, 'a'), 0);
        if (grammar.segments[seg].fixedByIssuer) continue;
        const filler = validFor(grammar, seg, 'evil') ? 'evil' : 'ad';
        add(pools, grammar, seg, v.replace(/^\*/, filler).replace(/\*/g, `-${filler}`).replace(/\?/g, filler[0]), 1);
      }
    }
  }
  for (const [seg, def] of Object.entries(grammar.segments)) {
    const pool = pools.get(seg)!;
    if (![...pool.values()].some((s) => s === 0)) add(pools, grammar, seg, def.sample, 0);
    if (!def.fixedByIssuer) for (const o of def.outsiders) add(pools, grammar, seg, o, 2);
  }
  return pools;
}

function namesOf(pools: Pools, seg: string): string[] {
  const all = [...pools.get(seg)!.entries()].sort((a, b) => a[1] - b[1]);
  const outsiders = all.filter(([, s]) => s === 2).map(([n]) => n);
  const own = all.filter(([, s]) => s < 2).map(([n]) => n);
  return [...own.slice(0, Math.max(1, CAP - outsiders.length)), ...outsiders];
}

export function formatShape(shape: SubShape, values: Record<string, string>): string {
  return partsOf(shape)
    .map((p) => ('lit' in p ? p.lit : (values[p.seg] ?? '')))
    .join('');
}

function* candidates(grammar: IssuerGrammar, pools: Pools): Generator<{ shape: SubShape; values: Record<string, string> }> {
  for (const shape of grammar.shapes) {
    const segs = partsOf(shape).flatMap((p) => ('seg' in p ? [p.seg] : []));
    const lists = segs.map((s) => namesOf(pools, s));
    const idx = segs.map(() => 0);
    for (;;) {
      yield { shape, values: Object.fromEntries(segs.map((s, i) => [s, lists[i][idx[i]]])) };
      let i = segs.length - 1;
      while (i >= 0 && ++idx[i] >= lists[i].length) idx[i--] = 0;
      if (i < 0) break;
    }
  }
}

/** The positive `sub` condition and value of the statement that let the token in. */
function attribute(s: Statement, sub: string, input: GrammarInput): { condition?: Condition; value?: Value } {
  for (const c of input.subConditions(s)) {
    const op = operatorInfo(c.op);
    if (op.negated || op.base === 'Null') continue;
    for (const v of c.values) if (conditionHolds({ ...c, values: [v] }, { sub }, input.ctx) === true) return { condition: c, value: v };
  }
  return {};
}

function tryOne(shape: SubShape, values: Record<string, string>, input: GrammarInput): GrammarToken | 'unknown' | undefined {
  const sub = formatShape(shape, values);
  let undecided = false;
  for (const aud of input.audiences) {
    const d = evaluatePolicy(input.statements, { sub, aud }, input.ctx);
    if (d.allowed === true && d.allowedBy.length) {
      const statement = d.allowedBy[0];
      return { shape, values, sub, aud, statement, ...attribute(statement, sub, input) };
    }
    if (d.allowed === 'unknown') undecided = true;
  }
  return undecided ? 'unknown' : undefined;
}

function dimensionValue(grammar: IssuerGrammar, t: GrammarToken, d: SegmentDimension): string {
  const segs = partsOf(t.shape).flatMap((p) => ('seg' in p && grammar.segments[p.seg].dimension === d ? [t.values[p.seg]] : []));
  return d === 'runPhase' ? `${t.shape.id}\u0000${segs.join('\u0000')}` : segs.join('\u0000');
}

/** An outsider's token of the first shape: what a statement without a `sub` condition lets in. */
export function outsiderToken(grammar: IssuerGrammar): { shape: SubShape; values: Record<string, string> } {
  const shape = grammar.shapes[0];
  const values = Object.fromEntries(
    partsOf(shape).flatMap((p) =>
      'seg' in p
        ? [
            [
              p.seg,
              grammar.segments[p.seg].fixedByIssuer
                ? grammar.segments[p.seg].sample
                : (grammar.segments[p.seg].outsiders[0] ?? grammar.segments[p.seg].sample),
            ],
          ]
        : [],
    ),
  );
  return { shape, values };
}

export function searchGrammar(input: GrammarInput): GrammarResult {
  const { grammar } = input;
  const pools = buildPools(grammar, input.patterns);
  const seen = new Set<string>();
  const accepted: GrammarToken[] = [];
  let undecided = 0;
  let truncated = false;
  for (const c of candidates(grammar, pools)) {
    const key = formatShape(c.shape, c.values);
    if (seen.has(key)) continue;
    if (seen.size >= BUDGET) {
      truncated = true;
      break;
    }
    seen.add(key);
    const r = tryOne(c.shape, c.values, input);
    if (r === 'unknown') undecided++;
    else if (r) accepted.push(r);
  }
  const unrestricted: GrammarResult['unrestricted'] = [];
  const out = outsiderToken(grammar);
  for (const t of input.trustStatements) {
    if (t.subConditions.length) continue;
    const r = tryOne(out.shape, out.values, input);
    if (r && r !== 'unknown' && r.statement === t.statement) unrestricted.push({ statement: t.statement, witness: r });
  }
  const score = (t: GrammarToken, d: SegmentDimension) =>
    Math.max(
      0,
      ...partsOf(t.shape).flatMap((p) =>
        'seg' in p && grammar.segments[p.seg].dimension === d ? [pools.get(p.seg)!.get(t.values[p.seg]) ?? 0] : [],
      ),
    );
  const groups = new Map<Value | Statement, GrammarToken[]>();
  for (const t of accepted) {
    const k = t.value ?? t.statement;
    const g = groups.get(k);
    if (g) g.push(t);
    else groups.set(k, [t]);
  }
  const scopes: GrammarScope[] = [];
  for (const tokens of groups.values()) {
    for (const dimension of DIMENSION_ORDER) {
      if (new Set(tokens.map((t) => dimensionValue(grammar, t, dimension))).size < 2) continue;
      let best = tokens[0];
      const rank = (t: GrammarToken) => [
        score(t, dimension),
        -DIMENSION_ORDER.filter((o) => o !== dimension).reduce((a, o) => a + score(t, o), 0),
      ];
      for (const t of tokens) {
        const [a, b] = rank(t);
        const [c, d] = rank(best);
        if (a > c || (a === c && b > d)) best = t;
      }
      const segment = partsOf(best.shape).flatMap((p) => ('seg' in p && grammar.segments[p.seg].dimension === dimension ? [p.seg] : []));
      const open = segment.find((s) => (pools.get(s)!.get(best.values[s]) ?? 0) > 0) ?? segment[0] ?? dimension;
      const scope: GrammarScope = { dimension, segment: open, statement: best.statement, witness: best };
      if (best.condition) scope.condition = best.condition;
      if (best.value) scope.value = best.value;
      scopes.push(scope);
    }
  }
  return { accepted, unrestricted, scopes, undecided, truncated };
}

/** Open scopes of one dimension worth a finding: not on an unrestricted statement, not under a broader open one. */
export function grammarScopesToReport(result: GrammarResult | undefined, dimension: SegmentDimension): GrammarScope[] {
  if (!result) return [];
  const unrestricted = new Set(result.unrestricted.map((u) => u.statement));
  const broader = DIMENSION_ORDER.slice(0, DIMENSION_ORDER.indexOf(dimension));
  const key = (s: GrammarScope) => s.value ?? s.statement;
  return result.scopes.filter(
    (s) =>
      s.dimension === dimension &&
      !unrestricted.has(s.statement) &&
      !result.scopes.some((o) => key(o) === key(s) && broader.includes(o.dimension)),
  );
}

/** "a workflow run on refs/heads/x of repository acme/app" */
export function describeToken(t: Pick<GrammarToken, 'shape' | 'values'>, show: (s: string) => string = (s) => s): string {
  return t.shape.describe.replace(/<([a-z_]+)>/g, (_, seg: string) => show(t.values[seg] ?? seg));
}

export { hasOpaque };
