// A registry module's own repository calls the module by its registry address in `examples/`
// (`source = "acme/tfc-oidc/aws"` inside `terraform-aws-tfc-oidc/`). Terraform would download
// the published version; the scan evaluates the local code instead, which is what is being
// reviewed (docs/module-examples.md).
import { basename, dirname, join, relative, isAbsolute } from 'node:path';

/** `[<host>/]<namespace>/<name>/<provider>[//<subdir>]`, the registry source address. */
const REGISTRY_SOURCE =
  /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?\/)?([a-z0-9][\w-]*)\/([a-z0-9][\w-]*)\/([a-z0-9][\w-]*)(?:\/\/([^?#]*))?$/i;

export interface SelfModule {
  /** The module directory to evaluate (the repository root, or its `//subdir`). */
  dir: string;
  /** The repository directory, named `terraform-<provider>-<name>`. */
  repo: string;
}

/**
 * The local directory a registry `source` stands for when the caller sits inside that module's
 * own repository: an ancestor directory (up to and including `stopAt`) named
 * `terraform-<provider>-<name>`. Undefined for any other source.
 */
export function selfRegistryModule(callerDir: string, source: string, stopAt?: string): SelfModule | undefined {
  const m = REGISTRY_SOURCE.exec(source.trim());
  if (!m) return undefined;
  const [, , name, provider, sub] = m;
  const want = `terraform-${provider}-${name}`.toLowerCase();
  let d = callerDir;
  for (;;) {
    if (basename(d).toLowerCase() === want) {
      const dir = sub ? join(d, sub) : d;
      const rel = relative(d, dir);
      // A `//subdir` never leads out of the repository.
      if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
      return { dir, repo: d };
    }
    if (stopAt !== undefined && d === stopAt) return undefined;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}
