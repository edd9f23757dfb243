import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../parse/json.js';
import { tf } from '../testing/tf.js';
import { locatorForString } from './string-locator.js';
import { evaluateFiles } from '../testing/terraform.js';
import { type Value, get } from '../core/value.js';

const main = tf`
  variable "org" { default = "acme" }
  resource "aws_iam_openid_connect_provider" "p" {}
  resource "aws_iam_role" "r" {
    assume_role_policy = <<EOF
  {"Condition": {"StringLike": {"sub": "org:\${var.org}:*"}},
   "Principal": {"Federated": "\${aws_iam_openid_connect_provider.p.arn}"}}
  EOF
  }
`;

async function policy() {
  const r = await evaluateFiles({ 'main.tf': main });
  const s = r.arg('aws_iam_role.r', 'assume_role_policy');
  if (s.kind !== 'string') throw new Error('not a string');
  return { s, text: main };
}

describe('locatorForString', () => {
  it('maps a JSON string token inside a heredoc exactly onto the .tf file, across an interpolation', async () => {
    const { s, text } = await policy();
    const { value, errors } = parseJsonText(s.value, locatorForString(s));
    expect(errors).toEqual([]);
    const sub = get(get(get(value, 'Condition'), 'StringLike'), 'sub') as Value;
    expect(sub).toMatchObject({ kind: 'string', value: 'org:acme:*' });
    const start = text.indexOf('"org:${var.org}:*"');
    expect(sub.range).toMatchObject({
      file: 'main.tf',
      start: { offset: start, line: 5 },
      end: { offset: start + '"org:${var.org}:*"'.length, line: 5 },
    });
    expect(sub.range?.approximate).toBeUndefined();
  });

  it('carries interpolation origins and unknown runs into the parsed JSON strings', async () => {
    const { s } = await policy();
    const value = parseJsonText(s.value, locatorForString(s)).value;
    const sub = get(get(get(value, 'Condition'), 'StringLike'), 'sub');
    if (sub?.kind !== 'string') throw new Error('not a string');
    const acme = sub.segments!.find((g) => sub.value.slice(g.start, g.end) === 'acme')!;
    expect(acme.origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.org' });
    const fed = get(get(value, 'Principal'), 'Federated');
    if (fed?.kind !== 'string') throw new Error('not a string');
    expect(fed.segments?.find((g) => g.unknown)?.unknown?.symbol).toMatchObject({
      address: 'aws_iam_openid_connect_provider.p',
      attribute: 'arn',
    });
  });

  it('maps offsets inside a linear run character by character', async () => {
    const { s, text } = await policy();
    const loc = locatorForString(s);
    const i = s.value.indexOf('Condition');
    expect(loc.range(i, i + 9)).toMatchObject({
      start: { offset: text.indexOf('Condition') },
      end: { offset: text.indexOf('Condition') + 9 },
    });
  });

  it('falls back to the whole string, marked approximate, when there are no segments', () => {
    const loc = locatorForString({
      kind: 'string',
      value: 'abc',
      range: { file: 'f', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 4, offset: 3 } },
    });
    expect(loc.range(1, 2)).toMatchObject({ file: 'f', approximate: true });
  });
});
