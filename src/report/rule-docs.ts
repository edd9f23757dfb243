// The rule docs shipped with the package (rules/<id>.md), for --explain and SARIF's help text.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownPackage } from '../core/package.js';

/** The markdown doc of a rule, or undefined when the id is not a file name or the doc is missing. */
export function readRuleDoc(id: string): string | undefined {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) return undefined;
  const root = ownPackage()?.root;
  if (!root) return undefined;
  try {
    return readFileSync(join(root, 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}
