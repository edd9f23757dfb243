// The rule docs shipped with the package (rules/<id>.md), for --explain and SARIF's help text.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RuleMeta, ruleIssuersText, severityText } from '../core/finding.js';

/** The package root: the first ancestor of this file (src/ or dist/src/) with our package.json. */
export function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'tfc-oidc-lint') return dir;
    } catch {
      // not here; keep walking up
    }
  }
  return undefined;
}

/** The markdown doc of a rule, or undefined when the id is not a file name or the doc is missing. */
export function readRuleDoc(id: string): string | undefined {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return undefined;
  const root = packageRoot();
  if (!root) return undefined;
  try {
    return readFileSync(join(root, 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The head of rules/<id>.md, written from the rule's meta: title, one line with the severities
 * (default first), whether the recommended set turns it on, the issuers, then the description.
 * rules/meta.test.ts holds every doc to it; `npm run build && node scripts/rule-headers.mjs`
 * rewrites the heads.
 */
export function ruleDocHeader(rule: { meta: RuleMeta<string> }): string {
  const { meta } = rule;
  const on = meta.optIn ? `no (opt in: \`"${meta.id}": "${meta.severity}"\`)` : 'yes';
  return `# ${meta.id}\n\n**Severity:** ${severityText(meta)} · **In the recommended set:** ${on} · **Issuers:** ${ruleIssuersText(rule)}\n\n${meta.description}\n\n`;
}
