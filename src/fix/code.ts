// --fix-code: the findings' fixes applied to the files (docs/fix-code.md). Like ESLint's
// multipass fixer: lint, take every edit that does not overlap another, apply, lint again, until
// nothing is left to do. Everything happens on a private copy of the scanned files; the result is
// checked with the same engine — it parses, no targeted finding is left, nothing new at medium or
// above appears, and the fixed trust admits no token the current one rejects — before a single
// file of the user's is written, and then all of them are written or none.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import type { FixValues, SourceEdit, UndecidedValue } from '../core/fix.js';
import { isLive, placeName, rangeIn, endOffsetOf, startOffsetOf } from '../core/source.js';
import { lint } from '../engine/lint.js';
import { type Finding, severityRank } from '../core/finding.js';
import type { LintOptions, LintResult } from '../engine/types.js';
import type { Project } from '../model/types.js';
import {
  type Tri,
  analyzeRoleTrust,
  evaluatePolicy,
  formatSub,
  parseSub,
  patternFields,
  placeholderMatch,
  terraformTrusts,
} from '../trust/index.js';
import { hasOpaque } from '../trust/pattern.js';
import { applyEdits, byFile, chooseEdits } from './source-fixer.js';

export interface FixCodeOptions {
  paths: string[];
  /** How to lint (cwd, vars, var files, rules, config); the cache is not used. */
  lint: LintOptions & { cwd: string };
  values: FixValues;
  /** Passes of lint → edit → lint; ESLint stops at 10. */
  maxPasses?: number;
}

export interface FileChange {
  /** Display path. */
  file: string;
  absPath: string;
  before: string;
  after: string;
}

export interface FixCodeResult {
  changes: FileChange[];
  /** Fixes that wait for a flag. */
  undecided: { finding: Finding; undecided: UndecidedValue[] }[];
  /** Decided fixes with no edit, and why. */
  unedited: { finding: Finding; why: string }[];
  /** Why the edits are refused; when any, nothing may be written. */
  refused: string[];
  /** Why the edits of a follow-up pass were left out (the earlier edits stand). */
  skipped: string[];
  before: LintResult;
  /** The lint of the fixed copy. */
  after?: LintResult;
}

const at = (f: Finding) => `${placeName(f.range)}:${f.range.start.line}:${f.range.start.column}`;
/** The same problem: rule, element and sentence (a fixed value changes the sentence). */
const sameProblem = (f: Finding) => `${f.ruleId}\0${f.resource ?? ''}\0${f.message}`;
const all = (r: LintResult) => [...r.findings, ...(r.suppressed ?? [])];

/** A copy of the scanned files under a private directory, addressed by the original display paths. */
class Mirror {
  readonly root = mkdtempSync(join(tmpdir(), 'tfc-oidc-lint-fix-code-'));
  private readonly abs = new Map<string, string>();

  constructor(readonly before: LintResult) {
    for (const [display, file] of before.files) {
      if (!isAbsolute(file.absPath)) continue;
      this.abs.set(display, file.absPath);
      this.write(display, file.text);
    }
  }
  path(abs: string): string {
    return join(this.root, abs);
  }
  write(display: string, text: string): void {
    const target = this.path(this.abs.get(display)!);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  copy(abs: string): void {
    mkdirSync(dirname(this.path(abs)), { recursive: true });
    copyFileSync(abs, this.path(abs));
  }
  has(display: string): boolean {
    return this.abs.has(display);
  }
  absOf(display: string): string {
    return this.abs.get(display)!;
  }
  /** Display paths outside the working directory are absolute: map the copy's back to the original's. */
  original(display: string): string {
    return display.startsWith(this.root + '/') ? display.slice(this.root.length) : display;
  }
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Findings and files of a lint of the copy, with the original display paths. */
function unmirror(r: LintResult, m: Mirror): LintResult {
  const fix = (f: Finding): Finding => {
    // A live resource's range is no path in the copy.
    const range = isLive(f.range) ? f.range : rangeIn(f.range, m.original(f.range.file));
    if (placeName(range) === placeName(f.range) && !f.fixData?.edits?.some((e) => m.original(e.file) !== e.file)) return f;
    const edits = f.fixData?.edits?.map((e) => ({ ...e, file: m.original(e.file), range: rangeIn(e.range, m.original(e.file)) }));
    return { ...f, range, ...(f.fixData ? { fixData: { ...f.fixData, ...(edits ? { edits } : {}) } } : {}) };
  };
  return {
    ...r,
    findings: r.findings.map(fix),
    suppressed: r.suppressed?.map(fix),
    files: new Map([...r.files].map(([k, v]) => [m.original(k), v])),
  };
}

/** Does the role `id` of `project` admit this token? 'unknown' when the engine cannot decide. */
export function admits(project: Project, id: string, host: string, token: { sub: string; aud: string }): Tri {
  const role = project.roles.find((r) => r.id === id);
  if (!role?.trust) return 'unknown';
  const issuer = analyzeRoleTrust(role, project).issuers.find((i) => i.host === host);
  if (!issuer) return false;
  if (!issuer.evaluation) return 'unknown';
  return evaluatePolicy(issuer.evaluation.statements, token, issuer.evaluation.ctx).allowed;
}

/** Placeholder names the fix replaces by real ones (`YOUR_ORG_NAME` → acme), per field: new → old. */
type Renames = Partial<Record<'organization' | 'project' | 'workspace' | 'aud', Map<string, string>>>;

function placeholderRenames(findings: Finding[]): Renames {
  const out: Renames = {};
  for (const f of findings) {
    const t = f.fixData?.target;
    if (!f.fixData?.edits?.length) continue;
    // An audience that the provider does not list admits no token at all (STS rejects it): the one it lists stands in for it.
    if (t?.kind === 'set-aud' && t.audience !== undefined) (out.aud ??= new Map()).set(t.audience, t.current);
    if (t?.kind !== 'pin-sub') continue;
    const old = new Map(patternFields(t.current).fields.map((x) => [x.keyword as string, x.value]));
    for (const field of ['organization', 'project', 'workspace'] as const) {
      const was = old.get(field);
      const now = t[field];
      if (was && now && was !== now && placeholderMatch(was)) (out[field] ??= new Map()).set(now, was);
    }
  }
  return out;
}

/**
 * Tokens the fixed trust admits that the earlier one certainly rejects. A placeholder stands for
 * the real name the user gives (that is the finding's point), and an audience the provider does
 * not list for the one it does, so a token is compared with the old value put back in its place.
 */
function widened(before: Project, after: Project, renames: Renames): string[] {
  const out: string[] = [];
  for (const { role, trust } of terraformTrusts(after)) {
    if (!trust.host) continue;
    for (const t of trust.search?.accepted ?? []) {
      if (hasOpaque(t.aud) || t.sub.includes('${')) continue;
      const claim = parseSub(t.sub);
      let sub = t.sub;
      if (claim) {
        for (const field of ['organization', 'project', 'workspace'] as const) {
          const was = claim[field] !== undefined ? renames[field]?.get(claim[field]) : undefined;
          if (was) claim[field] = was;
        }
        sub = formatSub(claim);
      }
      if (admits(before, role.id, trust.host, { sub, aud: renames.aud?.get(t.aud) ?? t.aud }) === false)
        out.push(`role "${role.label}" would admit sub "${t.sub}" (aud "${t.aud}"), which it does not today`);
    }
  }
  return out;
}

const SCOPE_RULES = new Set([
  'no-wildcard-organization',
  'no-wildcard-project',
  'no-wildcard-workspace',
  'no-wildcard-run-phase',
  'no-placeholder-scope',
  'require-sub-condition',
  'sub-admits-other-run-kinds',
]);

/** A problem of one element: rule and element (its sentence may change with the values). */
const sameElement = (f: Finding) => `${f.ruleId}\0${f.resource ?? placeName(f.range)}`;

/**
 * The checks between two states of the files (docs/fix-code.md, "Safe"): the edits break no
 * parsing, bring no new finding at medium or above, leave none of the findings they target, and
 * let in no token that the earlier state certainly rejects.
 */
function refusals(before: LintResult, after: LintResult, targeted: Finding[], renames: Renames): string[] {
  const out: string[] = [];
  const had = new Set(all(before).map(sameProblem));
  const hadElement = new Set(all(before).map(sameElement));
  const has = new Set(all(after).map(sameProblem));
  // A scope rule stands in for the narrower ones while its dimension is open (an open organization
  // hides the run phase): pinning it reveals them; that is not a new problem.
  const scoped = new Set(
    all(before)
      .filter((f) => SCOPE_RULES.has(f.ruleId))
      .map((f) => f.resource),
  );
  for (const f of after.findings) {
    if (had.has(sameProblem(f))) continue;
    if (f.ruleId === 'parse-error') out.push(`the edits would break parsing: ${f.message} (${at(f)})`);
    else if (
      !hadElement.has(sameElement(f)) &&
      !(SCOPE_RULES.has(f.ruleId) && scoped.has(f.resource)) &&
      severityRank(f.severity) >= severityRank('medium')
    )
      out.push(`the edits would bring a new ${f.severity} finding, ${f.ruleId}: ${f.message} (${at(f)})`);
  }
  for (const f of targeted) if (has.has(sameProblem(f))) out.push(`the edits would leave ${f.ruleId} at ${at(f)}: ${f.message}`);
  out.push(...widened(before.project, after.project, renames));
  return [...new Set(out)];
}

const editKey = (e: SourceEdit) => `${e.file}\0${startOffsetOf(e.range)}\0${endOffsetOf(e.range)}\0${e.text}`;

export async function fixCode(o: FixCodeOptions): Promise<FixCodeResult> {
  const options: LintOptions = { ...o.lint, fixValues: o.values, cache: false };
  const before = await lint(o.paths, options);
  const result: FixCodeResult = { changes: [], undecided: [], unedited: [], refused: [], skipped: [], before };
  for (const f of before.findings) {
    if (f.fixData?.undecided?.length) result.undecided.push({ finding: f, undecided: f.fixData.undecided });
    else if (f.fixData?.noEdits) result.unedited.push({ finding: f, why: f.fixData.noEdits });
  }
  if (!before.findings.some((f) => f.fixData?.edits?.length)) return result;

  const mirror = new Mirror(before);
  try {
    for (const v of o.lint.varFiles ?? []) mirror.copy(resolve(o.lint.cwd, v));
    const copyOptions: LintOptions = {
      ...options,
      cwd: mirror.path(o.lint.cwd),
      ...(o.lint.ignoreBase ? { ignoreBase: mirror.path(resolve(o.lint.cwd, o.lint.ignoreBase)) } : {}),
    };
    const paths = o.paths.map((p) => (isAbsolute(p) ? mirror.path(p) : p));
    let texts = new Map<string, string>();
    let current = before;
    const renames = placeholderRenames(before.findings);
    for (let pass = 0; pass < (o.maxPasses ?? 10); pass++) {
      const fixable = current.findings.filter((f) => f.fixData?.edits?.length);
      const { accepted } = chooseEdits(fixable.flatMap((f) => f.fixData!.edits!).filter((e) => mirror.has(e.file)));
      if (!accepted.length) break;
      const taken = new Set(accepted.map(editKey));
      // A finding whose every edit is made now must be gone after this pass; one that overlapped another waits.
      const targeted = fixable.filter((f) => f.fixData!.edits!.every((e) => taken.has(editKey(e))));
      const next = new Map(texts);
      for (const [file, edits] of byFile(accepted)) {
        const text = applyEdits(next.get(file) ?? current.files.get(file)!.text, edits);
        next.set(file, text);
        mirror.write(file, text);
      }
      const relinted = unmirror(await lint(paths, copyOptions), mirror);
      // Placeholders stand for the names given only against the code as it was written (pass 1).
      const problems = refusals(current, relinted, targeted, pass === 0 ? renames : {});
      if (problems.length) {
        // The first pass is what the findings ask for: refused whole. A later pass only follows up
        // (StringLike → StringEquals once no wildcard is left): its edits are left out, the rest stands.
        if (pass === 0) result.refused = problems;
        else {
          result.skipped = problems;
          for (const file of next.keys()) mirror.write(file, texts.get(file) ?? current.files.get(file)!.text);
        }
        break;
      }
      texts = next;
      current = relinted;
    }
    result.after = current;
    if (result.refused.length) return result;
    for (const [file, after] of texts) {
      const was = before.files.get(file)!.text;
      if (after !== was) result.changes.push({ file, absPath: mirror.absOf(file), before: was, after });
    }
    result.changes.sort((a, b) => (a.file < b.file ? -1 : 1));
    return result;
  } finally {
    mirror.remove();
  }
}

/**
 * Writes every change, or none: each file goes to a temporary sibling first (with the file's
 * mode), then all are renamed over the originals. A symbolic link keeps pointing at its file.
 */
export function writeChanges(changes: FileChange[]): void {
  const staged: { tmp: string; abs: string }[] = [];
  try {
    for (const c of changes) {
      const abs = realpathSync(c.absPath);
      const tmp = `${abs}.tfc-oidc-lint-${process.pid}.tmp`;
      writeFileSync(tmp, c.after);
      chmodSync(tmp, statSync(abs).mode & 0o7777);
      staged.push({ tmp, abs });
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw e;
  }
  for (const s of staged) renameSync(s.tmp, s.abs);
}

/** A unified diff of the changes, one file after the other. */
export function unifiedDiff(changes: FileChange[]): string {
  return changes
    .map((c) =>
      createTwoFilesPatch(`a/${c.file}`, `b/${c.file}`, c.before, c.after, undefined, undefined, {
        context: 3,
        headerOptions: FILE_HEADERS_ONLY,
      }),
    )
    .join('');
}
