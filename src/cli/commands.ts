// The commands that print something instead of linting: --list-rules, --explain, --print-config, --init.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ruleIssuers, ruleIssuersText } from '../core/finding.js';
import { type Rule } from '../model/rule.js';
import { INIT_FILE, starterConfig } from '../config/init.js';
import { readRuleDoc } from '../report/rule-docs.js';
import { didYouMean } from '../engine/suggest.js';
import { UsageError } from './usage-error.js';
import type { Output } from './options.js';

export function listRules(rules: Rule[], format: string, out: Output): void {
  if (format === 'json') {
    const rows = rules.map((r) => ({
      id: r.meta.id,
      severity: r.meta.severity,
      recommended: !r.meta.optIn,
      description: r.meta.description,
      issuers: ruleIssuers(r),
      docsUrl: r.docsUrl,
    }));
    out.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length));
  for (const r of rules) {
    const severity = (r.meta.optIn ? `${r.meta.severity}*` : r.meta.severity).padEnd(9);
    out.write(`${r.meta.id.padEnd(idWidth)}  ${severity}  ${r.meta.description} [${ruleIssuersText(r)}]\n`);
  }
  if (rules.some((r) => r.meta.optIn)) out.write('\n* opt-in: off unless the config gives it a severity\n');
}

export function explain(id: string, find: (id: string) => Rule | undefined, out: Output, ids: string[] = []): void {
  const rule = find(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"${didYouMean(id, ids) || ' (tfc-oidc-lint --list-rules lists them)'}`);
  const doc = readRuleDoc(rule.meta.id);
  out.write(doc ?? `# ${rule.meta.id}\n\n${rule.meta.description}\n\nSee ${rule.docsUrl}\n`);
}

export async function init(cwd: string, rules: Rule[], out: Output): Promise<void> {
  const path = join(cwd, INIT_FILE);
  if (existsSync(path)) throw new UsageError(`${INIT_FILE} already exists; not overwritten`);
  await writeFile(path, starterConfig(rules), { flag: 'wx' });
  out.write(`wrote ${INIT_FILE}\n`);
}
