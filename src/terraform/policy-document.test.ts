import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonFile, parseJsonText } from '../parse/json.js';
import { SourceFile } from '../core/source.js';
import { renderPolicyDocument } from './policy-document.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { type ObjectValue, type StringValue, type Value, get, isFullyKnown, unknown } from '../core/value.js';

const dir = join(import.meta.dirname, '../../fixtures/inputs/policy-document');
const docsFile = new SourceFile('documents.json', join(dir, 'documents.json'), readFileSync(join(dir, 'documents.json'), 'utf8'));
const docs = parseJsonFile(docsFile).value as ObjectValue;

/** A data source instance whose arguments are the named object of documents.json. */
function instance(name: string, extra: Record<string, Value> = {}): ResourceInstance {
  const values = get(docs, name) as ObjectValue;
  return {
    mode: 'data',
    type: 'aws_iam_policy_document',
    name,
    address: `data.aws_iam_policy_document.${name}`,
    module: '',
    callChain: [],
    values: { ...values, entries: [...values.entries, ...Object.entries(extra).map(([key, value]) => ({ key, value }))] },
    range: values.range!,
    blockRange: values.range!,
    input: 'hcl',
  };
}

/** What the evaluator passes: a rendered document's own object, or JSON text parsed in place. */
function resolve(v: Value): Value | undefined {
  if (v.kind === 'unknown') return v;
  if (v.kind !== 'string') return undefined;
  if (v.encodedFrom) return v.encodedFrom;
  return parseJsonText(v.value, { range: () => v.range!, segments: () => [] }).value;
}

function render(name: string, extra?: Record<string, Value>, diagnostics?: Diagnostic[]): StringValue {
  return renderPolicyDocument(instance(name, extra), resolve, diagnostics);
}

function textAt(v: Value | undefined): string {
  return docsFile.text.slice(v!.range!.start.offset, v!.range!.end.offset);
}

describe('renderPolicyDocument', () => {
  it('renders a trust policy as the provider does: Allow by default, single items as strings, one operator per test', () => {
    const out = render('trust');
    expect(out.value).toBe(
      [
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        '    {',
        '      "Effect": "Allow",',
        '      "Action": "sts:AssumeRoleWithWebIdentity",',
        '      "Principal": {',
        '        "Federated": "arn:aws:iam::123456789012:oidc-provider/app.terraform.io"',
        '      },',
        '      "Condition": {',
        '        "StringEquals": {',
        '          "app.terraform.io:aud": "aws.workload.identity"',
        '        },',
        '        "StringLike": {',
        '          "app.terraform.io:sub": "organization:acme:project:*:workspace:*:run_phase:*"',
        '        }',
        '      }',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
    expect(out.range).toEqual(instance('trust').range);
    expect(out.encodedFrom?.range).toEqual(instance('trust').blockRange);
  });

  it('keeps the range of a condition value and its key, in the object and through the JSON text segments', () => {
    const out = render('trust');
    const stmt = (get(out.encodedFrom, 'Statement') as { items: Value[] }).items[0];
    const like = get(get(stmt, 'Condition'), 'StringLike') as ObjectValue;
    const sub = like.entries[0];
    expect(textAt(sub.value)).toBe('"organization:acme:project:*:workspace:*:run_phase:*"');
    expect(sub.value.range!.start).toMatchObject({ line: 11, column: 82 });
    expect(textAt(sub.keyValue)).toBe('"app.terraform.io:sub"');
    // The character `*` after `project:` in the JSON text maps to the same character in the file.
    const inText = out.value.indexOf('project:*') + 'project:'.length;
    const seg = out.segments!.find((s) => s.start <= inText && inText < s.end)!;
    expect(seg.linear).toBe(true);
    const fileOffset = seg.range!.start.offset + (inText - seg.start);
    expect(docsFile.text.slice(fileOffset, fileOffset + 11)).toBe('*:workspace');
  });

  it('marks the defaulted Effect and Version as approximate, at the enclosing block', () => {
    const out = render('trust');
    expect(get(out.encodedFrom, 'Version')?.range?.approximate).toBe(true);
    const stmt = (get(out.encodedFrom, 'Statement') as { items: Value[] }).items[0];
    expect(get(stmt, 'Effect')).toMatchObject({ value: 'Allow', range: { approximate: true, start: { line: 4 } } });
  });

  it('sorts and de-duplicates sets in reverse, groups principals by type, merges conditions and replaces &{', () => {
    const json = JSON.parse(render('multi').value);
    expect(json).toEqual({
      Version: '2012-10-17',
      Id: 'multi',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Deny',
          Action: ['s3:ListBucket', 's3:GetObject', 'ec2:DescribeInstances'],
          Resource: 'arn:aws:s3:::bucket/home/${aws:username}/*',
          Principal: {
            AWS: ['arn:aws:iam::111111111111:root', 'arn:aws:iam::222222222222:root'],
            Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'],
          },
          Condition: {
            StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity', 'aws:PrincipalAccount': '123456789012' },
            StringLike: { 'app.terraform.io:sub': ['organization:acme:*', 'organization:other:*', 'organization:third:*'] },
          },
        },
      ],
    });
  });

  it('keeps each merged condition value at its own place in the file', () => {
    const out = render('multi');
    const stmt = (get(out.encodedFrom, 'Statement') as { items: Value[] }).items[0];
    const subs = get(get(get(stmt, 'Condition'), 'StringLike'), 'app.terraform.io:sub');
    expect(subs?.kind).toBe('list');
    const items = subs?.kind === 'list' ? subs.items : [];
    expect(items.map((i) => [textAt(i), i.range!.start.line])).toEqual([
      ['"organization:acme:*"', 31],
      ['"organization:other:*"', 33],
      ['"organization:third:*"', 33],
    ]);
  });

  it('renders type "*" with identifier "*" as the bare "Principal": "*"', () => {
    const json = JSON.parse(render('everyone').value);
    expect(json.Statement[0].Principal).toBe('*');
  });

  it('keeps an unknown identifiers list unknown, in the object and as a marked placeholder in the text', () => {
    const ids = unknown('known after apply', undefined, { address: 'aws_iam_openid_connect_provider.tfc', attribute: 'arn', module: '' });
    const inst = instance('trust');
    const stmt = (get(inst.values, 'statement') as { items: ObjectValue[] }).items[0];
    const principal = (get(stmt, 'principals') as { items: ObjectValue[] }).items[0];
    principal.entries = principal.entries.map((e) => (e.key === 'identifiers' ? { ...e, value: ids } : e));
    const out = renderPolicyDocument(inst, resolve);
    const rendered = (get(out.encodedFrom, 'Statement') as { items: Value[] }).items[0];
    expect(get(get(rendered, 'Principal'), 'Federated')).toBe(ids);
    expect(out.value).toContain('"Federated": "${aws_iam_openid_connect_provider.tfc.arn}"');
    expect(isFullyKnown(out)).toBe(false);
    expect(out.segments!.some((s) => s.unknown?.symbol?.address === 'aws_iam_openid_connect_provider.tfc')).toBe(true);
  });

  it('merges source documents first and lets its own statements replace those with the same sid', () => {
    const source = render('source');
    const json = JSON.parse(render('source_document_example', { source_policy_documents: { kind: 'list', items: [source] } }).value);
    expect(json.Statement).toEqual([
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
      { Sid: 'SidToOverride', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::somebucket/*', 'arn:aws:s3:::somebucket'] },
    ]);
  });

  it('applies override documents in order: same sid replaced in place, others appended', () => {
    const overrides = ['policy_one', 'policy_two', 'policy_three'].map((n) => render(n));
    const out = render('combined', { override_policy_documents: { kind: 'list', items: overrides } });
    expect(JSON.parse(out.value).Statement).toEqual([
      { Sid: 'OverridePlaceHolderTwo', Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Sid: 'OverridePlaceHolderOne', Effect: 'Deny', Action: 'logs:*', Resource: '*' },
      { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
    ]);
    // The replacing statement still points at policy_two's block in the file.
    const first = (get(out.encodedFrom, 'Statement') as { items: Value[] }).items[0];
    expect(textAt(get(first, 'Action'))).toBe('"iam:*"');
  });

  it('reports duplicate sids within the document at the second sid, without throwing', () => {
    const diagnostics: Diagnostic[] = [];
    const out = render('duplicate_sids', {}, diagnostics);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'evaluation',
      severity: 'error',
      message: expect.stringContaining('duplicate Sid (Same)'),
    });
    expect(diagnostics[0].range!.start.line).toBe(docsFile.text.split('\n').findIndex((l) => l.includes('s3:PutObject')) + 1);
    // The provider would fail; both statements stay so that rules still see what was written.
    expect(JSON.parse(out.value).Statement.map((s: { Action: string }) => s.Action)).toEqual(['s3:GetObject', 's3:PutObject']);
  });

  it('reports a sid repeated across source documents', () => {
    const diagnostics: Diagnostic[] = [];
    const src = render('policy_one');
    render('trust', { source_policy_documents: { kind: 'list', items: [src, render('policy_three')] } }, diagnostics);
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('duplicate Sid (OverridePlaceHolderOne) in source_policy_documents[1]'),
    ]);
  });

  it('reads raw JSON source text the way the provider decodes it: principal lists reversed, Bool values as strings', () => {
    const text = readFileSync(join(dir, 'raw-source.json'), 'utf8');
    const json = JSON.parse(render('trust', { source_policy_documents: { kind: 'list', items: [{ kind: 'string', value: text }] } }).value);
    expect(json.Statement[0]).toEqual({
      Sid: 'Federated',
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { AWS: 'arn:aws:iam::111111111111:root', Federated: ['b-provider', 'a-provider'] },
      Condition: { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' } },
    });
    expect(json.Statement).toHaveLength(2);
  });

  it('keeps an unknown source document as an unknown statement instead of dropping it', () => {
    const src = unknown('known after apply', undefined, { address: 'data.aws_iam_policy_document.x', attribute: 'json', module: '' });
    const out = render('trust', { source_policy_documents: { kind: 'list', items: [src] } });
    const items = (get(out.encodedFrom, 'Statement') as { items: Value[] }).items;
    expect(items.map((i) => i.kind)).toEqual(['unknown', 'object']);
    expect(isFullyKnown(out)).toBe(false);
  });
});
