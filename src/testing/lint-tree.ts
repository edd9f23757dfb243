// Lint a tree of files written to a real temporary directory; findings come back with paths
// relative to that directory.
import { lint } from '../engine/lint.js';
import type { LintOptions, LintResult } from '../engine/types.js';
import { writeTree } from './tf.js';

export async function lintTree(
  files: Record<string, string | Buffer>,
  options: LintOptions = {},
): Promise<LintResult & { text(file: string, r: { start: { offset: number }; end: { offset: number } }): string }> {
  const tree = writeTree(files);
  try {
    const result = await lint(['.'], { env: {}, ...options, cwd: tree.dir });
    return {
      ...result,
      text: (file, r) => result.files.get(file)!.text.slice(r.start.offset, r.end.offset),
    };
  } finally {
    tree.cleanup();
  }
}
