// Display paths: relative to the working directory with forward slashes when below it.
import { isAbsolute, relative, sep } from 'node:path';

export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  return abs.split(sep).join('/');
}
