// Pre-commit mode: when files are named on the command line, their whole module is linted (a
// trust policy in main.tf needs variables.tf), but only findings in or caused by those files are
// reported. "Caused by" = the finding's range, an origin, a related location or a module call
// frame lies in a named file.
import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { isInside } from '../discover/paths.js';
import type { Finding } from '../core/finding.js';
import { type Range, isLive } from '../core/source.js';

export interface NamedScope {
  /** Absolute paths of named files. */
  files: Set<string>;
  /** Absolute paths of named directories: everything below them is in scope. */
  dirs: string[];
}

/** The scope of the command line, or undefined when no file was named (nothing to narrow). */
export async function namedScope(paths: string[], cwd: string): Promise<NamedScope | undefined> {
  const scope: NamedScope = { files: new Set(), dirs: [] };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    const st = await stat(abs).catch(() => undefined);
    if (st?.isDirectory()) scope.dirs.push(abs);
    else scope.files.add(abs);
  }
  return scope.files.size ? scope : undefined;
}

/** Every file a finding points at: its own range, origins, related locations, call chain; a live resource is no file. */
export function findingFiles(f: Finding): string[] {
  const ranges: Range[] = [f.range];
  for (const o of f.origins ?? []) if (o.range) ranges.push(o.range);
  for (const r of f.related ?? []) ranges.push(r.range);
  for (const c of f.callChain ?? []) ranges.push(c.range);
  return ranges.flatMap((r) => (isLive(r) ? [] : [r.file]));
}

export function inScope(f: Finding, scope: NamedScope, cwd: string): boolean {
  const abs = (file: string) => (isAbsolute(file) ? file : resolve(cwd, file));
  const at = f.range;
  if (!isLive(at) && scope.dirs.some((d) => isInside(abs(at.file), d))) return true;
  return findingFiles(f).some((file) => scope.files.has(abs(file)));
}

export function restrictToScope(findings: Finding[], scope: NamedScope | undefined, cwd: string): Finding[] {
  return scope ? findings.filter((f) => inScope(f, scope, cwd)) : findings;
}
