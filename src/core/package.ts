// tfc-oidc-lint's own package.json, found by walking up from this file: src/core/ when run from
// the sources, dist/src/core/ when built. The CLI prints its version, the cache salts its keys with
// it, and --explain and SARIF read the rule docs shipped beside it (rules/<id>.md).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface OwnPackage {
  /** The folder that holds our package.json. */
  root: string;
  version?: string;
}

/** Our package.json's folder and version; undefined when no ancestor holds it (the code was copied elsewhere). */
export function ownPackage(): OwnPackage | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tfc-oidc-lint') return { root: dir, version: pkg.version };
    } catch {
      // not here; keep walking up
    }
  }
  return undefined;
}
