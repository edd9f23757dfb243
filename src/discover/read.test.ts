import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTree } from '../testing/tf.js';
import { MAX_FILE_BYTES, firstInvalidUtf8, readSource } from './read.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tree(files: Record<string, string | Buffer>): string {
  const t = writeTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

const isRoot = process.getuid?.() === 0;

describe('readSource', () => {
  it('reads a text file into a SourceFile with the display path', async () => {
    const dir = tree({ 'main.tf': 'a = 1\nb = 2\n' });
    const { file, diagnostic } = await readSource(join(dir, 'main.tf'), 'env/main.tf');
    expect(diagnostic).toBeUndefined();
    expect(file?.path).toBe('env/main.tf');
    expect(file?.absPath).toBe(join(dir, 'main.tf'));
    expect(file?.lines.lineText(2)).toBe('b = 2');
  });

  it('reads an empty file without error', async () => {
    const dir = tree({ 'empty.tf': '' });
    const r = await readSource(join(dir, 'empty.tf'), 'empty.tf');
    expect(r.diagnostic).toBeUndefined();
    expect(r.file?.text).toBe('');
  });

  it('drops a UTF-8 byte order mark so offsets start at the first character', async () => {
    const dir = tree({ 'bom.json': Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]) });
    const r = await readSource(join(dir, 'bom.json'), 'bom.json');
    expect(r.file?.text).toBe('{}');
  });

  it('refuses a binary file (NUL in the first 8 KB) with a parse-error at the first NUL byte', async () => {
    const dir = tree({ 'x.tf': Buffer.concat([Buffer.from('resource "a" "b" {}\n'), Buffer.from([0, 1, 2])]) });
    const r = await readSource(join(dir, 'x.tf'), 'x.tf');
    expect(r.file).toBeUndefined();
    expect(r.diagnostic).toEqual({
      code: 'parse-error',
      severity: 'error',
      message: 'binary file, not read',
      file: 'x.tf',
      range: { file: 'x.tf', start: { line: 2, column: 1, offset: 20 }, end: { line: 2, column: 1, offset: 20 } },
    });
  });

  it('names UTF-16 and UTF-32 files by their byte-order mark', async () => {
    const text = 'locals {}\n';
    const be16 = Buffer.from(text, 'utf16le').swap16();
    const dir = tree({
      'le16.tf': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'be16.tf': Buffer.concat([Buffer.from([0xfe, 0xff]), be16]),
      'le32.tf': Buffer.from([0xff, 0xfe, 0, 0, 0x6c, 0, 0, 0]),
      'be32.tf': Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x6c]),
    });
    for (const [file, name] of [
      ['le16.tf', 'UTF-16 LE'],
      ['be16.tf', 'UTF-16 BE'],
      ['le32.tf', 'UTF-32 LE'],
      ['be32.tf', 'UTF-32 BE'],
    ]) {
      expect((await readSource(join(dir, file), file)).diagnostic?.message).toBe(
        `file is encoded as ${name} (byte-order mark); Terraform reads only UTF-8, not read`,
      );
    }
  });

  it('places invalid UTF-8 at its first bad byte: overlong forms and encoded surrogates count as invalid', async () => {
    const dir = tree({
      'a.tf': Buffer.concat([Buffer.from('# é\nx = "ab'), Buffer.from([0xc0, 0xaf]), Buffer.from('"\n')]),
      'b.tf': Buffer.from([0x61, 0xed, 0xa0, 0x80]),
    });
    expect((await readSource(join(dir, 'a.tf'), 'a.tf')).diagnostic?.range?.start).toEqual({ line: 2, column: 8, offset: 11 });
    expect((await readSource(join(dir, 'b.tf'), 'b.tf')).diagnostic?.range?.start).toEqual({ line: 1, column: 2, offset: 1 });
    expect(firstInvalidUtf8(Buffer.from('ok é € 𝄞'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });

  it('refuses invalid UTF-8 as Terraform does', async () => {
    const dir = tree({ 'latin1.tf': Buffer.from([0x23, 0x20, 0xe9, 0x0a]) });
    const r = await readSource(join(dir, 'latin1.tf'), 'latin1.tf');
    expect(r.diagnostic?.message).toBe('file is not valid UTF-8, not read');
  });

  it('does not read a file over the size limit, and says it is a limit, not a syntax error', async () => {
    const dir = tree({ 'big.json': '' });
    truncateSync(join(dir, 'big.json'), MAX_FILE_BYTES + 1);
    const r = await readSource(join(dir, 'big.json'), 'big.json');
    expect(r.file).toBeUndefined();
    expect(r.diagnostic?.message).toBe(
      'file is 32 MB, over the 32 MB size limit; not read (a limit, not a syntax error: raise it with --max-file-size or maxFileSize in the config)',
    );
    expect(r.diagnostic?.limit).toBe(true);
    // Under a higher limit the same file is read (and refused for what it holds: zero bytes).
    expect((await readSource(join(dir, 'big.json'), 'big.json', 64 * 1024 * 1024)).diagnostic?.message).toBe('binary file, not read');
  });

  it('returns a diagnostic for a missing file', async () => {
    const dir = tree({});
    const r = await readSource(join(dir, 'gone.tf'), 'gone.tf');
    expect(r.diagnostic?.message).toBe('cannot read file: file not found');
    expect(r.diagnostic?.file).toBe('gone.tf');
  });

  it('returns a diagnostic when a directory stands where a file is expected', async () => {
    const dir = tree({});
    mkdirSync(join(dir, 'dir.tf'));
    const r = await readSource(join(dir, 'dir.tf'), 'dir.tf');
    expect(r.diagnostic?.message).toMatch(/directory/);
    expect(r.diagnostic?.code).toBe('parse-error');
  });

  it('opens a FIFO without blocking and refuses it', async () => {
    const dir = tree({});
    execFileSync('mkfifo', [join(dir, 'p.tf')]);
    const r = await readSource(join(dir, 'p.tf'), 'p.tf');
    expect(r.diagnostic?.message).toBe('not a regular file, not read');
  });

  // As root, mode 000 does not stop a read, so this case can only be shown as another user;
  // the directory case above covers the same failure path (open or fstat refuses).
  it.skipIf(isRoot)('reports permission denied for an unreadable file', async () => {
    const dir = tree({});
    const p = join(dir, 'locked.tf');
    writeFileSync(p, 'x');
    chmodSync(p, 0o000);
    const r = await readSource(p, 'locked.tf');
    expect(r.diagnostic?.message).toBe('cannot read file: permission denied');
  });
});
