import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './parse-error.js';

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

const broken =
  goodRole +
  tf`
  resource "aws_iam_role" "broken" {
    name = "x"
    assume_role_policy = jsonencode({
  }
`;
const BINARY = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]) as unknown as string;

ruleTester(rule, {
  valid: [{ name: 'valid and empty files', files: { 'main.tf': goodRole, 'empty.tf': '', 'x/variables.tf': '\n' } }],
  invalid: [
    {
      name: 'broken HCL at its line, after the good part of the file',
      files: { 'a/main.tf': broken, 'b/main.tf': goodRole },
      errors: [
        { messageId: 'parseError', file: 'a/main.tf', line: 16, column: 1, says: ['missing `)`'] },
        { messageId: 'parseError', file: 'a/main.tf', line: 16, column: 1, says: ['missing `}`'] },
      ],
    },
    {
      name: 'broken JSON with its position',
      file: 'trust.json',
      code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n}\n',
      errors: [{ messageId: 'parseError', severity: 'high', line: 4, column: 1, says: ['JSON'] }],
    },
    {
      name: 'a binary file, at its first NUL byte, is not told to fix its syntax',
      files: { 'a/main.tf': BINARY, 'b/main.tf': goodRole },
      errors: [
        {
          messageId: 'parseError',
          file: 'a/main.tf',
          line: 1,
          column: 5,
          says: ['binary'],
          fix: ['not a text file'],
          check: (f) => expect(f.fix).not.toMatch(/syntax/i),
        },
      ],
    },
    {
      name: 'a file that is not UTF-8 is not read, at the first byte that is not',
      files: {
        'a/main.tf': Buffer.from('resource "x" "y" {\n  name = "caf\xe9"\n}\n', 'latin1') as unknown as string,
        'b/main.tf': goodRole,
      },
      errors: [{ messageId: 'parseError', file: 'a/main.tf', line: 2, column: 14, fix: ['UTF-8'] }],
    },
    {
      name: 'a --var-file that cannot be read: no place in a read file to point at',
      code: goodRole,
      options: { varFiles: ['missing.tfvars'] },
      errors: [{ messageId: 'unreadable', file: 'missing.tfvars', line: 1, column: 1 }],
    },
    {
      name: 'a file over the size limit is reported, not read',
      files: { 'big/main.tf': goodRole + `# ${'x'.repeat(2000)}\n`, 'b/main.tf': goodRole },
      options: { maxFileSize: 1000 },
      errors: [{ messageId: 'tooLarge', file: 'big/main.tf', line: 1, column: 1, fix: ['--max-file-size'] }],
    },
  ],
});

describe('parse-error leaves the rest of the scan standing', () => {
  it('still lints the rest of the broken file and the other files', async () => {
    const r = await lintTree({ 'a/main.tf': broken, 'b/main.tf': goodRole });
    const open = r.findings.filter((f) => f.ruleId === 'require-sub-condition').map((f) => f.range.file);
    expect(open).toEqual(expect.arrayContaining(['a/main.tf', 'b/main.tf']));
  });
});

describe('parse-error advice fits why the file was not linted', () => {
  it('broken syntax is told to fix the syntax; oversized, unreadable and non-UTF-8 files get their own advice', async () => {
    const { parseErrorFix } = await import('./parse-error.js');
    expect(parseErrorFix('Unexpected token')).toMatch(/^Fix the syntax/);
    for (const message of [
      'file is 12.0 MB, over the 10 MB limit; not read',
      'cannot read file: permission denied',
      'file is not valid UTF-8, not read',
      'a directory, not read',
    ]) {
      expect(parseErrorFix(message), message).not.toMatch(/syntax/i);
    }
    expect(parseErrorFix('cannot read file: permission denied')).toMatch(/readable/);
  });
});
