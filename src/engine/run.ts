// Runs rules over the model, applies per-rule settings, and sorts the findings.
import type { Project } from '../model/types.js';
import { compareRanges } from '../core/source.js';
import { type Finding, type FindingInput, type Severity, findingSeverity, formatMessage, severityRank } from '../core/finding.js';
import { type Rule, type RuleSettings } from '../model/rule.js';

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
  for (const rule of rules) {
    const setting = settings[rule.meta.id];
    if (setting === 'off') continue;
    const report = (input: FindingInput<string>) => {
      const messages = rule.meta.messages as Record<string, string>;
      // As in ESLint: a message id the meta does not declare is the rule's bug, not a message.
      if (!Object.hasOwn(messages, input.messageId)) throw new Error(`reported message id "${input.messageId}", which its meta does not declare`);
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
      findings.push(finding);
    };
    try {
      rule.check({ project, report, settings: run.settings ?? {}, options: run.ruleOptions?.[rule.meta.id] ?? {} });
    } catch (err) {
      // One rule's bug must not hide the other rules' findings.
      const e = err as Error;
      project.diagnostics.push({ code: 'evaluation', severity: 'error', message: `rule ${rule.meta.id} failed: ${e.message}` });
    }
  }
  return sortFindings(dedupe(findings));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.range.file}\0${f.range.start.offset}\0${f.range.end.offset}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => compareRanges(a.range, b.range) || severityRank(b.severity) - severityRank(a.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}
