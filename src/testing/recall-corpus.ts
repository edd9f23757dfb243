// The recall corpus: realistic Terraform layouts in fixtures/recall/<case>/, each with an
// expect.yaml naming the findings a reviewer would mark (rule, file, line). Shared by
// test/recall.test.ts (every label must be found; a clean control stays quiet) and `npm run recall`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { lint } from '../engine/lint.js';
import { severityRank, type Finding } from '../core/finding.js';
import { placeName } from '../core/source.js';

export interface RecallLabel {
  rule: string;
  /** Relative to the case folder, forward slashes. */
  file: string;
  line: number;
}

export interface RecallCase {
  name: string;
  dir: string;
  description: string;
  /** Paths to lint, relative to the case folder (default: the folder itself). */
  paths: string[];
  varFiles: string[];
  vars: Record<string, string>;
  findings: RecallLabel[];
  /** The labels are all there should be: an unlabelled finding at low or above fails the case (a precision control). */
  exhaustive: boolean;
}

export interface RecallOutcome {
  case: RecallCase;
  found: RecallLabel[];
  missed: RecallLabel[];
  /** Findings at severity low or above that no label names. */
  extra: Finding[];
}

/** Findings at this severity or above count: `info` notes never make a clean control noisy. */
const COUNTED = severityRank('low');

export const counts = (f: Finding) => severityRank(f.severity) >= COUNTED;

/** Every case folder under `root` (a folder with an expect.yaml), sorted by name. */
export function loadRecallCases(root: string): RecallCase[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => statSync(join(root, n)).isDirectory())
    .sort()
    .map((n) => loadRecallCase(join(root, n)));
}

export function loadRecallCase(dir: string): RecallCase {
  const file = join(dir, 'expect.yaml');
  if (!existsSync(file)) throw new Error(`${file}: missing (each recall case folder needs an expect.yaml)`);
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  if (!doc || typeof doc !== 'object') fail('expected a mapping with description and findings');
  if (typeof doc!.description !== 'string' || !doc!.description.trim()) fail('description: one line saying what the case models');
  if (!Array.isArray(doc!.findings)) fail('findings: a list (use [] for a clean control)');
  const findings = (doc!.findings as unknown[]).map((f, i) => {
    const l = f as Partial<RecallLabel> | null;
    if (!l || typeof l.rule !== 'string' || typeof l.file !== 'string' || typeof l.line !== 'number') {
      return fail(`findings[${i}]: needs rule (string), file (string) and line (number)`);
    }
    if (!existsSync(join(dir, l.file))) fail(`findings[${i}]: file ${l.file} does not exist in the case folder`);
    return { rule: l.rule, file: l.file, line: l.line };
  });
  if (doc!.exhaustive !== undefined && typeof doc!.exhaustive !== 'boolean') fail('exhaustive: true or false');
  const options = (doc!.options ?? {}) as { paths?: unknown; varFiles?: unknown; vars?: unknown };
  const strings = (v: unknown, name: string): string[] =>
    v === undefined ? [] : Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : fail(`options.${name}: a list of strings`);
  const vars = options.vars ?? {};
  if (typeof vars !== 'object' || Array.isArray(vars)) fail('options.vars: a mapping of name to value');
  return {
    name: dir.split(/[\\/]/).pop()!,
    dir,
    description: doc!.description as string,
    paths: strings(options.paths, 'paths'),
    varFiles: strings(options.varFiles, 'varFiles'),
    vars: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    findings,
    exhaustive: doc!.exhaustive === true || findings.length === 0,
  };
}

const sameLabel = (f: Finding, l: RecallLabel) => f.ruleId === l.rule && placeName(f.range) === l.file && f.range.start.line === l.line;

/** Lint one case as the CLI would from inside its folder, with an empty environment. */
export async function runRecallCase(c: RecallCase): Promise<RecallOutcome> {
  const cwd = resolve(c.dir);
  const result = await lint(c.paths.length ? c.paths : ['.'], { cwd, env: {}, varFiles: c.varFiles, vars: c.vars });
  const found = c.findings.filter((l) => result.findings.some((f) => sameLabel(f, l)));
  const missed = c.findings.filter((l) => !found.includes(l));
  const extra = result.findings.filter((f) => counts(f) && !c.findings.some((l) => sameLabel(f, l)));
  return { case: c, found, missed, extra };
}

export const labelText = (l: RecallLabel) => `${l.rule} ${l.file}:${l.line}`;
