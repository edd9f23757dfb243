// Paths → Terraform modules (one directory = one module) and standalone JSON documents.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, parse, sep } from 'node:path';
import ignore from 'ignore';
import type { Diagnostic } from '../core/resource.js';
import { classify, isAutoVars } from './classify.js';
import { checkPaths, displayPath, isInside } from './paths.js';
import { describeError, fileDiagnostic } from './read.js';
import { ancestorMatchers, walk, type WalkContext } from './walk.js';

export { readSource, MAX_FILE_BYTES } from './read.js';
export { displayPath } from './paths.js';
export { classify, type FileRole } from './classify.js';

export interface DiscoveredModule {
  /** Absolute directory. */
  dir: string;
  /** Absolute `.tf` and `.tf.json` files, sorted. */
  files: string[];
}

export interface Discovery {
  /** Absolute common directory of everything scanned. */
  root: string;
  /** Sorted by directory. */
  modules: DiscoveredModule[];
  /** Other `*.json` files (candidate IAM or plan JSON), absolute and sorted. */
  documents: string[];
  /** Stacks files (`.tfdeploy.hcl`, `.tfstack.hcl`, `.tfcomponent.hcl`), absolute and sorted. */
  stacks: string[];
  diagnostics: Diagnostic[];
  /** Absolute paths of files named explicitly on the command line. */
  named: string[];
  /**
   * Every directory discovery listed, and whether its whole listing (ignored names included)
   * has a name with `tfvars` in it: the pre-filter then need not list a module's directory again
   * to look for `terraform.tfvars` / `*.auto.tfvars` (src/engine/prefilter.ts).
   */
  listed: Map<string, boolean>;
}

export interface DiscoverOptions {
  cwd: string;
  /** Glob patterns (gitignore syntax) relative to cwd. */
  ignore?: string[];
}

/** A name that may be a variables file: `tfvars` in any case (a superset of what Terraform loads). */
const mayBeVars = (entries: readonly { name: string }[]) => entries.some((e) => e.name.toLowerCase().includes('tfvars'));

class Collector {
  readonly listed = new Map<string, boolean>();
  readonly modules = new Map<string, Set<string>>();
  readonly documents = new Set<string>();
  readonly stacks = new Set<string>();

  add(abs: string, name: string): void {
    const role = classify(name);
    if (role === 'module') {
      const dir = dirname(abs);
      let files = this.modules.get(dir);
      if (!files) this.modules.set(dir, (files = new Set()));
      files.add(abs);
    } else if (role === 'document') {
      this.documents.add(abs);
    } else if (role === 'stack') {
      this.stacks.add(abs);
    }
  }
}

function commonDir(dirs: string[]): string {
  if (dirs.length === 0) return sep;
  let parts = dirs[0].split(sep);
  for (const d of dirs.slice(1)) {
    const other = d.split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || parse(dirs[0]).root;
}

/** A named file's directory gives its module: every module file there, without recursion. */
async function addSiblings(dir: string, collector: Collector, diagnostics: Diagnostic[], cwd: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    diagnostics.push(fileDiagnostic(displayPath(dir, cwd), `cannot list directory: ${describeError(e)}`));
    return;
  }
  collector.listed.set(dir, mayBeVars(names.map((name) => ({ name }))));
  const realDir = await realpath(dir).catch(() => dir);
  for (const name of names.sort()) {
    if (classify(name) !== 'module') continue;
    const abs = join(dir, name);
    const st = await stat(abs).catch(() => undefined);
    // Same rule as the walk: a link may not lead out of the directory's tree.
    const real = await realpath(abs).catch(() => abs);
    if (st?.isFile() && isInside(real, realDir)) collector.add(abs, name);
  }
}

/**
 * Find the files to lint. Directories are walked recursively; a named file brings its directory's
 * module along as context. Throws only `InputError` (a path that does not exist); anything else
 * that goes wrong becomes a diagnostic.
 */
export async function discover(paths: string[], opts: DiscoverOptions): Promise<Discovery> {
  const cwd = opts.cwd;
  const absPaths = await checkPaths(paths.length ? paths : ['.'], cwd);
  const diagnostics: Diagnostic[] = [];
  const collector = new Collector();
  const named = new Set<string>();
  const visited = new Set<string>();
  const extra = opts.ignore?.length ? ignore().add(opts.ignore) : undefined;
  const scanned: string[] = [];

  for (const abs of absPaths) {
    const st = await stat(abs).catch(() => undefined);
    if (!st) {
      diagnostics.push({ code: 'discovery', severity: 'warning', message: 'vanished while scanning', file: displayPath(abs, cwd) });
      continue;
    }
    if (st.isDirectory()) {
      scanned.push(abs);
      const root = await realpath(abs);
      const ctx: WalkContext = {
        cwd,
        root,
        scanDir: abs,
        visited,
        extra,
        diagnostics,
        onFile: (f, n) => collector.add(f, n),
        onListing: (d, entries) => collector.listed.set(d, mayBeVars(entries)),
      };
      await walk(ctx, abs, root, await ancestorMatchers(abs, cwd));
      continue;
    }
    scanned.push(dirname(abs));
    const name = basename(abs);
    const role = classify(name);
    const display = displayPath(abs, cwd);
    if (!st.isFile()) {
      diagnostics.push({ code: 'discovery', severity: 'warning', message: 'not a regular file, not read', file: display });
    } else if (role === 'module') {
      named.add(abs);
      collector.add(abs, name);
      await addSiblings(dirname(abs), collector, diagnostics, cwd);
    } else if (role === 'vars' && isAutoVars(name)) {
      // Terraform loads it with its directory's module, so that module is what it can change.
      named.add(abs);
      await addSiblings(dirname(abs), collector, diagnostics, cwd);
    } else if (role === 'document' || role === 'stack') {
      named.add(abs);
      collector.add(abs, name);
    } else {
      const hint = role === 'vars' ? 'a variables file; pass it with --var-file' : 'not a Terraform (.tf, .tf.json) or JSON file';
      diagnostics.push({ code: 'discovery', severity: 'warning', message: `${hint}, skipped`, file: display });
    }
  }

  const modules = [...collector.modules]
    .map(([dir, files]) => ({ dir, files: [...files].sort() }))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  return {
    root: commonDir(scanned),
    modules,
    documents: [...collector.documents].sort(),
    stacks: [...collector.stacks].sort(),
    diagnostics,
    named: [...named].sort(),
    listed: collector.listed,
  };
}
