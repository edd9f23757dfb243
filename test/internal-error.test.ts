// internal-error outside the rules: the evaluator crashing on one module, or one document failing
// to load, is an internal-error finding at that module, the other modules are still linted, and
// the CLI's exit code is 2 (the result is incomplete).
import { describe, expect, it } from 'vitest';
import { exitCode } from '../src/cli/shared.js';
import { evaluateHere } from '../src/engine/evaluate.js';
import { SourceFile } from '../src/core/source.js';

/** A file whose text cannot be read once evaluation starts: the evaluator throws on it. */
function explodingFile(path: string, absPath: string): SourceFile {
  const file = new SourceFile(path, absPath, '');
  Object.defineProperty(file, 'text', {
    get: () => {
      throw new Error('the file changed under the scan');
    },
  });
  return file;
}

describe('internal-error from the evaluator', () => {
  it('a module whose evaluation throws gives one internal-error diagnostic at its first file, not a crash of the scan', async () => {
    const file = explodingFile('mod/main.tf', '/tmp/i12-none/mod/main.tf');
    const r = await evaluateHere(
      { dir: '/tmp/i12-none/mod', files: [file] },
      { cwd: '/tmp/i12-none', rootDir: '/tmp/i12-none', varFiles: [], env: {} },
    );
    expect(r.resources).toEqual([]);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'internal-error', range: { file: 'mod/main.tf' } });
    expect(r.diagnostics[0].message).toBe(
      'The evaluator crashed on module mod, so its findings are missing: the file changed under the scan',
    );
  });

  it('an internal-error finding makes the exit code 2 whatever --fail-on says', () => {
    const f = {
      ruleId: 'internal-error',
      severity: 'high' as const,
      message: 'x',
      messageId: 'crashed',
      range: { file: 'a', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
      docsUrl: '',
    };
    expect(exitCode([f], { failOn: 'critical', maxWarnings: undefined })).toBe(2);
    expect(exitCode([{ ...f, ruleId: 'parse-error' }], { failOn: 'critical', maxWarnings: undefined })).toBe(0);
  });
});
