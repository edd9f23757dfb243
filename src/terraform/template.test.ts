import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { evalArgs } from '../testing/terraform.js';
import type { StringValue, Value } from '../core/value.js';

function asString(v: Value): StringValue {
  if (v.kind !== 'string') throw new Error(`expected a string, got ${v.kind}: ${JSON.stringify(v)}`);
  return v;
}

/** [text, line, column, linear] of every segment. */
function segs(v: Value) {
  const s = asString(v);
  return (s.segments ?? []).map((g) => [s.value.slice(g.start, g.end), g.range?.start.line, g.range?.start.column, !!g.linear]);
}

describe('quoted templates', () => {
  it('maps a literal string linearly to its characters in the file', async () => {
    const r = await evalArgs('  a = "hello"');
    expect(segs(r.v('a'))).toEqual([['hello', 2, 8, true]]);
    expect(r.v('a').range).toMatchObject({ start: { line: 2, column: 7 }, end: { line: 2, column: 14 } });
  });

  it('gives each escape its own non-linear segment', async () => {
    const r = await evalArgs('  a = "x\\"y\\nz$${w}"');
    const s = asString(r.v('a'));
    expect(s.value).toBe('x"y\nz${w}');
    expect(segs(s)).toEqual([
      ['x', 2, 8, true],
      ['"', 2, 9, false],
      ['y', 2, 11, true],
      ['\n', 2, 12, false],
      ['z', 2, 14, true],
      ['${', 2, 15, false],
      ['w}', 2, 18, true],
    ]);
  });

  it('gives an interpolated variable one segment at the interpolation, with the variable origin', async () => {
    const r = await evalArgs('  a = "org:${var.org}:x"', 'variable "org" { default = "acme" }');
    const s = asString(r.v('a'));
    expect(s.value).toBe('org:acme:x');
    const g = s.segments![1];
    expect(s.value.slice(g.start, g.end)).toBe('acme');
    expect(g.range).toMatchObject({ start: { line: 2, column: 12 }, end: { line: 2, column: 22 } });
    expect(g.origins).toEqual([
      {
        kind: 'variable-default',
        name: 'var.org',
        range: expect.objectContaining({ start: expect.objectContaining({ line: 4, column: 28 }) }),
      },
    ]);
  });

  it('returns the value itself for a template that is a single interpolation', async () => {
    const r = await evalArgs('  a = "${var.l}"', 'variable "l" { default = ["x", "y"] }');
    expect(r.v('a')).toMatchObject({ kind: 'list', range: { start: { line: 2, column: 7 }, end: { line: 2, column: 17 } } });
  });

  it('keeps an unknown reference as an unknown run whose text is the interpolation source', async () => {
    const r = await evalArgs('  a = "arn=${aws_iam_role.x.arn}"', 'resource "aws_iam_role" "x" { name = "n" }');
    const s = asString(r.v('a'));
    expect(s.value).toBe('arn=${aws_iam_role.x.arn}');
    expect(s.segments![1].unknown?.symbol).toEqual({ address: 'aws_iam_role.x', attribute: 'arn', module: '' });
  });

  it('runs %{ if } / %{ else } and %{ for } directives with ~ strip markers', async () => {
    const r = await evalArgs(
      tf`
        a = "%{ if var.on }yes%{ else }no%{ endif }"
        b = "[%{ for x in var.xs ~} \${x}, %{~ endfor }]"
    `,
      'variable "on" { default = false }\nvariable "xs" { default = ["p", "q"] }',
    );
    expect(asString(r.v('a')).value).toBe('no');
    expect(asString(r.v('b')).value).toBe('[p,q,]');
  });
});

describe('heredocs', () => {
  it('keeps each line of a <<EOF heredoc linear with exact positions', async () => {
    const r = await evalArgs(
      tf`
        a = <<EOF
      {"k": "\${var.v}"}
      line2
      EOF
    `,
      'variable "v" { default = "val" }',
    );
    const s = asString(r.v('a'));
    expect(s.value).toBe('{"k": "val"}\nline2\n');
    expect(segs(s)).toEqual([
      ['{"k": "', 3, 1, true],
      ['val', 3, 8, false],
      ['"}\nline2\n', 3, 16, true],
    ]);
  });

  it('strips the smallest indentation in a <<-EOF heredoc and maps lines after the stripped part', async () => {
    const r = await evalArgs(tf`
        a = <<-EOT
          first
            second
        EOT
    `);
    const s = asString(r.v('a'));
    expect(s.value).toBe('first\n  second\n');
    expect(segs(s)).toEqual([
      ['first\n', 3, 3, true],
      ['  second\n', 4, 3, true],
    ]);
  });

  it('applies %{ for } with strip markers inside a heredoc', async () => {
    const r = await evalArgs(tf`
        a = <<EOF
      %{ for x in ["a", "b"] ~}
      - \${x}
      %{ endfor ~}
      end
      EOF
    `);
    expect(asString(r.v('a')).value).toBe('- a\n- b\nend\n');
  });
});
