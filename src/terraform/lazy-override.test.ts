// Lazy parsing picks the blocks of a large file from the text of every file of the module: an
// override file's block can refer to a resource that only it names, and that resource must still
// be parsed. Proven by evaluating with and without lazy parsing and comparing every value.
import { describe, expect, it } from 'vitest';
import { modelWants } from '../model/extract.js';
import { get } from '../core/value.js';
import { evaluateFiles } from '../testing/terraform.js';

async function bothWays(files: Record<string, string>) {
  const on = await evaluateFiles(files, { wanted: modelWants, lazy: true });
  const off = await evaluateFiles(files, { wanted: modelWants, lazy: false });
  const data = (r: typeof on) =>
    JSON.parse(
      JSON.stringify({ resources: r.resources, diagnostics: r.diagnostics }, (k, v: unknown) =>
        k === 'source' && v && typeof v === 'object' ? (v as { path: string }).path : v,
      )
        .split(r.dir)
        .join('<dir>'),
    ) as unknown;
  expect(data(on)).toEqual(data(off));
  return on;
}

describe('lazy parsing with override files', () => {
  it('a resource that only an override block refers to is parsed in the large file', async () => {
    let main = 'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = "{}"\n}\n';
    for (let i = 0; main.length < 80_000; i++) main += `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n}\n`;
    const r = await bothWays({
      'main.tf': main,
      'override.tf': 'resource "aws_iam_role" "r" {\n  description = aws_s3_bucket.b42.bucket\n}\n',
    });
    expect(get(r.resource('aws_iam_role.r').values, 'description')).toMatchObject({ kind: 'string', value: 'bucket-42' });
  });
});
