// Reading one file safely: regular files only, bounded size, no binaries, valid UTF-8.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { SourceFile, type Range } from '../core/source.js';
import type { Diagnostic } from '../core/resource.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;

function fileStart(display: string): Range {
  const p = { line: 1, column: 1, offset: 0 };
  return { file: display, start: p, end: { ...p } };
}

export function fileDiagnostic(display: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { code: 'parse-error', severity, message, file: display, range: fileStart(display) };
}

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory, not a file';
    default:
      return err.message ?? String(e);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Read a source file. Never throws: anything that stops the read becomes a `parse-error`
 * diagnostic on the file. O_NONBLOCK keeps a FIFO that slipped past discovery (a race, or a
 * file named on the command line) from blocking the open; fstat then refuses it.
 */
export async function readSource(abs: string, display: string): Promise<{ file?: SourceFile; diagnostic?: Diagnostic }> {
  // Synchronous calls: a scan reads thousands of small files, and four thread-pool round trips
  // per file (open, fstat, read, close) cost more than the reads themselves.
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { diagnostic: fileDiagnostic(display, `cannot read file: ${describeError(e)}`) };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const what = st.isDirectory() ? 'a directory' : 'not a regular file';
      return { diagnostic: fileDiagnostic(display, `${what}, not read`) };
    }
    if (st.size > MAX_FILE_BYTES) {
      const mb = (st.size / 1024 / 1024).toFixed(1);
      return { diagnostic: fileDiagnostic(display, `file is ${mb} MB, over the 10 MB limit; not read`) };
    }
    const bytes = readFileSync(fd);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return { diagnostic: fileDiagnostic(display, 'binary file, not read') };
    }
    let text: string;
    try {
      // The decoder drops a leading BOM, so offsets count from the first real character.
      text = utf8.decode(bytes);
    } catch {
      // Terraform rejects such files too ("Invalid character encoding"), so do not guess.
      return { diagnostic: fileDiagnostic(display, 'file is not valid UTF-8, not read') };
    }
    return { file: new SourceFile(display, abs, text) };
  } catch (e) {
    return { diagnostic: fileDiagnostic(display, `cannot read file: ${describeError(e)}`) };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // nothing left to do with a descriptor that will not close
    }
  }
}
