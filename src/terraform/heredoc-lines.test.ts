// Lazy parsing leaves the plain-text lines of heredoc bodies out of tree-sitter's input (each
// character would be one token there); the evaluator reads literal text from the file. Proven
// here: the evaluated values — text, segments, ranges, origins — are identical with and without.
import { describe, expect, it } from 'vitest';
import { modelWants } from '../model/extract.js';
import { evaluateFiles } from '../testing/terraform.js';

const HEREDOCS = `variable "env" {
  default = "prod"
}

locals {
  names = ["a", "b"]
  nested = <<EOT
plain first line
\${jsonencode({
  inner = <<-IN
    inner plain
    \${var.env}
  IN
})}
$\${escaped} and %%{escaped}
%{ for n in local.names ~}
- \${n}
%{ endfor ~}
last plain line
EOT
}

resource "aws_iam_policy" "indented" {
  name   = "indented"
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow",
        "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": "arn:aws:s3:::\${var.env}-bucket/*"
      }]
    }
  EOF
}

resource "aws_iam_policy" "plain" {
  name   = "plain"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "sqs:*", "Resource": "*" }]
}
EOF
}

resource "aws_iam_policy" "fromyaml" {
  name   = "fromyaml"
  policy = jsonencode(yamldecode(<<-Y
    Version: "2012-10-17"
    Statement:
      - Effect: Allow
        Action: kms:Decrypt
        Resource: "\${local.nested}"
  Y
  ))
}

resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = <<EOF
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
EOF
  description = "\${local.nested}"
}
`;

async function bothWays(files: Record<string, string>) {
  const on = await evaluateFiles(files, { wanted: modelWants, lazy: true });
  const off = await evaluateFiles(files, { wanted: modelWants, lazy: false });
  // Each evaluation writes its own temporary folder: compare with the folder taken out, and
  // source files by their path.
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

describe('heredoc bodies left out of the parse', () => {
  it('plain, indented, templated, nested and escaped heredocs evaluate identically', async () => {
    const r = await bothWays({ 'main.tf': HEREDOCS });
    // The values are the real ones, not two equally empty results.
    expect(r.resources.map((x) => x.address).sort()).toEqual([
      'aws_iam_policy.fromyaml',
      'aws_iam_policy.indented',
      'aws_iam_policy.plain',
      'aws_iam_role.r',
    ]);
    const policy = r.arg('aws_iam_policy.indented', 'policy');
    expect(policy.kind === 'string' && policy.value).toContain('"Resource": "arn:aws:s3:::prod-bucket/*"');
    const description = r.arg('aws_iam_role.r', 'description');
    expect(description.kind === 'string' && description.value).toBe(
      'plain first line\n{"inner":"inner plain\\nprod\\n"}\n${escaped} and %{escaped}\n- a\n- b\nlast plain line\n',
    );
  });

  it('with Windows line endings, and in a large file parsed block by block', async () => {
    await bothWays({ 'main.tf': HEREDOCS.replace(/\n/g, '\r\n') });
    let big = HEREDOCS;
    for (let i = 0; big.length < 80_000; i++)
      big += `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n  policy = <<EOF\n{"Statement": []}\nEOF\n}\n`;
    const r = await bothWays({ 'main.tf': big });
    expect(r.resources.some((x) => x.address === 'aws_iam_policy.plain')).toBe(true);
  });

  it('a syntax error next to a heredoc is still reported in both modes', async () => {
    const r = await bothWays({ 'main.tf': 'locals {\n  a = <<EOT\nplain\nEOT\n  b = = 1\n}\n' });
    expect(r.diagnostics.some((d) => d.code === 'parse-error')).toBe(true);
  });
});
