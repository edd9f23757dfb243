import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const goodRole = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://app.terraform.io"
    client_id_list  = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "r" {
    name = "open"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }, Action = "sts:AssumeRoleWithWebIdentity" }]
    })
  }
`;

describe('parse-error', () => {
  it('reports broken HCL at its line and still lints the rest of the file and the other files', async () => {
    const broken = goodRole + tf`
      resource "aws_iam_role" "broken" {
        name = "x"
        assume_role_policy = jsonencode({
      }
    `;
    const r = await lintTree({ 'a/main.tf': broken, 'b/main.tf': goodRole });
    const errors = r.findings.filter((f) => f.ruleId === 'parse-error');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(errors[0].range.file).toBe('a/main.tf');
    expect(errors[0].range.start.line).toBeGreaterThan(goodRole.split('\n').length - 1);
    const open = r.findings.filter((f) => f.ruleId === 'require-sub-condition').map((f) => f.range.file);
    expect(open).toEqual(expect.arrayContaining(['a/main.tf', 'b/main.tf']));
  });

  it('reports broken JSON with its position', async () => {
    const r = await lintTree({ 'trust.json': '{\n  "Version": "2012-10-17",\n  "Statement": [\n}\n' });
    const [e] = r.findings.filter((f) => f.ruleId === 'parse-error');
    expect(e.range.file).toBe('trust.json');
    expect(e.range.start.line).toBe(4);
    expect(e.message).toMatch(/JSON/);
  });

  it('stays quiet on valid and empty files', async () => {
    const r = await lintTree({ 'main.tf': goodRole, 'empty.tf': '', 'x/variables.tf': '\n' });
    expect(r.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });
});

describe('parse-error advice fits why the file was not linted', () => {
  it('a binary file is not told to fix its syntax', async () => {
    const r = await lintTree({ 'a/main.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]) as unknown as string, 'b/main.tf': goodRole });
    const [e] = r.findings.filter((f) => f.ruleId === 'parse-error');
    expect(e.message).toMatch(/binary/);
    expect(e.fix).not.toMatch(/syntax/i);
    expect(e.fix).toMatch(/not a text file/);
  });

  it('broken syntax is told to fix the syntax; oversized, unreadable and non-UTF-8 files get their own advice', async () => {
    const { parseErrorFix } = await import('./parse-error.js');
    expect(parseErrorFix('Unexpected token')).toMatch(/^Fix the syntax/);
    for (const message of ['file is 12.0 MB, over the 10 MB limit; not read', 'cannot read file: permission denied', 'file is not valid UTF-8, not read', 'a directory, not read']) {
      expect(parseErrorFix(message), message).not.toMatch(/syntax/i);
    }
    expect(parseErrorFix('cannot read file: permission denied')).toMatch(/readable/);
  });
});
