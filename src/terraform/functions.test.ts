import { describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeTree } from '../testing/tf.js';
import { evalArgs, evaluateFiles, plain } from '../testing/terraform.js';

/** Evaluate each expression as an argument `a0`, `a1`, ... of one resource. */
async function evalAll(exprs: string[], extra = '') {
  const r = await evalArgs(exprs.map((e, i) => `  a${i} = ${e}`).join('\n'), extra);
  return { r, values: exprs.map((_, i) => plain(r.v(`a${i}`))) };
}

const cases: [string, unknown][] = [
  ['jsonencode({ b = [1, true, null], a = "x" })', '{"a":"x","b":[1,true,null]}'],
  ['jsondecode("{\\"k\\": [1, \\"v\\"]}")', { k: [1, 'v'] }],
  ['one(["only"])', 'only'],
  ['one([])', null],
  ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
  ['merge({ a = 1, b = 2 }, { b = 3 })', { a: 1, b: 3 }],
  ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
  ['distinct(["a", "b", "a"])', ['a', 'b']],
  ['toset(["b", "a", "b"])', ['b', 'a']],
  ['tolist(["x"])', ['x']],
  ['tomap({ k = "v" })', { k: 'v' }],
  ['tostring(5)', '5'],
  ['tonumber("42")', 42],
  ['tobool("true")', true],
  ['format("%s-%d-%q-%%", "a", 7, "q")', 'a-7-"q"-%'],
  ['formatlist("x-%s", ["a", "b"])', ['x-a', 'x-b']],
  ['join(",", ["a", "b"], ["c"])', 'a,b,c'],
  ['split(":", "a:b::c")', ['a', 'b', '', 'c']],
  ['replace("a-b-c", "-", "_")', 'a_b_c'],
  ['replace("org:acme:ws", "/^org:([a-z]+):.*$/", "$1")', 'acme'],
  ['regex("^([a-z]+)-(\\\\d+)$", "abc-12")', ['abc', '12']],
  ['regexall("[0-9]", "a1b2")', ['1', '2']],
  ['can(regex("^x", "abc"))', false],
  ['can(regex("^a", "abc"))', true],
  ['try(local.missing.x, "fallback")', 'fallback'],
  ['lower("ABC")', 'abc'],
  ['upper("abc")', 'ABC'],
  ['title("hello world")', 'Hello World'],
  ['trimprefix("org:acme", "org:")', 'acme'],
  ['trimsuffix("file.json", ".json")', 'file'],
  ['trimspace("  x \\n")', 'x'],
  ['trim("--x--", "-")', 'x'],
  ['substr("hello", 1, 3)', 'ell'],
  ['startswith("hello", "he")', true],
  ['endswith("hello", "lo")', true],
  ['strcontains("hello", "ell")', true],
  ['lookup({ a = 1 }, "b", 2)', 2],
  ['coalesce("", null, "z")', 'z'],
  ['coalescelist([], ["x"])', ['x']],
  ['compact(["a", "", null, "b"])', ['a', 'b']],
  ['contains(["a", "b"], "b")', true],
  ['length({ a = 1, b = 2 })', 2],
  ['keys({ b = 1, a = 2 })', ['a', 'b']],
  ['values({ b = 1, a = 2 })', [2, 1]],
  ['element(["a", "b"], 3)', 'b'],
  ['slice(["a", "b", "c"], 1, 3)', ['b', 'c']],
  ['zipmap(["a", "b"], [1, 2])', { a: 1, b: 2 }],
  ['setunion(["a"], ["b", "a"])', ['a', 'b']],
  ['sort(["b", "a"])', ['a', 'b']],
  ['reverse([1, 2])', [2, 1]],
  ['range(3)', [0, 1, 2]],
  ['abs(-3)', 3],
  ['min(3, 1, 2)', 1],
  ['max(3, 1, 2)', 3],
  ['base64encode("hi")', 'aGk='],
  ['base64decode("aGk=")', 'hi'],
  ['urlencode("a b/c")', 'a+b%2Fc'],
  ['chomp("x\\n\\n")', 'x'],
  ['concat([["a"], ["b"]]...)', ['a', 'b']],
  // workspace × run phase is how setups write one role per pair
  [
    'setproduct(["w1", "w2"], ["plan", "apply"])',
    [
      ['w1', 'plan'],
      ['w1', 'apply'],
      ['w2', 'plan'],
      ['w2', 'apply'],
    ],
  ],
  ['setproduct(["a"], [])', []],
  ['setintersection(["a", "b", "c"], ["c", "a"])', ['a', 'c']],
  ['setsubtract(["a", "b", "c"], ["b"])', ['a', 'c']],
  ['alltrue([true, "true"])', true],
  ['anytrue([false, true])', true],
  ['index(["a", "b"], "b")', 1],
  ['sum([1, 2, 3])', 6],
];

describe('functions', () => {
  it('computes each supported function like Terraform', async () => {
    const { values } = await evalAll(cases.map((c) => c[0]));
    expect(values.map((v, i) => [cases[i][0], v])).toEqual(cases);
  });

  it('makes an unknown argument give an unknown result, and an unknown function an unknown plus a note', async () => {
    const { r, values } = await evalAll(['lower(aws_iam_role.x.arn)', 'nosuchfn(1)', 'timestamp()'], 'resource "aws_iam_role" "x" {}');
    expect(values.map((v) => typeof v === 'string' && v.startsWith('?'))).toEqual([true, true, true]);
    expect(r.diagnostics.some((d) => /unsupported function nosuchfn/.test(d.message))).toBe(true);
  });

  it('keeps each element of setproduct() pointing at where it was written', async () => {
    const { r } = await evalAll(['setproduct(var.ws, ["plan"])'], 'variable "ws" { default = ["w1"] }');
    const pairs = r.v('a0');
    if (pairs.kind !== 'list' || pairs.items[0].kind !== 'list') throw new Error('not a list of lists');
    expect(pairs.items[0].items[0].origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.ws' });
  });

  it('lets one() return the element with its own range and the list origin', async () => {
    const { r } = await evalAll(['one(var.ids)'], 'variable "ids" { default = ["aud"] }');
    const v = r.v('a0');
    expect(v.range).toMatchObject({ start: { line: 4, column: 29 } });
    expect(v.origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.ids' });
  });

  it('keeps segments through join and format so a variable still points at its default', async () => {
    const { r } = await evalAll(['format("org:%s", var.org)', 'join(":", ["a", var.org])'], 'variable "org" { default = "acme" }');
    for (const name of ['a0', 'a1']) {
      const v = r.v(name);
      if (v.kind !== 'string') throw new Error('not a string');
      const seg = v.segments!.find((s) => v.value.slice(s.start, s.end) === 'acme');
      expect(seg?.range).toMatchObject({ start: { line: 5, column: 29 } });
    }
  });

  it('survives a catastrophic-backtracking pattern because regexes run on RE2', async () => {
    const started = Date.now();
    const { values } = await evalAll([`replace("${'a'.repeat(5000)}!", "/(a+)+$/", "x")`]);
    expect(values[0]).toBe(`${'a'.repeat(5000)}!`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps jsonencode output decodable back to the encoded value with its ranges', async () => {
    const { r } = await evalAll(['jsondecode(jsonencode({ k = var.v }))'], 'variable "v" { default = "x" }');
    const v = r.v('a0');
    expect(plain(v)).toEqual({ k: 'x' });
  });

  it('refuses a file() whose symlink leads outside the scan root', async () => {
    const outside = writeTree({ 'secret.json': '{"s": 1}' });
    try {
      const r = await evaluateFiles({ 'main.tf': 'resource "t" "r" {\n  f = file("link.json")\n}\n', placeholder: '' }, {}, '', (dir) =>
        symlinkSync(join(outside.dir, 'secret.json'), join(dir, 'link.json')),
      );
      expect(plain(r.arg('t.r', 'f'))).toMatch(/outside the scan root/);
      expect(r.files).toEqual([]);
    } finally {
      outside.cleanup();
    }
  });

  it('reads file() and templatefile() inside the scan root with segments mapped into the read file', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'resource "t" "r" {\n  f = file("${path.module}/doc.json")\n  t = templatefile("tpl.json", { org = "acme" })\n  bad = file("/etc/passwd")\n}\n',
      'doc.json': '{"a": 1}\n',
      'tpl.json': '{"sub": "org:${org}:*"}\n',
    });
    const f = r.arg('t.r', 'f');
    const t = r.arg('t.r', 't');
    expect(plain(f)).toBe('{"a": 1}\n');
    expect(plain(t)).toBe('{"sub": "org:acme:*"}\n');
    if (f.kind !== 'string' || t.kind !== 'string') throw new Error('not strings');
    expect(f.segments?.[0]).toMatchObject({ linear: true, range: { file: 'doc.json', start: { line: 1, column: 1 } } });
    expect(t.segments?.[0]).toMatchObject({ linear: true, range: { file: 'tpl.json', start: { line: 1, column: 1 } } });
    expect(r.files.map((x) => x.path).sort()).toEqual(['doc.json', 'tpl.json']);
    expect(plain(r.arg('t.r', 'bad'))).toMatch(/outside the scan root/);
  });
});
