// Path helpers shared by discovery, the CLI and whoever needs a display path.
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';

/** `a/b.tf` relative to cwd with forward slashes when below cwd, else the absolute path. */
export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return abs;
  return rel.split(sep).join('/');
}

/** True when `child` is `parent` or below it (both absolute, normalised). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Relative path with forward slashes, as the `ignore` package wants it. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/**
 * Resolve command-line paths against cwd; a path that does not exist is a usage error, checked
 * up front so that a typo fails fast and before the parser is loaded.
 */
export async function checkPaths(paths: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    try {
      await stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or directory' : `cannot access it (${code ?? 'error'})`;
      throw new InputError(`${p}: ${why}`);
    }
    out.push(abs);
  }
  return out;
}
