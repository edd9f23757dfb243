// The byte scan that lazy parsing relies on: it must find every top-level block exactly, or say
// it is not sure (then the whole file is parsed).
import { describe, expect, it } from 'vitest';
import { selectBlocks, topLevelBlocks } from './hcl-blocks.js';

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
    expect(blocks.map((b) => [b.type, ...b.labels])).toEqual([['resource', 'aws_s3_bucket', 'b'], ['locals'], ['terraform'], ['provider', 'aws']]);
    for (const b of blocks) expect(text[b.end - 1]).toBe('}');
    expect(text.slice(blocks[0].start, blocks[0].start + 8)).toBe('resource');
  });

  it('is not sure of broken or unusual text', () => {
    for (const bad of ['resource "a" "b" {\n', 'resource "a" "b" {\n  x = "open\n}\n', 'x = 1\n', 'a = <<EOT\nnever\n', '/* open']) expect(topLevelBlocks(bad), bad).toBeUndefined();
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
    const { keep } = selectBlocks([main, other, '{"resource": {"aws_sqs_queue": {"q": {}}}, "output": {"x": {"value": "${aws_s3_bucket.unrelated.id}"}}}'], wanted);
    expect(keep[0]!.map((b) => b.labels.join('.'))).toEqual(['aws_s3_bucket.unrelated', 'aws_s3_bucket.logs', 'aws_kms_key.k', 'aws_iam_role.r', 'aws_caller_identity.me']);
    // A file whose blocks are all kept, and JSON, are parsed whole.
    expect(keep[1]).toBeUndefined();
    expect(keep[2]).toBeUndefined();
  });
});
