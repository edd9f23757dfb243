// The head of a rule doc (rules/<id>.md), written from the rule's meta, so the doc cannot drift from it.
import { type RuleMeta, ruleIssuersText, severityText } from '../core/finding.js';

/**
 * The head of rules/<id>.md: title, one line with the severities (default first), whether the
 * recommended set turns it on, the issuers, then the description. rules/meta.test.ts holds every
 * doc to it; `npm run build && node scripts/rule-headers.mjs` rewrites the heads.
 */
export function ruleDocHeader(rule: { meta: RuleMeta<string> }): string {
  const { meta } = rule;
  const on = meta.optIn ? `no (opt in: \`"${meta.id}": "${meta.severity}"\`)` : 'yes';
  return `# ${meta.id}\n\n**Severity:** ${severityText(meta)} · **In the recommended set:** ${on} · **Issuers:** ${ruleIssuersText(rule)}\n\n${meta.description}\n\n`;
}
