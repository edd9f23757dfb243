// After the rules ran: inline suppression comments, the config's `ignore` list and the baseline.
// Suppressed findings are kept (with why) rather than dropped, so SARIF and JSON can show them.
// The engine, not a rule, reports broken and unused suppressions: only it sees which findings
// each comment matched. The two rules (rules/invalid-suppression.ts, rules/unused-suppression.ts)
// carry their meta, docs and config key; their check() is empty.
import { isAbsolute, resolve } from 'node:path';
import picomatch from 'picomatch';
import { posixRelative } from '../discover/paths.js';
import { type Range, type SourceFile, isLive, rangeContains } from '../core/source.js';
import invalidSuppression from '../../rules/invalid-suppression.js';
import unusedSuppression from '../../rules/unused-suppression.js';
import { findRule, rules as registryRules } from '../../rules/index.js';
import { didYouMean } from './suggest.js';
import { BASELINE_JUSTIFICATION, fingerprint, matchBaseline } from './baseline.js';
import { findDirectives, type Directive } from './directives.js';
import { type Finding, type Severity, findingSeverity, formatMessage } from '../core/finding.js';
import { type Rule } from '../model/rule.js';
import { sortFindings } from './run.js';
import type { LintOptions } from './types.js';

const allRuleIds = () => registryRules.map((r) => r.meta.id);

export interface SuppressContext {
  files: Map<string, SourceFile>;
  cwd: string;
  /** The rules that ran (before severity settings). */
  rules: Rule[];
  options: Pick<LintOptions, 'ruleSettings' | 'ignore' | 'ignoreBase' | 'baseline' | 'inlineSuppressions' | 'fingerprintRoot'>;
}

type Suppression = NonNullable<Finding['suppressions']>[number];

function suppress(f: Finding, s: Suppression): void {
  (f.suppressions ??= []).push(s);
}

/** A finding of one of the two suppression rules, when that rule is on. */
function engineFinding(
  rule: Rule,
  ctx: SuppressContext,
  messageId: string,
  data: Record<string, string>,
  d: Directive,
): Finding | undefined {
  const setting: Severity | 'off' | undefined = ctx.options.ruleSettings?.[rule.meta.id];
  if (setting === 'off' || !ctx.rules.some((r) => r.meta.id === rule.meta.id)) return undefined;
  const template = rule.meta.messages[messageId];
  return {
    ruleId: rule.meta.id,
    severity: findingSeverity(rule.meta, setting),
    message: formatMessage(template, data),
    messageId,
    range: d.comment,
    related: [{ message: 'the construct it covers', range: d.target }],
    fix:
      messageId === 'unused'
        ? 'Remove the comment, or the rule ids that no longer match anything'
        : 'Write `# tfc-oidc-lint-ignore <rule-id>[, <rule-id>]: <reason>`',
    docsUrl: rule.docsUrl,
  };
}

/** Check each directive's form; returns the findings about broken ones and the usable ones. */
function checkDirectives(directives: Directive[], ctx: SuppressContext): { usable: Directive[]; problems: Finding[] } {
  const usable: Directive[] = [];
  const problems: Finding[] = [];
  const report = (d: Directive, id: string, data: Record<string, string> = {}) => {
    const f = engineFinding(invalidSuppression, ctx, id, data, d);
    if (f) problems.push(f);
  };
  for (const d of directives) {
    const unknown = d.ruleIds.filter((id) => !findRule(id));
    if (!d.ruleIds.length) report(d, 'noRule');
    else if (unknown.length) report(d, 'unknownRule', { ids: unknown.map((i) => `"${i}"${didYouMean(i, allRuleIds())}`).join(', ') });
    // Without a reason the comment does not suppress: a silent skip is what a reviewer must see.
    if (!d.reason) report(d, 'noReason');
    const known = d.ruleIds.filter((id) => findRule(id));
    if (known.length && d.reason) usable.push({ ...d, ruleIds: known });
  }
  return { usable, problems };
}

async function applyInline(findings: Finding[], ctx: SuppressContext): Promise<Finding[]> {
  const directives: Directive[] = [];
  for (const file of ctx.files.values()) for (const x of await findDirectives(file)) directives.push(x);
  if (!directives.length) return [];
  const { usable, problems } = checkDirectives(directives, ctx);
  const used = new Map<Directive, Set<string>>(usable.map((d) => [d, new Set()]));
  for (const f of findings) {
    for (const d of usable) {
      if (!d.ruleIds.includes(f.ruleId) || !rangeContains(d.target, f.range)) continue;
      suppress(f, { kind: 'inSource', justification: d.reason, location: d.comment });
      used.get(d)!.add(f.ruleId);
    }
  }
  const ran = new Set(ctx.rules.filter((r) => ctx.options.ruleSettings?.[r.meta.id] !== 'off').map((r) => r.meta.id));
  for (const [d, hit] of used) {
    // A rule that did not run (--rule, "off") cannot show that its suppression is stale.
    const stale = d.ruleIds.filter((id) => ran.has(id) && !hit.has(id));
    if (!stale.length) continue;
    const f = engineFinding(unusedSuppression, ctx, 'unused', { ids: stale.map((i) => `"${i}"`).join(', ') }, d);
    if (f) problems.push(f);
  }
  return problems;
}

/** A file's path relative to `base` (forward slashes), as ignore globs and fingerprints name it; a live resource's ARN. */
function pathFrom(base: string, r: Range, ctx: SuppressContext): string {
  if (isLive(r)) return r.arn;
  return posixRelative(base, ctx.files.get(r.file)?.absPath ?? (isAbsolute(r.file) ? r.file : resolve(ctx.cwd, r.file)));
}

function applyIgnoreList(findings: Finding[], ctx: SuppressContext): void {
  const entries = ctx.options.ignore ?? [];
  if (!entries.length) return;
  const base = ctx.options.ignoreBase ?? ctx.cwd;
  const matchers = entries.map((e) => ({ e, match: picomatch(e.path, { dot: true }) }));
  for (const f of findings) {
    const rel = pathFrom(base, f.range, ctx);
    for (const { e, match } of matchers) {
      if ((e.rule === '*' || e.rule === f.ruleId) && match(rel)) suppress(f, { kind: 'external', justification: e.reason });
    }
  }
}

/**
 * Apply inline comments, the config's ignore list and the baseline to the rules' findings, add
 * the suppression rules' own findings, and fingerprint everything. Never throws.
 */
export async function applySuppressions(ran: Finding[], ctx: SuppressContext): Promise<{ findings: Finding[]; suppressed: Finding[] }> {
  const all = [...ran];
  if (ctx.options.inlineSuppressions !== false) for (const x of await applyInline(ran, ctx)) all.push(x);
  applyIgnoreList(all, ctx);
  const root = ctx.options.fingerprintRoot;
  const fingerprintPath = root ? (f: Finding) => pathFrom(root, f.range, ctx) : undefined;
  for (const f of all) f.fingerprint ??= fingerprint(f, ctx.files, fingerprintPath?.(f));
  let open = all.filter((f) => !f.suppressions?.length);
  if (ctx.options.baseline) {
    const { matched, rest } = matchBaseline(open, ctx.options.baseline);
    for (const f of matched) suppress(f, { kind: 'external', justification: BASELINE_JUSTIFICATION });
    open = rest;
  }
  return { findings: sortFindings(open), suppressed: sortFindings(all.filter((f) => f.suppressions?.length)) };
}
