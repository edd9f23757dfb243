// The rule docs shipped with the package (rules/<id>.md), for --explain and SARIF's help text.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
