import { describe, expect, it } from 'vitest';
import { evaluateFiles, plain } from '../testing/terraform.js';

describe('override files merge into the module as Terraform merges them', () => {
  it('replaces attributes, replaces nested blocks of a type wholesale, and overrides locals, in override.tf and *_override.tf', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'locals {\n  phase = "apply"\n  org   = "acme"\n}\n' +
        'resource "t" "r" {\n  a = "keep"\n  b = "old"\n  block {\n    x = 1\n  }\n  block {\n    x = 2\n  }\n  other {\n    y = 1\n  }\n}\n',
      'override.tf': 'locals {\n  phase = "*"\n}\nresource "t" "r" {\n  b = local.phase\n  block {\n    x = 3\n  }\n}\n',
      'z_override.tf': 'resource "t" "r" {\n  c = "${local.org}-new"\n}\n',
    });
    expect(plain(r.resource('t.r').values)).toEqual({ a: 'keep', b: '*', c: 'acme-new', block: [{ x: 3 }], other: [{ y: 1 }] });
    // The replacing value points at the override file.
    expect(r.arg('t.r', 'b').range).toMatchObject({ file: 'override.tf' });
  });

  it('notes an override block that matches nothing instead of adding it', async () => {
    const r = await evaluateFiles({
      'main.tf': 'resource "t" "r" {\n  a = 1\n}\n',
      'override.tf': 'resource "t" "missing" {\n  a = 2\n}\n',
    });
    expect(r.resources.map((x) => x.address)).toEqual(['t.r']);
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('override resource "t" "missing": no such block')]);
  });
});
