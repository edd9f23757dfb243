import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { evalArgs, plain } from '../testing/terraform.js';

describe('expressions', () => {
  it('computes arithmetic, comparison and logical operators', async () => {
    const r = await evalArgs(tf`
      a = 1 + 2 * 3
      b = (10 - 4) / 3 % 2
      c = 3 > 2 && !(1 == 2) || false
      d = "x" == "x"
      e = -5 <= -5
    `);
    expect([plain(r.v('a')), plain(r.v('b')), plain(r.v('c')), plain(r.v('d')), plain(r.v('e'))]).toEqual([7, 0, true, true, true]);
  });

  it('evaluates operands that are traversals, parenthesised terms and unary operators on references', async () => {
    const r = await evalArgs(
      tf`
      a = local.o.k == "v"
      b = -local.o.n[0] + (local.o).n[1] * 2
      c = !local.o.t && local.o.n[0] < 5
    `,
      'locals {\n  o = { k = "v", n = [3, 4], t = false }\n}',
    );
    expect([plain(r.v('a')), plain(r.v('b')), plain(r.v('c'))]).toEqual([true, 5, true]);
  });

  it('evaluates only the chosen branch of a conditional and keeps an unknown condition unknown', async () => {
    const r = await evalArgs(
      tf`
      a = var.on ? "yes" : "no"
      b = aws_iam_role.x.arn == "" ? "p" : "q"
    `,
      'variable "on" { default = true }\nresource "aws_iam_role" "x" {}',
    );
    expect(plain(r.v('a'))).toBe('yes');
    expect(r.v('b').kind).toBe('unknown');
  });

  it('builds tuples and objects, with identifier, quoted and parenthesised keys', async () => {
    const r = await evalArgs(
      tf`
      a = [1, "two", null, true]
      b = { k = 1, "q-k" = 2, (var.key) = 3 }
    `,
      'variable "key" { default = "dyn" }',
    );
    expect(plain(r.v('a'))).toEqual([1, 'two', null, true]);
    expect(plain(r.v('b'))).toEqual({ k: 1, 'q-k': 2, dyn: 3 });
  });

  it('runs for expressions over lists and maps, with if filters and ... grouping', async () => {
    const r = await evalArgs(tf`
      a = [for i, s in ["a", "b", "c"] : "\${i}:\${s}" if s != "b"]
      b = { for k, v in { x = 1, y = 2 } : upper(k) => v * 10 }
      c = { for s in ["ab", "ac", "bd"] : substr(s, 0, 1) => s... }
    `);
    expect(plain(r.v('a'))).toEqual(['0:a', '2:c']);
    expect(plain(r.v('b'))).toEqual({ X: 10, Y: 20 });
    expect(plain(r.v('c'))).toEqual({ a: ['ab', 'ac'], b: ['bd'] });
  });

  it('applies index, attribute, legacy index and both splat forms', async () => {
    const r = await evalArgs(
      tf`
      a = local.objs[1].name
      b = local.objs[*].name
      c = local.objs.*.name
      d = local.m["k"]
      e = local.l.0
    `,
      'locals {\n  objs = [{ name = "p" }, { name = "q" }]\n  m = { k = "v" }\n  l = ["z"]\n}',
    );
    expect([plain(r.v('a')), plain(r.v('b')), plain(r.v('c')), plain(r.v('d')), plain(r.v('e'))]).toEqual([
      'q',
      ['p', 'q'],
      ['p', 'q'],
      'v',
      'z',
    ]);
  });

  it('keeps the reference range and appends a local origin when a local is read', async () => {
    const r = await evalArgs('  a = local.x', 'locals {\n  x = "val"\n}');
    const v = r.v('a');
    expect(v.range).toMatchObject({ start: { line: 2, column: 7 }, end: { line: 2, column: 14 } });
    expect(v.origins).toEqual([
      { kind: 'local', name: 'local.x', range: expect.objectContaining({ start: expect.objectContaining({ line: 5, column: 7 }) }) },
    ]);
  });

  it('turns a local reference cycle into an unknown that names the cycle', async () => {
    const r = await evalArgs('  a = local.p', 'locals {\n  p = local.q\n  q = local.p\n}');
    const v = r.v('a');
    expect(v.kind).toBe('unknown');
    expect(plain(v)).toMatch(/cycle: local\.p → local\.q → local\.p/);
    expect(r.diagnostics.some((d) => d.code === 'evaluation' && /cycle/.test(d.message))).toBe(true);
  });

  it('notes an undeclared variable and gives unknown instead of throwing', async () => {
    const r = await evalArgs('  a = var.nope');
    expect(r.v('a').kind).toBe('unknown');
    expect(
      r.diagnostics.some((d) =>
        /Reference to undeclared input variable: an input variable with the name "nope" has not been declared \(var\.nope\)/.test(
          d.message,
        ),
      ),
    ).toBe(true);
  });
});
