import { describe, expect, it } from 'vitest';
import { evaluateFiles, plain } from '../testing/terraform.js';
import { placeName } from '../core/source.js';

describe('data "template_file" renders its template with its vars', () => {
  it('renders an inline template ($${} escapes) and a file() template, mapping positions into the template file', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'data "template_file" "a" {\n  template = "org:$${org}:%%{ if admin }admin%%{ endif }"\n  vars = { org = "acme", admin = true }\n}\n' +
        'data "template_file" "b" {\n  template = file("${path.module}/t.tpl")\n  vars     = { ws = "prod" }\n}\n' +
        'resource "t" "r" {\n  a = data.template_file.a.rendered\n  b = data.template_file.b.rendered\n}\n',
      't.tpl': 'line one\nworkspace:${ws}:run_phase:*\n',
    });
    expect(plain(r.arg('t.r', 'a'))).toBe('org:acme:admin');
    const b = r.arg('t.r', 'b');
    expect(plain(b)).toBe('line one\nworkspace:prod:run_phase:*\n');
    // The literal text after the interpolation still maps onto line 2 of the template file.
    if (b.kind !== 'string') throw new Error('not a string');
    const tail = b.segments!.find((s) => b.value.slice(s.start, s.end).includes(':run_phase:*'))!;
    expect(tail.range).toMatchObject({ file: 't.tpl', start: { line: 2 } });
  });

  it('names where each template variable is given as an origin of what it brings into the text', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'data "template_file" "b" {\n  template = file("${path.module}/t.tpl")\n  vars = {\n    ws = "prod-*"\n  }\n}\n' +
        'resource "t" "r" {\n  b = data.template_file.b.rendered\n  c = templatefile("${path.module}/t.tpl", { ws = "dev-*" })\n}\n',
      't.tpl': 'workspace:${ws}\n',
    });
    for (const [arg, line] of [
      ['b', 4],
      ['c', 9],
    ] as const) {
      const v = r.arg('t.r', arg);
      if (v.kind !== 'string') throw new Error('not a string');
      const seg = v.segments!.find((s) => v.value.slice(s.start, s.end).endsWith('-*'))!;
      expect(seg.range).toMatchObject({ file: 't.tpl', start: { line: 1 } });
      expect(seg.origins?.map((o) => `${o.kind}@${o.range && placeName(o.range)}:${o.range?.start.line}`)).toEqual([
        `template-var@main.tf:${line}`,
      ]);
    }
  });

  it('gives an unknown rendered value, not a crash, for an unknown template or vars', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'variable "t" {}\ndata "template_file" "a" {\n  template = var.t\n}\nresource "t" "r" {\n  a = data.template_file.a.rendered\n}\n',
    });
    expect(plain(r.arg('t.r', 'a'))).toMatch(/^\?var\.t has no value/);
  });
});

describe('fileset()', () => {
  it('lists matching files under the path, relative to it and sorted, with ** across folders', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'resource "t" "r" {\n  a = fileset(path.module, "trusts/*.json")\n  b = fileset("${path.module}/trusts", "**/*.json")\n}\n',
      'trusts/b.json': '{}',
      'trusts/a.json': '{}',
      'trusts/x.txt': '',
      'trusts/deep/c.json': '{}',
    });
    expect(plain(r.arg('t.r', 'a'))).toEqual(['trusts/a.json', 'trusts/b.json']);
    expect(plain(r.arg('t.r', 'b'))).toEqual(['a.json', 'b.json', 'deep/c.json']);
  });

  it('never lists outside the scan root', async () => {
    const r = await evaluateFiles({
      'main.tf': 'resource "t" "r" {\n  a = fileset("/etc", "*")\n  b = fileset("${path.module}/..", "*")\n}\n',
    });
    expect(plain(r.arg('t.r', 'a'))).toMatch(/outside the scan root/);
    expect(plain(r.arg('t.r', 'b'))).toMatch(/outside the scan root/);
  });
});
