// Rewrites the head of every rule doc (rules/<id>.md: title, severity line, description) from the
// rule's meta (run after `npm run build`); rules/meta.test.ts fails while a head differs.
import { readFileSync, writeFileSync } from 'node:fs';

const { rules } = await import('../dist/rules/index.js');
const { ruleDocHeader } = await import('../dist/src/report/rule-doc-header.js');
let changed = 0;
for (const rule of rules) {
  const path = `rules/${rule.meta.id}.md`;
  const text = readFileSync(path, 'utf8');
  const header = ruleDocHeader(rule);
  if (text.startsWith(header)) continue;
  // The old head: the title and the paragraph holding **Severity:**, and the description if it follows.
  const rest = text.replace(/^# [^\n]*\n\n(\*\*Severity:\*\*[\s\S]*?\n\n)?/, '');
  const body = rest.startsWith(`${rule.meta.description}\n\n`) ? rest.slice(rule.meta.description.length + 2) : rest;
  writeFileSync(path, header + body);
  changed++;
}
console.log(`${changed} of ${rules.length} rule doc heads rewritten`);
