// Hostile and broken input: every case gives a clear error finding or note, and the rest of the
// scan still completes (the open role in good/ is always found).
import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { placeName } from '../src/core/source.js';

const openRole = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "open" {
    name = "open"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }, Action = "sts:AssumeRoleWithWebIdentity" }]
    })
  }
`;

const cliModule = new URL('../dist/src/cli/index.js', import.meta.url).href;
let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});

async function scan(files: Record<string, string | Buffer>, prepare?: (dir: string) => void) {
  const tree = writeTree({ 'good/main.tf': openRole, ...files });
  cleanups.push(tree.cleanup);
  prepare?.(tree.dir);
  const result = await lint(['.'], { cwd: tree.dir, env: {} });
  const good = result.findings.filter((f) => f.ruleId === 'require-sub-condition' && placeName(f.range) === 'good/main.tf');
  expect(good, 'the good module is still linted').toHaveLength(1);
  return { result, errors: result.findings.filter((f) => f.ruleId === 'parse-error') };
}

describe('malformed input never stops the scan', () => {
  it('broken HCL: a parse-error at the broken line', async () => {
    const { errors } = await scan({ 'bad/main.tf': 'resource "aws_iam_role" "x" {\n  name = \n}\n' });
    expect(errors).toHaveLength(1);
    expect(errors[0].range).toMatchObject({ file: 'bad/main.tf', start: { line: 2 } });
  });

  it('broken JSON: a parse-error with its line', async () => {
    const { errors } = await scan({ 'bad/trust.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",}]}' });
    expect(errors[0]).toMatchObject({ range: { file: 'bad/trust.json', start: { line: 1 } } });
  });

  it('a binary file: reported as not read', async () => {
    const { errors } = await scan({ 'bad/main.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]) });
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/binary/i);
    expect(placeName(errors[0].range)).toBe('bad/main.tf');
  });

  it('an empty file: no error', async () => {
    const { errors } = await scan({ 'bad/main.tf': '', 'bad/empty.json': '' });
    expect(errors.filter((e) => placeName(e.range) === 'bad/main.tf')).toEqual([]);
  });

  it('a 5 MB file: read and linted', async () => {
    const block = (i: number) =>
      `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags   = { team = "platform", index = "${i}" }\n}\n`;
    let big = '';
    for (let i = 0; big.length < 5 * 1024 * 1024; i++) big += block(i);
    const { errors, result } = await scan({
      'big/main.tf':
        big +
        openRole
          .replace(/"open"/g, '"open-big"')
          .replace(/"tfc"/g, '"tfc2"')
          .replace(/\.tfc\./g, '.tfc2.'),
    });
    expect(errors).toEqual([]);
    expect(result.findings.some((f) => f.ruleId === 'require-sub-condition' && placeName(f.range) === 'big/main.tf')).toBe(true);
  });

  it('a symlink loop: walked once, no hang', async () => {
    const { errors } = await scan({ 'loop/main.tf': '' }, (dir) => {
      symlinkSync('..', join(dir, 'loop', 'up'));
      symlinkSync('self', join(dir, 'loop', 'self'));
    });
    expect(errors).toEqual([]);
  });

  it('an unreadable file: a parse-error naming it, the rest still linted', () => {
    // Root reads any file whatever its mode, so as root the real CLI runs in a child that first
    // loads everything it needs from this checkout (which may sit in a directory only root can
    // enter) with one warm-up scan, then drops to uid/gid 65534 and scans the tree with the
    // mode-000 file. Run as any other user, the child just scans.
    const tree = writeTree({
      'good/main.tf': openRole,
      'locked/main.tf': openRole.replace(/"open"/g, '"locked"'),
      'warm/main.tf': openRole,
    });
    cleanups.push(tree.cleanup);
    chmodSync(tree.dir, 0o755);
    chmodSync(join(tree.dir, 'locked', 'main.tf'), 0o000);
    const child = `
      const { run } = await import(process.argv[1]);
      const sink = { write: () => true };
      const io = (out) => ({ stdout: out, stderr: process.stderr, env: {}, cwd: process.cwd(), isTTY: false });
      if (process.getuid() === 0) {
        await run(['warm', '--format', 'json'], io(sink));
        process.setgid(65534);
        process.setuid(65534);
      }
      let text = '';
      process.exitCode = await run(['good', 'locked', '--format', 'json'], io({ write: (s) => (text += s) }));
      process.stdout.write(text);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', child, cliModule], { cwd: tree.dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; message: string }[] }).findings;
    expect(findings.find((f) => f.ruleId === 'parse-error')).toMatchObject({
      file: 'locked/main.tf',
      message: expect.stringMatching(/permission denied/),
    });
    expect(findings.some((f) => f.ruleId === 'require-sub-condition' && f.file === 'good/main.tf')).toBe(true);
    expect(r.status).toBe(1);
  });
});
