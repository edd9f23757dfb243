// Runs rules over the model, applies per-rule settings, and sorts the findings.
import type { Project } from '../model/types.js';
import { type Range, compareRanges, placeName, rangeContains, endOffsetOf, startOffsetOf } from '../core/source.js';
import { unitOf } from '../model/link.js';
import internalError, { INTERNAL_ERROR, reasonOf } from './rule-crash.js';
import { type Finding, type FindingInput, type Severity, formatMessage, severityRank } from '../core/finding.js';
import { type Rule, type RuleSettings } from '../model/rule.js';
import { findingSeverity } from '../core/finding.js';

export interface RunOptions {
  /** Severity override or 'off' per rule id. */
  severities?: Record<string, Severity | 'off'>;
  /** Options per rule id. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  settings?: RuleSettings;
}

export function runRules(project: Project, rules: Rule[], run: RunOptions = {}): Finding[] {
  const settings = run.severities ?? {};
  const findings: Finding[] = [];
  const assumed = assumptionsByResource(project);
  // A crash of any rule is reported by internal-error, which therefore runs last, always, and
  // cannot be turned off (rules/internal-error.ts).
  const ordered = [...rules.filter((r) => r.meta.id !== INTERNAL_ERROR), internalError as Rule];
  for (const rule of ordered) {
    const setting = rule.meta.id === INTERNAL_ERROR ? undefined : settings[rule.meta.id];
    if (setting === 'off') continue;
    const report = (input: FindingInput<string>) => {
      const messages = rule.meta.messages;
      // As in ESLint: a message id the meta does not declare is the rule's bug, not a message.
      if (!Object.hasOwn(messages, input.messageId))
        throw new Error(`reported message id "${input.messageId}", which its meta does not declare`);
      const template = messages[input.messageId];
      const finding: Finding = {
        ruleId: rule.meta.id,
        // Also a rule's bug: a severity its meta does not declare (meta.severities).
        severity: findingSeverity(rule.meta, setting, input.severity),
        message: formatMessage(template, input.data),
        messageId: input.messageId,
        range: input.range,
        docsUrl: rule.docsUrl,
      };
      for (const k of ['witness', 'origins', 'callChain', 'related', 'fix', 'fixData', 'resource'] as const) {
        const v = input[k];
        if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (finding as unknown as Record<string, unknown>)[k] = v;
      }
      const assumptions = [...(input.resource ? (assumed.get(`${unitOf(input)}\0${input.resource}`) ?? []) : [])];
      for (const a of input.assumptions ?? []) if (!assumptions.includes(a)) assumptions.push(a);
      if (assumptions.length) finding.assumptions = assumptions;
      findings.push(finding);
    };
    try {
      rule.check({ project, report, settings: run.settings ?? {}, options: run.ruleOptions?.[rule.meta.id] ?? {} });
    } catch (err) {
      // One rule's bug must not hide the other rules' findings; the findings it made before it
      // threw are kept.
      project.diagnostics.push({
        code: INTERNAL_ERROR,
        severity: 'error',
        message: `Rule ${rule.meta.id} crashed, so its findings are missing: ${reasonOf(err)}`,
      });
    }
  }
  return sortFindings(mergeCovered(dedupe(findings), rules));
}

const within = (a: Range, b: Range) => rangeContains(b, a);

/**
 * A finding of a rule whose meta says another rule's finding covers it (`coveredBy`), on the same
 * element and place (one range inside the other): the same problem, reported once by the covering
 * rule, which keeps what this one said as a related note. Where the covering rule is off or did
 * not fire, the finding stands on its own.
 */
function mergeCovered(findings: Finding[], rules: Rule[]): Finding[] {
  const coveredBy = new Map(rules.filter((r) => r.meta.coveredBy?.length).map((r) => [r.meta.id, r.meta.coveredBy!]));
  if (!coveredBy.size) return findings;
  const dropped = new Set<Finding>();
  for (const f of findings) {
    const by = coveredBy.get(f.ruleId);
    if (!by) continue;
    const cover = findings.find(
      (g) =>
        g !== f &&
        !dropped.has(g) &&
        by.includes(g.ruleId) &&
        g.resource === f.resource &&
        (within(f.range, g.range) || within(g.range, f.range)),
    );
    if (!cover) continue;
    dropped.add(f);
    cover.related = [
      ...(cover.related ?? []),
      { message: `also: ${f.message.replace(/^./, (c) => c.toLowerCase())} (${f.ruleId})`, range: f.range },
    ];
  }
  return dropped.size ? findings.filter((f) => !dropped.has(f)) : findings;
}

/**
 * What the scan assumed for each element a finding can name (by address or id), within its root
 * module: two roots may declare the same address, and one's assumptions are not the other's. Keyed
 * by the root's directory and, for a finding that names no call chain, by the element's own file's
 * directory. An attachment also rests on what was assumed for its role.
 */
function assumptionsByResource(project: Project): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (
    e: { range: Finding['range']; callChain?: { range: Finding['range'] }[] },
    key: string | undefined,
    list: string[] | undefined,
  ) => {
    if (!key || !list?.length) return;
    for (const place of new Set([unitOf(e), unitOf({ range: e.range })])) {
      const k = `${place}\0${key}`;
      const have = out.get(k) ?? [];
      out.set(k, [...have, ...list.filter((a) => !have.includes(a))]);
    }
  };
  const elements = [
    ...project.providers,
    ...project.policies,
    ...(project.tfeWorkspaces ?? []),
    ...(project.tfeProjects ?? []),
    ...(project.variableSets ?? []),
    ...(project.workspaceVariables ?? []),
    ...(project.iamUsers ?? []),
    ...(project.accessKeys ?? []),
  ];
  for (const e of elements) add(e, e.address ?? e.id, e.assumptions);
  for (const role of project.roles) {
    add(role, role.address ?? role.id, role.assumptions);
    for (const a of role.attachments) {
      add(a, a.address, a.assumptions);
      add(a, a.address, role.assumptions);
    }
  }
  return out;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${placeName(f.range)}\0${startOffsetOf(f.range)}\0${endOffsetOf(f.range)}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compareRanges(a.range, b.range) ||
      severityRank(b.severity) - severityRank(a.severity) ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
