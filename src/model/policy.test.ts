import { afterAll, describe, expect, it } from 'vitest';
import { SourceFile } from '../core/source.js';
import type { Segment, StringValue, Value } from '../core/value.js';
import { get } from '../core/value.js';
import { readPolicyDocument } from './policy.js';
import { jsonTree } from '../testing/model.js';

const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Tfc",
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
        "ForAnyValue:StringLikeIfExists": { "app.terraform.io:sub": ["organization:acme:*", "organization:beta:*"] }
      }
    }
  ]
}
`;

// A JSON string holding the policy as JSON text, with escapes before the sub value.
const NESTED = String.raw`{"assume_role_policy": "{\n \"Version\": \"2012-10-17\",\n \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"Federated\": \"arn:aws:iam::123456789012:oidc-provider/app.terraform.io\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\": {\"StringLike\": {\"app.terraform.io:sub\": \"organization:acme:*\"}}}}"}
`;

const tree = jsonTree({ 'trust.json': TRUST, 'nested.json': NESTED });
afterAll(() => tree.cleanup());
const fallback = new SourceFile('x.tf', '/x.tf', 'x').range(0, 1);

function at(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  return i;
}

describe('readPolicyDocument', () => {
  it('reads a jsonencode result through encodedFrom, with the exact range of every condition part', () => {
    const obj = tree.object('trust.json');
    const encoded: StringValue = { kind: 'string', value: JSON.stringify({}), encodedFrom: obj, range: obj.range };
    const { doc, unknown, problems } = readPolicyDocument(encoded, fallback);
    expect(unknown).toBeUndefined();
    expect(problems).toEqual([]);
    const [s] = doc!.statements;
    expect(s.effect).toBe('Allow');
    expect(s.sid).toMatchObject({ value: 'Tfc' });
    expect(s.principals).toHaveLength(1);
    expect(s.principals![0]).toMatchObject({
      type: 'Federated',
      values: [{ value: 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io' }],
    });
    expect(s.actions.map((a) => (a as StringValue).value)).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(s.conditions).toHaveLength(2);
    const sub = s.conditions[1];
    expect(sub.op).toEqual({ set: 'ForAnyValue', base: 'StringLike', ifExists: true });
    expect(sub.key.value).toBe('app.terraform.io:sub');
    expect(sub.values.map((v) => (v as StringValue).value)).toEqual(['organization:acme:*', 'organization:beta:*']);
    expect(sub.operatorRange.start.offset).toBe(at(TRUST, '"ForAnyValue'));
    expect(sub.key.range!.start.offset).toBe(at(TRUST, '"app.terraform.io:sub"'));
    expect(sub.range.start.offset).toBe(at(TRUST, '"app.terraform.io:sub"'));
    expect(sub.range.end.offset).toBe(at(TRUST, ':*"]') + 4);
    expect(s.range.start).toMatchObject({ line: 4, column: 5 });
  });

  it('maps a sub value in JSON text inside a JSON string (with escapes) to its exact file position', () => {
    const trust = get(tree.object('nested.json'), 'assume_role_policy')!;
    const { doc, problems } = readPolicyDocument(trust, fallback);
    expect(problems).toEqual([]);
    const [s] = doc!.statements;
    const cond = s.conditions[0];
    expect(cond.op.base).toBe('StringLike');
    expect(cond.key.value).toBe('app.terraform.io:sub');
    const v = cond.values[0] as StringValue;
    expect(v.value).toBe('organization:acme:*');
    // the token's range spans its escaped quotes \"...\"; each character maps to its own place
    const start = at(NESTED, 'organization:acme:*');
    expect(v.range!.start.offset).toBe(start - 2);
    expect(v.range!.end.offset).toBe(start + 'organization:acme:*'.length + 2);
    const star = v.segments!.find((g) => g.start <= 18 && 18 < g.end)!;
    expect(star.linear).toBe(true);
    expect(star.range!.start.offset + (18 - star.start)).toBe(start + 18);
    // the key is an escaped JSON string inside the outer string: its range covers \"...\"
    expect(cond.key.range!.start.offset).toBe(at(NESTED, String.raw`\"app.terraform.io:sub\"`));
  });

  it('reads an object value: a single Statement object and "Principal": "*"', () => {
    const text = '{"Statement": {"Effect": "Deny", "Principal": "*", "NotAction": ["s3:*"], "Resource": "*"}}\n';
    const t = jsonTree({ 'p.json': text });
    try {
      const { doc, problems } = readPolicyDocument(t.object('p.json'), fallback);
      expect(problems).toEqual([]);
      const [s] = doc!.statements;
      expect(s.effect).toBe('Deny');
      expect(s.principals).toMatchObject([{ type: '*', values: [{ value: '*' }] }]);
      expect(s.principals![0].range.start.offset).toBe(at(text, '"Principal"'));
      expect(s.notActions).toHaveLength(1);
      expect(s.actions).toEqual([]);
      expect(s.resources).toHaveLength(1);
    } finally {
      t.cleanup();
    }
  });

  it('reports a wrong-case element as a problem at its key instead of reading or dropping it silently', () => {
    const text = '{"Version": "2012-10-17", "statement": [{"Effect": "Allow", "Action": "*"}]}\n';
    const t = jsonTree({ 'p.json': text });
    try {
      const { doc, problems } = readPolicyDocument(t.object('p.json'), fallback);
      expect(doc!.statements).toEqual([]);
      expect(problems.map((p) => p.message)).toEqual([
        '"statement" must be written "Statement": IAM element names are case-sensitive and IAM rejects this policy',
        'the policy has no "Statement" element',
      ]);
      expect(problems[0].range.start.offset).toBe(at(text, '"statement"'));
      expect(doc!.problems).toBe(problems);
    } finally {
      t.cleanup();
    }
  });

  it('reports wrong-case statement elements, principal types, bad Effect and unknown operators', () => {
    const text =
      '{"Statement": [{"effect": "Allow", "Effect": "allow", "Principal": {"federated": "x"}, "Condition": {"StringEqual": {"k": "v"}}}]}\n';
    const t = jsonTree({ 'p.json': text });
    try {
      const { doc, problems } = readPolicyDocument(t.object('p.json'), fallback);
      expect(problems.map((p) => p.message)).toEqual([
        '"effect" must be written "Effect": IAM element names are case-sensitive and IAM rejects this policy',
        'Effect must be "Allow" or "Deny"',
        'principal type "federated" must be written "Federated"; IAM rejects this policy',
        '"StringEqual" is not an IAM condition operator',
      ]);
      const [s] = doc!.statements;
      expect(s.effect).toBeUndefined();
      expect(s.effectValue).toMatchObject({ value: 'allow' });
      expect(s.principals).toEqual([]);
      expect(s.conditions[0].op.base).toBe('StringEqual');
    } finally {
      t.cleanup();
    }
  });

  it('returns unknown for a value not known until apply, and no document', () => {
    const r = readPolicyDocument(
      { kind: 'unknown', reason: 'computed', symbol: { address: 'data.x.y', attribute: 'json', module: '' } },
      fallback,
    );
    expect(r).toEqual({ unknown: 'computed (data.x.y.json)', problems: [] });
  });

  it('returns unknown when a Statement list or a Condition block is unknown rather than an empty document', () => {
    const stmts = readPolicyDocument(
      { kind: 'object', entries: [{ key: 'Statement', value: { kind: 'unknown', reason: 'var.statements has no value' } }] },
      fallback,
    );
    expect(stmts.doc).toBeUndefined();
    expect(stmts.unknown).toBe('the Statement element is not known until apply (var.statements has no value)');
    const cond: Value = {
      kind: 'object',
      entries: [
        {
          key: 'Statement',
          value: {
            kind: 'object',
            entries: [
              { key: 'Effect', value: { kind: 'string', value: 'Allow' } },
              { key: 'Condition', value: { kind: 'unknown', reason: 'local.c' } },
            ],
          },
        },
      ],
    };
    expect(readPolicyDocument(cond, fallback).unknown).toBe('the Condition element is not known until apply (local.c)');
  });

  it('reports invalid JSON text with a mapped range and returns no document', () => {
    const text = '{"p": "{\\"Statement\\": [}"}\n';
    const t = jsonTree({ 'bad.json': text });
    try {
      const r = readPolicyDocument(get(t.object('bad.json'), 'p')!, fallback);
      expect(r.doc).toBeUndefined();
      expect(r.unknown).toBeUndefined();
      expect(r.problems.length).toBeGreaterThan(0);
      expect(r.problems[0].message).toMatch(/^Invalid JSON/);
      expect(r.problems[0].range.start.offset).toBe(at(text, '}"}'));
    } finally {
      t.cleanup();
    }
  });

  it('decodes a URL-encoded document as the IAM API returns it', () => {
    const doc = encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity"}]}');
    const r = readPolicyDocument({ kind: 'string', value: doc, range: fallback }, fallback);
    expect(r.problems).toEqual([]);
    expect(r.doc!.statements[0].effect).toBe('Allow');
    expect(r.doc!.statements[0].range.approximate).toBe(true);
  });
});

describe('readPolicyDocument on heredoc text with interpolations not known until apply', () => {
  // As the evaluator builds it: literal runs map linearly into the file, the unknown run is a placeholder.
  function heredoc(
    text: string,
    placeholder: string,
    symbol = { address: 'aws_iam_openid_connect_provider.tfc', attribute: 'arn', module: '' },
  ) {
    const file = new SourceFile('main.tf', '/main.tf', text);
    const a = at(text, placeholder);
    const b = a + placeholder.length;
    const lin = (s: number, e: number): Segment => ({ start: s, end: e, range: file.range(s, e), source: file, linear: true });
    const value: StringValue = {
      kind: 'string',
      value: text,
      range: file.range(0, text.length),
      segments: [
        lin(0, a),
        { start: a, end: b, range: file.range(a, b), unknown: { reason: 'known after apply', symbol } },
        lin(b, text.length),
      ],
    };
    return { value, file, a };
  }

  it('keeps an unknown run inside a JSON string, with its symbol, so the principal links to its provider', () => {
    const text =
      '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${aws_iam_openid_connect_provider.tfc.arn}"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}';
    const { value, a } = heredoc(text, '${aws_iam_openid_connect_provider.tfc.arn}');
    const r = readPolicyDocument(value, value.range!);
    expect(r.problems).toEqual([]);
    const fed = r.doc!.statements[0].principals![0].values[0] as StringValue;
    expect(fed.range!.start.offset).toBe(a - 1);
    const unknownSeg = fed.segments!.find((s) => s.unknown);
    expect(unknownSeg?.unknown?.symbol).toEqual({ address: 'aws_iam_openid_connect_provider.tfc', attribute: 'arn', module: '' });
  });

  it('reads a document whose unknown interpolation text holds quotes, inside a JSON string', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Principal": {"Federated": "${lookup(var.m, "k")}"}}]}';
    const { value } = heredoc(text, '${lookup(var.m, "k")}');
    const r = readPolicyDocument(value, value.range!);
    expect(r.problems).toEqual([]);
    const fed = r.doc!.statements[0].principals![0].values[0] as StringValue;
    expect(fed.segments!.some((g) => g.unknown?.symbol?.address === 'aws_iam_openid_connect_provider.tfc')).toBe(true);
  });

  it('returns unknown with a problem at the interpolation when it sits where JSON needs a value', () => {
    const text = '{"Statement": [{"Effect": "Allow", "Action": ${jsonencode(var.actions)}}]}';
    const { value, a } = heredoc(text, '${jsonencode(var.actions)}');
    const r = readPolicyDocument(value, value.range!);
    expect(r.doc).toBeUndefined();
    expect(r.unknown).toMatch(/\$\{jsonencode\(var\.actions\)\} where JSON needs a value/);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].range.start.offset).toBe(a);
  });
});
