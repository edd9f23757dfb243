// Reading one file safely: regular files only, bounded size, no binaries, valid UTF-8.
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { SourceFile, type Range } from '../core/source.js';
import type { Diagnostic } from '../core/resource.js';

/** The default of `--max-file-size` / `maxFileSize`: files larger than this are reported, not read. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;

function fileStart(display: string): Range {
  const p = { line: 1, column: 1, offset: 0 };
  return { file: display, start: p, end: { ...p } };
}

export function fileDiagnostic(
  display: string,
  message: string,
  severity: Diagnostic['severity'] = 'error',
  range = fileStart(display),
): Diagnostic {
  return { code: 'parse-error', severity, message, file: display, range };
}

/** Byte-order marks of the encodings Terraform does not read (longest first: UTF-32 LE starts like UTF-16 LE). */
const FOREIGN_BOMS: [number[], string][] = [
  [[0xff, 0xfe, 0, 0], 'UTF-32 LE'],
  [[0, 0, 0xfe, 0xff], 'UTF-32 BE'],
  [[0xff, 0xfe], 'UTF-16 LE'],
  [[0xfe, 0xff], 'UTF-16 BE'],
];

function foreignEncoding(bytes: Buffer): string | undefined {
  return FOREIGN_BOMS.find(([bom]) => bom.every((b, i) => bytes[i] === b))?.[1];
}

/** The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code points past U+10FFFF), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** Where byte `at` of an unread file is: line and column (in characters of the valid text before it). */
function placeOfByte(display: string, bytes: Buffer, at: number): Range {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < at; i = bytes.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = bytes.subarray(lineStart, at).toString('utf8').length + 1;
  const p = { line, column, offset: bytes.subarray(0, at).toString('utf8').length };
  return { file: display, start: p, end: { ...p } };
}

const mb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${+(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Why readRegularFile left a file unread, for callers that word it their own way (the config loader). */
export class NotReadFile extends Error {
  constructor(
    readonly kind: 'directory' | 'not-regular' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A file the user named (a config, a baseline, a cache, a rollback file), read only when it is a regular
 * file within `maxBytes`: a FIFO would block the read and a device never end. The open is
 * non-blocking for the same reason; errors name the path.
 */
export function readRegularFile(abs: string, maxBytes = MAX_FILE_BYTES): string {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new NotReadFile('directory', `${abs} is a directory`);
    if (!st.isFile()) throw new NotReadFile('not-regular', `${abs} is not a regular file`);
    if (st.size > maxBytes) throw new NotReadFile('too-large', `${abs} is ${mb(st.size)}, over the ${mb(maxBytes)} limit`);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** A file over the size limit: a setting the user chose (or its default), not a syntax error. */
export function sizeLimitDiagnostic(display: string, size: number, limit: number): Diagnostic {
  return {
    ...fileDiagnostic(
      display,
      `file is ${mb(size)}, over the ${mb(limit)} size limit; not read (a limit, not a syntax error: raise it with --max-file-size or maxFileSize in the config)`,
    ),
    limit: true,
  };
}

/** The reason a file system call failed, in words (`permission denied`, `file not found`). */
export function describeError(e: unknown): string {
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
 * The bytes of an open regular file of `size` bytes (from fstat), as readFileSync(fd) reads them
 * (`size` bytes at most, fewer if it shrank) but without the second fstat it would make: one
 * system call fewer per file of a scan. A file that says it is empty (as /proc files do) is read
 * to its end by readFileSync.
 */
function readOpened(fd: number, size: number): Buffer {
  if (size === 0) return readFileSync(fd);
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const n = readSync(fd, bytes, at, size - at, null);
    if (n === 0) break;
    at += n;
  }
  return at < size ? bytes.subarray(0, at) : bytes;
}

/**
 * Read a source file. Never throws: anything that stops the read becomes a `parse-error`
 * diagnostic on the file. O_NONBLOCK keeps a FIFO that slipped past discovery (a race, or a
 * file named on the command line) from blocking the open; fstat then refuses it.
 */
// The signature stays a Promise so callers need not change if reads become asynchronous again.
// eslint-disable-next-line @typescript-eslint/require-await -- synchronous on purpose, see above
export async function readSource(
  abs: string,
  display: string,
  maxBytes = MAX_FILE_BYTES,
): Promise<{ file?: SourceFile; diagnostic?: Diagnostic }> {
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
    const bytes = readOpened(fd, st.size);
    // Terraform reads only UTF-8: a UTF-16 or UTF-32 file (which an editor may save with a
    // byte-order mark) is named as such rather than as binary.
    const foreign = foreignEncoding(bytes);
    if (foreign)
      return {
        diagnostic: fileDiagnostic(display, `file is encoded as ${foreign} (byte-order mark); Terraform reads only UTF-8, not read`),
      };
    const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
    if (nul >= 0) {
      return { diagnostic: fileDiagnostic(display, 'binary file, not read', 'error', placeOfByte(display, bytes, nul)) };
    }
    // Terraform rejects invalid UTF-8 too ("Invalid character encoding"), so do not guess.
    // isUtf8 and toString run natively (several times faster than a fatal TextDecoder on large files).
    if (!isUtf8(bytes)) {
      const bad = firstInvalidUtf8(bytes);
      return {
        diagnostic: fileDiagnostic(
          display,
          'file is not valid UTF-8, not read',
          'error',
          bad >= 0 ? placeOfByte(display, bytes, bad) : undefined,
        ),
      };
    }
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
