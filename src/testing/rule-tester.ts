// The one rule tester, in the ESLint manner: `valid` cases must not make the rule report (nor
// leave a value it needed undecided), `invalid` cases list every finding the rule must report,
// with its message id and exact place, and nothing more. Every case runs through the real
// pipeline (files on disk → parse → evaluate → extract the model → rules), so a test builds its
// model the same way a user's scan does. A trust spec runs in all six source shapes.
import { describe, expect, it } from 'vitest';
import { type Finding, type Severity, declaredSeverities } from '../core/finding.js';
import type { LintOptions } from '../engine/types.js';
import type { Rule } from '../model/rule.js';
import { recommendedRules } from '../../rules/index.js';
import { lintTree } from './lint-tree.js';
import { type TrustSpec, allShapes } from './shapes.js';
import { type WiringSpec, wiringShapes } from './wiring-setup.js';
import { placeName } from '../core/source.js';
import type { AccountDetails } from '../fix/live.js';
import { scanDetails } from '../fix/scan.js';

/** The names of the six source shapes (see ./shapes.ts). */
export type ShapeName =
  'heredoc JSON' | 'jsonencode' | 'aws_iam_policy_document' | 'raw IAM JSON document' | 'Terraform JSON' | 'plan JSON';

/** Where a case's input comes from: one file, a tree of files, or a trust policy in every source shape. */
export type CaseSource =
  | { code: string; /** File name for `code`; default main.tf. */ file?: string }
  | { files: Record<string, string> }
  | { shapes: TrustSpec; /** Run only these shapes; default all six. */ only?: ShapeName[] }
  | { /** A workspace wiring setup, run as HCL and as Terraform JSON (./wiring-setup.ts). */ wiring: WiringSpec }
  | { /** A live account as `--aws` reads it: its findings are located by ARN, at 1:1. */ live: AccountDetails };

/** What one run of a case lints: files on disk, or a live account's details. */
type CaseInput = { files: Record<string, string> } | { live: AccountDetails };

export type ValidCase = {
  name: string;
  options?: LintOptions;
  /**
   * The case is quiet because a value is not known: could-not-evaluate must say so, with exactly
   * these findings (message id and place). Without it, a valid case allows no could-not-evaluate.
   */
  undecided?: Undecided[];
} & CaseSource;

/** A could-not-evaluate note a valid case expects; its place is required for `code` and `files` cases (shapes differ in layout). */
export interface Undecided {
  messageId: string;
  line?: number;
  column?: number;
  file?: string;
}

/** One finding the rule must report. Lines and columns are 1-based, the end exclusive, as in the report. */
export interface ExpectedFinding<M extends string = string> {
  messageId: M;
  /** Required for `code` and `files` cases (shapes differ in layout: give `text` there instead). */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** The file, when the case has more than one. */
  file?: string;
  /**
   * The exact source text the finding's range covers. Required for `shapes` and `wiring` cases, where a JSON
   * document inside a JSON string (Terraform JSON, plan JSON) is compared with its `\"` unescaped.
   * A RegExp (anchor it) is for a range whose text differs between shapes (a key with its list).
   */
  text?: string | RegExp;
  severity?: Severity;
  /** The finding's range is the enclosing construct, not the exact value (default false). */
  approximate?: boolean;
  witness?: { kind: 'accepted' | 'rejected'; sub?: RegExp; aud?: RegExp; iss?: RegExp };
  /** Words the message must contain. */
  says?: string[];
  /** Words the one-line fix must contain. */
  fix?: string[];
  /** Fields the first origin of the decisive value must have (`{ kind: 'variable-default', name: 'var.org' }`). */
  origin?: { kind?: string; name?: string; file?: string; line?: number };
  /** Words the related locations' messages must contain, one per location in order. */
  related?: string[];
  /** The Terraform address or ARN the finding names. */
  resource?: string;
  /** Anything else to assert about the finding (called after the fields above matched). */
  check?: (finding: Finding) => void;
}

export type InvalidCase<M extends string = string> = ValidCase & { errors: ExpectedFinding<M>[] };

export interface RuleCases<M extends string> {
  valid: ValidCase[];
  invalid: InvalidCase<M>[];
}

/** Message ids that invalid cases exercise, per rule, across all ruleTester calls of one test file. */
const exercised = new Map<string, Set<string>>();
/** Severities that invalid cases assert (`severity`), per rule, across all ruleTester calls of one test file. */
const asserted = new Map<string, Set<Severity>>();

/** Mistakes in the cases themselves, found before anything runs (an unknown message id, a place missing). */
export function caseErrors<M extends string>(rule: Rule<M>, cases: RuleCases<M>): string[] {
  const ids = Object.keys(rule.meta.messages);
  const errors: string[] = [];
  for (const c of cases.valid) {
    for (const u of c.undecided ?? []) {
      if (!('shapes' in c || 'wiring' in c) && (u.line === undefined || u.column === undefined))
        errors.push(`valid case "${c.name}": give the line and column of the could-not-evaluate note it expects`);
    }
  }
  for (const c of cases.invalid) {
    if (c.errors.length === 0) errors.push(`invalid case "${c.name}" lists no finding: make it a valid case`);
    for (const e of c.errors) {
      if (!ids.includes(e.messageId))
        errors.push(`invalid case "${c.name}": ${rule.meta.id} has no message id "${e.messageId}" (it declares ${ids.join(', ')})`);
      const severities = declaredSeverities(rule.meta);
      if (e.severity && !severities.includes(e.severity))
        errors.push(
          `invalid case "${c.name}": ${rule.meta.id} does not declare severity "${e.severity}" (it declares ${severities.join(', ')})`,
        );
      if ('shapes' in c || 'wiring' in c) {
        if (e.text === undefined)
          errors.push(`invalid case "${c.name}": a shapes case names the finding's exact text (lines differ between shapes)`);
      } else if (e.line === undefined || e.column === undefined) {
        errors.push(`invalid case "${c.name}": give the finding's line and column`);
      }
    }
  }
  const names = [...cases.valid, ...cases.invalid].map((c) => c.name);
  for (const n of new Set(names)) if (names.indexOf(n) !== names.lastIndexOf(n)) errors.push(`two cases are named "${n}"`);
  return errors;
}

function runs(c: ValidCase): [string, CaseInput][] {
  if ('code' in c) return [['', { files: { [c.file ?? 'main.tf']: c.code } }]];
  if ('files' in c) return [['', { files: c.files }]];
  if ('live' in c) return [[' (live account)', { live: c.live }]];
  if ('wiring' in c) return wiringShapes(c.wiring).map((s) => [` (${s.name})`, { files: s.files }]);
  return allShapes(c.shapes)
    .filter((s) => !c.only || c.only.includes(s.name as ShapeName))
    .map((s) => [` (${s.name})`, { files: s.files }]);
}

async function lintCase(rule: Rule, c: ValidCase, input: CaseInput) {
  const rules = recommendedRules.includes(rule) ? undefined : [...recommendedRules, rule];
  if ('live' in input) {
    // A live resource has no text: a `text` expectation never applies to it.
    return { ...scanDetails(input.live, { ...(rules ? { rules } : {}), ...c.options }), text: () => '' };
  }
  return lintTree(input.files, { ...(rules ? { rules } : {}), ...c.options });
}

const brief = (f: Finding) => `${f.ruleId}/${f.messageId} ${placeName(f.range)}:${f.range.start.line}:${f.range.start.column} ${f.message}`;

/** The actual finding, reduced to the fields the expectation names, so a mismatch diffs cleanly. */
function project(f: Finding, e: ExpectedFinding, textOf: () => string): Record<string, unknown> {
  const out: Record<string, unknown> = { messageId: f.messageId, approximate: f.range.approximate ?? false };
  if (e.line !== undefined) out.line = f.range.start.line;
  if (e.column !== undefined) out.column = f.range.start.column;
  if (e.endLine !== undefined) out.endLine = f.range.end.line;
  if (e.endColumn !== undefined) out.endColumn = f.range.end.column;
  if (e.file !== undefined) out.file = placeName(f.range);
  if (e.text !== undefined) {
    const text = textOf();
    out.text = e.text instanceof RegExp && e.text.test(text) ? e.text : text;
  }
  if (e.severity !== undefined) out.severity = f.severity;
  if (e.resource !== undefined) out.resource = f.resource;
  return out;
}

function expected(e: ExpectedFinding): Record<string, unknown> {
  const { witness: _w, says: _s, fix: _f, origin: _o, related: _r, check: _c, approximate, ...rest } = e;
  return { ...rest, approximate: approximate ?? false };
}

/**
 * Declares the tests of one rule. Call it at the top level of the rule's test file; the file then
 * also checks that its invalid cases, over all calls, exercise every message id the rule declares.
 */
export function ruleTester<M extends string>(rule: Rule<M>, cases: RuleCases<M>): void {
  const id = rule.meta.id;
  const problems = caseErrors(rule, cases);
  if (problems.length) throw new Error(`ruleTester(${id}):\n  ${problems.join('\n  ')}`);
  const first = !exercised.has(id);
  const seen = exercised.get(id) ?? new Set<string>();
  exercised.set(id, seen);
  for (const c of cases.invalid) for (const e of c.errors) seen.add(e.messageId);
  const severities = asserted.get(id) ?? new Set<Severity>();
  asserted.set(id, severities);
  for (const c of cases.invalid) for (const e of c.errors) if (e.severity) severities.add(e.severity);

  describe(id, () => {
    for (const c of cases.valid) {
      for (const [shape, input] of runs(c)) {
        it(`valid: ${c.name}${shape}`, async () => {
          const r = await lintCase(rule, c, input);
          const undecided = r.findings.filter((f) => f.ruleId === 'could-not-evaluate');
          const reported = r.findings.filter(
            (f) => f.ruleId === id || f.ruleId === 'parse-error' || (f.ruleId === 'could-not-evaluate' && !c.undecided),
          );
          expect(reported.map(brief)).toEqual([]);
          if (c.undecided) {
            // Each expected note against the actual one at its index, reduced to the fields the expectation names.
            const reduce = (f: Finding | undefined, u: Undecided) =>
              f && {
                messageId: f.messageId,
                ...(u.line !== undefined ? { line: f.range.start.line } : {}),
                ...(u.column !== undefined ? { column: f.range.start.column } : {}),
                ...(u.file !== undefined ? { file: placeName(f.range) } : {}),
              };
            expect(undecided.length, undecided.map(brief).join('\n')).toBe(c.undecided.length);
            expect(
              c.undecided.map((u, i) => reduce(undecided[i], u)),
              undecided.map(brief).join('\n'),
            ).toEqual(c.undecided);
          }
        });
      }
    }
    for (const c of cases.invalid) {
      for (const [shape, input] of runs(c)) {
        it(`invalid: ${c.name}${shape}`, async () => {
          const r = await lintCase(rule, c, input);
          const found = r.findings.filter((f) => f.ruleId === id);
          const all = r.findings.map(brief).join('\n');
          expect(found.length, `${c.errors.length} finding(s) expected; all findings:\n${all}`).toBe(c.errors.length);
          const textOf = (f: Finding) => r.text(placeName(f.range), f.range);
          const text = 'shapes' in c || 'wiring' in c ? (f: Finding) => textOf(f).replace(/\\"/g, '"') : textOf;
          const actual = found.map((f, i) => project(f, c.errors[i], () => text(f)));
          expect(actual, all).toEqual(c.errors.map(expected));
          found.forEach((f, i) => {
            const e = c.errors[i];
            for (const w of e.says ?? []) expect(f.message).toContain(w);
            for (const w of e.fix ?? []) expect(f.fix).toContain(w);
            if (e.origin) {
              const { file, line, ...rest } = e.origin;
              const o = f.origins?.[0];
              expect(o).toMatchObject(rest);
              if (file !== undefined) expect(o?.range && placeName(o.range)).toBe(file);
              if (line !== undefined) expect(o?.range?.start.line).toBe(line);
            }
            e.related?.forEach((w, k) => expect(f.related?.[k]?.message).toContain(w));
            e.check?.(f);
            if (e.witness) {
              expect(f.witness?.kind).toBe(e.witness.kind);
              for (const k of ['sub', 'aud', 'iss'] as const) if (e.witness[k]) expect(f.witness?.[k]).toMatch(e.witness[k]);
            }
          });
        });
      }
    }
    if (first) {
      it(`exercises every message id of ${id}`, () => {
        expect(Object.keys(rule.meta.messages).filter((m) => !seen.has(m))).toEqual([]);
      });
      // The default severity and each one the meta declares a finding may take (meta.severities).
      it(`asserts every severity ${id} declares`, () => {
        expect(declaredSeverities(rule.meta).filter((s) => !severities.has(s))).toEqual([]);
      });
    }
  });
}
