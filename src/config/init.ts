// `--init`: a commented starter config. YAML, because a starter needs comments and JSON has none.
import type { Rule } from '../model/rule.js';

export const INIT_FILE = '.tfc-oidc-lint.yaml';

export function starterConfig(rules: Rule[]): string {
  const ruleLines = rules.map((r) => `  # ${r.meta.id}: ${r.meta.optIn ? 'off' : r.meta.severity}${r.meta.optIn ? '   # opt-in' : ''}`);
  return [
    '# tfc-oidc-lint configuration. Found by searching upward from the scanned directory;',
    '# `tfc-oidc-lint --print-config` shows what applies, `--explain <rule-id>` what a rule checks.',
    '',
    '# What your team trusts. Rules such as unexpected-organization report trust outside these lists.',
    '# organizations: [acme]',
    '# projects: [infra]',
    '# hostnames: [app.terraform.io]',
    '',
    '# Per rule: "off", a severity (critical, high, medium, low, info) or [severity, { options }].',
    '# Uncomment a line to change it; the values shown are the defaults.',
    'rules:',
    ...ruleLines,
    '',
    '# Suppress a rule on files that cannot hold comments (JSON), with the reason. Paths are globs',
    '# relative to this file. In .tf files prefer `# tfc-oidc-lint-ignore <rule-id>: <reason>`.',
    'ignore: []',
    '#  - rule: no-wildcard-workspace',
    '#    path: "iam/legacy-*.json"',
    '#    reason: "legacy role, removed in Q3 (TICKET-123)"',
    '',
  ].join('\n');
}
