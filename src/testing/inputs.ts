// Reads a fixture under fixtures/inputs as the scanner would: a SourceFile with a display path.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SourceFile } from '../core/source.js';

const root = join(import.meta.dirname, '../..');

export function fixture(rel: string): SourceFile {
  const path = `fixtures/inputs/${rel}`;
  return new SourceFile(path, join(root, path), readFileSync(join(root, path), 'utf8'));
}

/** The file text a range covers. */
export function covered(file: SourceFile, r: { start: { offset: number }; end: { offset: number } } | undefined): string {
  return r ? file.text.slice(r.start.offset, r.end.offset) : '<no range>';
}
