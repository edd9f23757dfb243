import { describe, expect, it } from 'vitest';
import { evaluateFiles, plain } from '../testing/terraform.js';
import { placeName } from '../core/source.js';

const tfJson = JSON.stringify(
  {
    variable: { org: { default: 'acme' } },
    locals: { host: 'app.terraform.io' },
    resource: {
      aws_iam_role: {
        r: {
          name: 'role-${var.org}',
          assume_role_policy: '${jsonencode({ sub = "organization:${var.org}:*" })}',
          inline_policy: { name: 'p', policy: '{}' },
        },
      },
      t: { keys: { m: { '${local.host}:sub': 'x', plain: 'a\\/b \\u00e9 ${var.org}' } } },
    },
  },
  null,
  2,
  // JSON-only escapes written as they would be in a hand-written file.
).replace(String.raw`a\\/b \\u00e9`, String.raw`a\/b \u00e9`);

describe('Terraform JSON syntax', () => {
  it('evaluates string templates in .tf.json with ranges inside the JSON file', async () => {
    const r = await evaluateFiles({ 'main.tf.json': tfJson });
    const role = r.resource('aws_iam_role.r');
    expect(role.input).toBe('tf-json');
    const name = role.values.entries.find((e) => e.key === 'name')!.value;
    expect(plain(name)).toBe('role-acme');
    if (name.kind !== 'string') throw new Error('not a string');
    const text = tfJson;
    const lit = name.segments![0];
    expect(lit).toMatchObject({ linear: true });
    expect(lit.range!.start.offset).toBe(text.indexOf('role-${var.org}'));
    const interp = name.segments![1];
    expect(interp.range!.start.offset).toBe(text.indexOf('${var.org}'));
    expect(interp.origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.org' });
  });

  it('treats known nested block types as lists of objects and evaluates function calls in templates', async () => {
    const r = await evaluateFiles({ 'main.tf.json': tfJson });
    const v = plain(r.resource('aws_iam_role.r').values) as Record<string, unknown>;
    expect(v.inline_policy).toEqual([{ name: 'p', policy: '{}' }]);
    expect(JSON.parse(v.assume_role_policy as string)).toEqual({ sub: 'organization:acme:*' });
  });

  it('evaluates object keys as templates and decodes JSON-only escapes from the file', async () => {
    const r = await evaluateFiles({ 'main.tf.json': tfJson });
    const m = r.arg('t.keys', 'm');
    expect(plain(m)).toEqual({ 'app.terraform.io:sub': 'x', plain: 'a/b é acme' });
    const key = m.kind === 'object' ? m.entries[0].keyValue : undefined;
    expect(key?.segments?.[0].origins?.[0]).toMatchObject({ kind: 'local', name: 'local.host' });
    const p = m.kind === 'object' ? m.entries[1].value : undefined;
    if (p?.kind !== 'string') throw new Error('not a string');
    // `\/` is its own segment spanning the two characters of the escape
    const slash = p.segments!.find((s) => p.value.slice(s.start, s.end) === '/')!;
    expect(slash.range!.end.offset - slash.range!.start.offset).toBe(2);
  });

  it('expands a dynamic block written in JSON syntax', async () => {
    const doc = {
      data: {
        aws_iam_policy_document: {
          d: {
            dynamic: { statement: { for_each: '${["a", "b"]}', content: { actions: ['${statement.value}'] } } },
          },
        },
      },
    };
    const r = await evaluateFiles({ 'main.tf.json': JSON.stringify(doc) });
    expect(plain(r.resource('data.aws_iam_policy_document.d').values)).toEqual({ statement: [{ actions: ['a'] }, { actions: ['b'] }] });
  });

  it('reports invalid JSON as a parse error with a range', async () => {
    const r = await evaluateFiles({ 'main.tf.json': '{"resource": {' });
    expect(r.diagnostics.some((d) => d.code === 'parse-error' && (d.range && placeName(d.range)) === 'main.tf.json')).toBe(true);
  });
});
