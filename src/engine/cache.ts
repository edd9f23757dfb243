// `--cache`: module evaluations kept on disk between runs, keyed by the content hash of the
// module's files and of everything else the evaluation depends on. Like ESLint's .eslintcache it
// only saves time: a missing, foreign or corrupt cache file is ignored and rewritten.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readRegularFile } from '../discover/read.js';
import { dirname, join, resolve } from 'node:path';
import { ownPackage } from '../core/package.js';
import type { ModuleEvaluation } from '../terraform/index.js';
import type { Encoded } from './codec.js';
import type { EvalSettings, ModuleJob } from './evaluate.js';

export const DEFAULT_CACHE_FILE = '.tfc-oidc-lint-cache';
// 2: ranges of a file's text travel as file and offsets (src/engine/codec.ts); a build that reads
// format 1 would take them for objects without positions.
const FORMAT = 2;
/** A cache file bigger than this is not read (it would cost more than it saves). */
const MAX_CACHE_BYTES = 256 * 1024 * 1024;

interface Entry {
  dir: string;
  /** Every file the evaluation read besides the module's own (child modules, tfvars, file()): path → hash. */
  deps: [string, string][];
  /** Directories whose listing the result depends on (a new tfvars or module file changes it). */
  dirs: [string, string][];
  data: Encoded;
}

interface CacheFile {
  format: number;
  salt: string;
  entries: Record<string, Entry>;
}

export const hash = (text: string) => createHash('sha1').update(text).digest('hex');

const toolVersion = (): string => ownPackage()?.version ?? '';

function listing(dir: string): string {
  try {
    return hash(readdirSync(dir).sort().join('\n'));
  } catch {
    return 'none';
  }
}

function contentHash(abs: string): string {
  try {
    if (!statSync(abs).isFile()) return 'none';
    return hash(readFileSync(abs, 'utf8'));
  } catch {
    return 'none';
  }
}

/** Where `--cache` / `--cache-location` put the file: a directory gets the default name inside. */
export function cachePath(location: string | boolean | undefined, cwd: string): string | undefined {
  if (!location) return undefined;
  if (location === true) return join(cwd, DEFAULT_CACHE_FILE);
  const abs = resolve(cwd, location);
  let isDir = location.endsWith('/');
  try {
    isDir ||= statSync(abs).isDirectory();
  } catch {
    // does not exist yet: a file
  }
  return isDir ? join(abs, DEFAULT_CACHE_FILE) : abs;
}

export class EvaluationCache {
  private readonly old: Record<string, Entry>;
  private readonly now = new Map<string, Entry>();
  private readonly scannedDirs = new Set<string>();
  private readonly salt = `${toolVersion()}:${FORMAT}`;

  private constructor(
    readonly file: string,
    old: CacheFile | undefined,
  ) {
    this.old = old && old.format === FORMAT && old.salt === this.salt && typeof old.entries === 'object' ? old.entries : {};
  }

  /** Open (or start) the cache at `file`. Never throws. */
  static open(file: string): EvaluationCache {
    let old: CacheFile | undefined;
    try {
      // Only a regular file: a FIFO or device at the cache location would block the read.
      old = JSON.parse(readRegularFile(file, MAX_CACHE_BYTES)) as CacheFile;
    } catch {
      old = undefined;
    }
    return new EvaluationCache(file, old);
  }

  /** The key of one module's evaluation: its files' content and every setting that can change the result. */
  key(job: ModuleJob, s: EvalSettings): string {
    this.scannedDirs.add(job.dir);
    const files = job.files.map((f) => [f.absPath, f.path, hash(f.text)]);
    return hash(JSON.stringify([this.salt, s.cwd, s.rootDir, job.dir, files, s.vars ?? {}, s.varFiles, s.env, s.lazy === true]));
  }

  /** The stored result, when everything it read is unchanged. */
  get(key: string): Encoded | undefined {
    const e = this.now.get(key) ?? this.old[key];
    if (!e || !Array.isArray(e.deps) || !Array.isArray(e.dirs) || !e.data) return undefined;
    if (!e.deps.every(([p, h]) => contentHash(p) === h)) return undefined;
    if (!e.dirs.every(([d, h]) => listing(d) === h)) return undefined;
    this.now.set(key, e);
    return e.data;
  }

  set(key: string, dir: string, result: ModuleEvaluation, data: Encoded | undefined): void {
    if (!data) return;
    const deps = result.files.map((f): [string, string] => [f.absPath, hash(f.text)]);
    const dirs = new Set([dir, ...result.calledDirs, ...result.files.map((f) => dirname(f.absPath))]);
    this.now.set(key, { dir, deps, dirs: [...dirs].sort().map((d): [string, string] => [d, listing(d)]), data });
  }

  /**
   * Write the entries of this run, plus the old ones of modules this run did not look at (a scan
   * of one folder keeps the rest of the repository's entries). Written whole, then renamed, so a
   * concurrent reader never sees half a file. Never throws: a cache that cannot be written is no cache.
   */
  save(): void {
    const entries: Record<string, Entry> = {};
    for (const [k, e] of Object.entries(this.old)) if (e && !this.scannedDirs.has(e.dir)) entries[k] = e;
    for (const [k, e] of this.now) entries[k] = e;
    const body: CacheFile = { format: FORMAT, salt: this.salt, entries };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(body));
      renameSync(tmp, this.file);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // leave it; the next save overwrites it
      }
    }
  }
}
