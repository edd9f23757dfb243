// The byte scan that lazy parsing relies on: it must find every top-level block exactly, or say
// it is not sure (then the whole file is parsed).
import { describe, expect, it } from 'vitest';
import { type TextRun, parseRanges, selectBlocks, topLevelBlocks } from './hcl-blocks.js';

describe('topLevelBlocks', () => {
  it('finds blocks with string and bare labels, past comments, heredocs and braces inside strings', () => {
    const text = [
      '# a comment with { and "',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "x-${jsonencode({ a = "}" })}"',
      '  policy = <<-EOT',
      '    { "not": "closed"',
      '  EOT',
      '}',
      '/* { */',
      'locals {',
      '  a = [for k, v in var.m : k => v if v != "]"]',
      '}',
      'terraform {}',
      'provider aws {',
      '}',
      '',
    ].join('\n');
    const blocks = topLevelBlocks(text)!;
    expect(blocks.map((b) => [b.type, ...b.labels])).toEqual([
      ['resource', 'aws_s3_bucket', 'b'],
      ['locals'],
      ['terraform'],
      ['provider', 'aws'],
    ]);
    for (const b of blocks) expect(text[b.end - 1]).toBe('}');
    expect(text.slice(blocks[0].start, blocks[0].start + 8)).toBe('resource');
  });

  it('is not sure of broken or unusual text', () => {
    for (const bad of ['resource "a" "b" {\n', 'resource "a" "b" {\n  x = "open\n}\n', 'x = 1\n', 'a = <<EOT\nnever\n', '/* open'])
      expect(topLevelBlocks(bad), bad).toBeUndefined();
  });
});

describe('selectBlocks', () => {
  const wanted = (_mode: 'managed' | 'data', type: string) => type.startsWith('aws_iam_');
  it('keeps what the model wants, every non-resource block and, transitively, what they refer to', () => {
    const main = [
      'resource "aws_s3_bucket" "unrelated" {\n  bucket = "u"\n}',
      'resource "aws_s3_bucket" "logs" {\n  bucket = "l"\n}',
      'resource "aws_kms_key" "k" {\n  description = aws_s3_bucket.logs.id\n}',
      'resource "aws_iam_role" "r" {\n  name = "${local.prefix}-r"\n}',
      'data "aws_caller_identity" "me" {}',
      'data "aws_region" "unused" {}',
    ].join('\n');
    const other = 'locals {\n  prefix = "${data.aws_caller_identity.me.account_id}-${aws_kms_key.k.arn}"\n}\n';
    const { keep } = selectBlocks(
      [main, other, '{"resource": {"aws_sqs_queue": {"q": {}}}, "output": {"x": {"value": "${aws_s3_bucket.unrelated.id}"}}}'],
      wanted,
    );
    expect(keep[0]!.map((b) => b.labels.join('.'))).toEqual([
      'aws_s3_bucket.unrelated',
      'aws_s3_bucket.logs',
      'aws_kms_key.k',
      'aws_iam_role.r',
      'aws_caller_identity.me',
    ]);
    // A file whose blocks are all kept, and JSON, are parsed whole.
    expect(keep[1]).toBeUndefined();
    expect(keep[2]).toBeUndefined();
  });
});

describe('plain-text heredoc lines (left out of the parse)', () => {
  const runsOf = (text: string) => {
    const runs: TextRun[] = [];
    expect(topLevelBlocks(text, runs)).toBeDefined();
    return runs.map((r) => text.slice(r.start, r.end));
  };

  it('a heredoc without template sequences: every body line, not the marker lines', () => {
    const text = 'resource "aws_iam_policy" "p" {\n  policy = <<-EOF\n    {\n      "a": "b"\n    }\n  EOF\n}\n';
    expect(runsOf(text)).toEqual(['    {\n      "a": "b"\n    }\n']);
  });

  it('lines around interpolations and directives stay out; lines of a sequence, also one spanning lines, stay in', () => {
    const text = [
      'locals {',
      '  x = <<EOT',
      'plain one',
      'plain two',
      'a ${jsonencode({',
      '  k = "}"',
      '})} tail',
      'plain three',
      '%{ for v in var.l ~}',
      '${v}',
      '%{ endfor ~}',
      'plain four',
      'EOT',
      '}',
      '',
    ].join('\n');
    expect(runsOf(text)).toEqual(['plain one\nplain two\n', 'plain three\n', 'plain four\n']);
  });

  it('an escaped sequence keeps its line; a body with a line that starts like the marker is kept whole', () => {
    expect(runsOf('locals {\n  x = <<EOT\nplain\n$${not} an interpolation\nEOT\n}\n')).toEqual(['plain\n']);
    expect(runsOf('locals {\n  x = <<EOT\nplain\n  EOTX is not the end\nEOT\n}\n')).toEqual([]);
  });

  it('parseRanges cuts the lines out of the kept blocks, or out of the whole file', () => {
    const text = 'locals {\n  a = <<EOT\nbody\nEOT\n}\n# comment\nlocals {\n  b = 1\n}\n';
    const cut = text.indexOf('body');
    expect(parseRanges(text, undefined)).toEqual([
      { start: 0, end: cut },
      { start: cut + 5, end: text.length },
    ]);
    const blocks = topLevelBlocks(text)!;
    expect(parseRanges(text, blocks.slice(1))).toEqual([{ start: blocks[1].start, end: blocks[1].end }]);
    expect(parseRanges('locals {\n  b = 1\n}\n', undefined)).toBeUndefined();
  });
});
