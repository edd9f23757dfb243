// Reading files the configuration points at (file(), templatefile(), child modules): only
// regular files, only inside the scan root, size-capped; each file read once.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Range } from '../core/source.js';
import { SourceFile } from '../core/source.js';
import picomatch from 'picomatch';
import { LIMITS } from './budget.js';
import type { FileReader } from './scope.js';

export class ScanRootReader implements FileReader {
  readonly files: SourceFile[] = [];
  private readonly cache = new Map<string, SourceFile | { error: string }>();
  private readonly realRoot: string;

  constructor(
    readonly rootDir: string,
    private readonly displayPath: (abs: string) => string,
  ) {
    this.realRoot = safeRealpath(rootDir) ?? rootDir;
  }

  /** `trusted`: a path the user named (--var-file) may lie outside the scan root. */
  read(path: string, baseDir: string, _range?: Range, trusted = false): SourceFile | { error: string } {
    const abs = isAbsolute(path) ? path : resolve(baseDir, path);
    const cached = this.cache.get(abs);
    if (cached) return cached;
    const r = this.load(abs, trusted);
    this.cache.set(abs, r);
    if (r instanceof SourceFile) this.files.push(r);
    return r;
  }

  /** Whether a path (after resolving symlinks) stays inside the scan root. */
  inside(abs: string): boolean {
    const real = safeRealpath(abs);
    if (!real) return false;
    const rel = relative(this.realRoot, real);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  }

  private load(abs: string, trusted: boolean): SourceFile | { error: string } {
    if (!trusted && !this.inside(abs)) return { error: `${this.displayPath(abs)} is outside the scan root or does not exist` };
    try {
      const st = statSync(abs);
      if (!st.isFile()) return { error: `${this.displayPath(abs)} is not a regular file` };
      if (st.size > LIMITS.maxFileBytes) return { error: `${this.displayPath(abs)} is larger than ${LIMITS.maxFileBytes} bytes` };
      return new SourceFile(this.displayPath(abs), abs, readFileSync(abs, 'utf8'));
    } catch (e) {
      return { error: `cannot read ${this.displayPath(abs)}: ${(e as Error).message}` };
    }
  }

  /**
   * fileset(path, pattern): the regular files under `path` whose path relative to it matches the
   * glob (`*`, `**`, `?`, `[…]`, `{a,b}`), sorted. Only inside the scan root: a path outside it,
   * or a symlink leading out, is never listed.
   */
  list(path: string, pattern: string, baseDir: string): string[] | { error: string } {
    const abs = isAbsolute(path) ? path : resolve(baseDir, path);
    if (!this.inside(abs)) return { error: `${this.displayPath(abs)} is outside the scan root or does not exist` };
    const match = picomatch(pattern, { dot: true });
    const out: string[] = [];
    const walk = (dir: string, rel: string, depth: number) => {
      if (depth > 32 || out.length > LIMITS.maxExpansion) return;
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const name of names) {
        const child = join(dir, name);
        const childRel = rel ? `${rel}/${name}` : name;
        if (!this.inside(child)) continue;
        let st;
        try {
          st = statSync(child);
        } catch {
          continue;
        }
        if (st.isDirectory()) walk(child, childRel, depth + 1);
        else if (st.isFile() && match(childRel)) out.push(childRel);
      }
    };
    walk(abs, '', 0);
    if (out.length > LIMITS.maxExpansion) return { error: `fileset() matched more than ${LIMITS.maxExpansion} files` };
    return out.sort();
  }

  /** The `.tf` and `.tf.json` regular files of a module directory, in name order. */
  moduleFiles(dir: string): { files: SourceFile[]; errors: string[] } {
    const files: SourceFile[] = [];
    const errors: string[] = [];
    let names: string[];
    try {
      if (!this.inside(dir) || !statSync(dir).isDirectory())
        return { files, errors: [`module directory ${this.displayPath(dir)} not found inside the scan root`] };
      names = readdirSync(dir).sort();
    } catch (e) {
      return { files, errors: [`cannot read module directory ${this.displayPath(dir)}: ${(e as Error).message}`] };
    }
    for (const name of names) {
      if (!name.endsWith('.tf') && !name.endsWith('.tf.json')) continue;
      const abs = join(dir, name);
      try {
        if (!lstatSync(abs).isFile() && !statSync(abs).isFile()) continue;
      } catch {
        continue;
      }
      const r = this.read(abs, dir);
      if (r instanceof SourceFile) files.push(r);
      else errors.push(r.error);
    }
    return { files, errors };
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
