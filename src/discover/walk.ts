// The directory walk: .gitignore files (root and nested, deepest decides), configured ignore
// globs, fixed skips, and symlinks followed only inside the scan root and never twice.
import { type Dirent, readdirSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Diagnostic } from '../core/resource.js';
import { classify } from './classify.js';
import { displayPath, isInside, posixRelative } from './paths.js';
import { describeError, fileDiagnostic, readSource } from './read.js';

/** Never worth scanning: provider caches and downloaded modules, VCS data, JS dependencies. */
export const ALWAYS_SKIP = new Set(['.terraform', '.git', 'node_modules']);

interface Matcher {
  base: string;
  ig: Ignore;
}

export interface WalkContext {
  cwd: string;
  /** Real path of the scan root; links resolving outside it are not followed. */
  root: string;
  /** The scan root as the user named it (absolute): the base of ignore globs outside cwd. */
  scanDir: string;
  /** Real paths of directories already walked (loop safety, shared across roots). */
  visited: Set<string>;
  /** `opts.ignore` globs, matched against paths relative to cwd (or to the root when outside cwd). */
  extra?: Ignore;
  diagnostics: Diagnostic[];
  /** Called for each regular file that survives the filters. */
  onFile(abs: string, name: string): void;
  /** Called with each directory's whole listing, before any filter. */
  onListing?(dir: string, entries: readonly { name: string }[]): void;
}

function note(ctx: WalkContext, abs: string, message: string): void {
  ctx.diagnostics.push({ code: 'discovery', severity: 'note', message, file: displayPath(abs, ctx.cwd) });
}

/** Read through readSource so that a `.gitignore` that is a FIFO or huge cannot stall the walk. */
async function loadGitignore(dir: string): Promise<Matcher | undefined> {
  const { file } = await readSource(join(dir, '.gitignore'), '.gitignore');
  return file ? { base: dir, ig: ignore().add(file.text) } : undefined;
}

/** The .gitignore files between cwd and the scan root (exclusive) also apply below the root. */
export async function ancestorMatchers(rootDir: string, cwd: string): Promise<Matcher[]> {
  if (rootDir === cwd || !isInside(rootDir, cwd)) return [];
  const dirs: string[] = [];
  for (let d = dirname(rootDir); isInside(d, cwd); d = dirname(d)) {
    dirs.unshift(d);
    if (d === cwd) break;
  }
  const found = await Promise.all(dirs.map(loadGitignore));
  return found.filter((m): m is Matcher => m !== undefined);
}

function isIgnored(ctx: WalkContext, abs: string, isDir: boolean, matchers: Matcher[]): boolean {
  const suffix = isDir ? '/' : '';
  // Git lets the deepest .gitignore with a matching rule decide, so a nested `!x` wins.
  for (let i = matchers.length - 1; i >= 0; i--) {
    const r = matchers[i].ig.test(posixRelative(matchers[i].base, abs) + suffix);
    if (r.ignored) return true;
    if (r.unignored) break;
  }
  if (!ctx.extra) return false;
  // Walked paths are lexical (under scanDir), so the base must be lexical too, not the real root.
  const base = isInside(abs, ctx.cwd) ? ctx.cwd : ctx.scanDir;
  const rel = posixRelative(base, abs);
  return rel !== '' && ctx.extra.ignores(rel + suffix);
}

/** `special`: a FIFO, socket or device, never opened. */
type Kind = 'dir' | 'file' | 'special' | 'skip';

function kindOf(st: { isDirectory(): boolean; isFile(): boolean }): Kind {
  return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'special';
}

/** What an entry is, following a symlink only when its target stays inside the root. */
async function entryKind(ctx: WalkContext, abs: string, entry: Dirent, parentReal: string): Promise<{ kind: Kind; real: string }> {
  if (!entry.isSymbolicLink()) {
    return { kind: kindOf(entry), real: join(parentReal, entry.name) };
  }
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    note(ctx, abs, 'broken symbolic link, skipped');
    return { kind: 'skip', real: abs };
  }
  if (!isInside(real, ctx.root)) {
    note(ctx, abs, 'symbolic link points outside the scan root, not followed');
    return { kind: 'skip', real };
  }
  try {
    const st = await stat(real);
    return { kind: kindOf(st), real };
  } catch {
    return { kind: 'skip', real };
  }
}

/** Walk `dir` (as the user reaches it) whose real path is `real`. */
export async function walk(ctx: WalkContext, dir: string, real: string, inherited: Matcher[]): Promise<void> {
  if (ctx.visited.has(real)) return;
  ctx.visited.add(real);
  let entries: Dirent[];
  try {
    // Synchronous, like readSource: a monorepo has thousands of small directories, and a
    // thread-pool round trip per listing costs more than the listing itself.
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    // Like an unreadable file: whatever the directory holds was not checked (parse-error, high).
    ctx.diagnostics.push(fileDiagnostic(displayPath(dir, ctx.cwd), `cannot list directory: ${describeError(e)}`));
    return;
  }
  ctx.onListing?.(dir, entries);
  const own = entries.some((e) => e.name === '.gitignore') ? await loadGitignore(dir) : undefined;
  const matchers = own ? [...inherited, own] : inherited;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subdirs: { abs: string; real: string }[] = [];
  for (const entry of entries) {
    if (ALWAYS_SKIP.has(entry.name)) continue;
    const abs = join(dir, entry.name);
    // Only a symbolic link needs a (slow) look at its target.
    const { kind, real: entryReal } = entry.isSymbolicLink()
      ? await entryKind(ctx, abs, entry, real)
      : { kind: kindOf(entry), real: join(real, entry.name) };
    if (kind === 'skip' || isIgnored(ctx, abs, kind === 'dir', matchers)) continue;
    if (kind === 'special') {
      if (classify(entry.name) !== 'other') note(ctx, abs, 'not a regular file, skipped');
      continue;
    }
    if (kind === 'file') ctx.onFile(abs, entry.name);
    else subdirs.push({ abs, real: entryReal });
  }
  for (const sub of subdirs) await walk(ctx, sub.abs, sub.real, matchers);
}
