// Rewrites the rule table in docs/rules.md from the registry (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';

const { rules } = await import('../dist/rules/index.js');
const rows = rules.map(
  (r) => `| [\`${r.meta.id}\`](../rules/${r.meta.id}.md) | ${r.meta.severity}${r.meta.optIn ? ' (opt-in)' : ''} | ${r.meta.description} |`,
);
const table = ['| rule | default severity | what it finds |', '|---|---|---|', ...rows].join('\n');
const readme = readFileSync('docs/rules.md', 'utf8');
const next = readme.replace(/(<!-- BEGIN rule table -->\n)[\s\S]*?(<!-- END rule table -->)/, `$1${table}\n$2`);
writeFileSync('docs/rules.md', next);
console.log(`${rules.length} rules in the docs/rules.md table`);
