// Reading one file safely: regular files only, bounded size, no binaries, valid UTF-8.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { SourceFile, type Range } from '../core/source.js';
import type { Diagnostic } from '../core/resource.js';

/** The default of `--max-file-size` / `maxFileSize`: files larger than this are reported, not read. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;

function fileStart(display: string): Range {
  const p = { line: 1, column: 1, offset: 0 };
  return { file: display, start: p, end: { ...p } };
}

export function fileDiagnostic(display: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { code: 'parse-error', severity, message, file: display, range: fileStart(display) };
}

const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${+(bytes / 1024 / 1024).toFixed(1)} MB`);

/** A file over the size limit: a setting the user chose (or its default), not a syntax error. */
export function sizeLimitDiagnostic(display: string, size: number, limit: number): Diagnostic {
  return {
    ...fileDiagnostic(display, `file is ${mb(size)}, over the ${mb(limit)} size limit; not read (a limit, not a syntax error: raise it with --max-file-size or maxFileSize in the config)`),
    limit: true,
  };
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


/**
 * Read a source file. Never throws: anything that stops the read becomes a `parse-error`
 * diagnostic on the file. O_NONBLOCK keeps a FIFO that slipped past discovery (a race, or a
 * file named on the command line) from blocking the open; fstat then refuses it.
 */
// The signature stays a Promise so callers need not change if reads become asynchronous again.
// eslint-disable-next-line @typescript-eslint/require-await -- synchronous on purpose, see above
export async function readSource(abs: string, display: string, maxBytes = MAX_FILE_BYTES): Promise<{ file?: SourceFile; diagnostic?: Diagnostic }> {
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
    if (st.size > maxBytes) return { diagnostic: sizeLimitDiagnostic(display, st.size, maxBytes) };
    const bytes = readFileSync(fd);
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      return { diagnostic: fileDiagnostic(display, 'binary file, not read') };
    }
    // Terraform rejects invalid UTF-8 too ("Invalid character encoding"), so do not guess.
    // isUtf8 and toString run natively (several times faster than a fatal TextDecoder on large files).
    if (!isUtf8(bytes)) return { diagnostic: fileDiagnostic(display, 'file is not valid UTF-8, not read') };
    // Like the decoder, drop a leading BOM, so offsets count from the first real character.
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const text = (bom ? bytes.subarray(3) : bytes).toString('utf8');
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
