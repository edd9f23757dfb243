// The model reading what the evaluator renders for `data "aws_iam_policy_document"` (real code, real file).
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonText } from '../parse/json.js';
import { renderPolicyDocument } from '../terraform/policy-document.js';
import { locatorForString } from '../terraform/string-locator.js';
import type { StringValue, Value } from '../core/value.js';
import { readPolicyDocument } from './policy.js';
import { instance, jsonTree } from '../testing/model.js';

const DATA = JSON.stringify(
  {
    statement: [
      {
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::123456789012:oidc-provider/app.terraform.io'] }],
        condition: [
          { test: 'StringEquals', variable: 'app.terraform.io:aud', values: ['aws.workload.identity'] },
          { test: 'StringLike', variable: 'app.terraform.io:sub', values: ['organization:acme:project:*:workspace:*:run_phase:*'] },
        ],
      },
    ],
  },
  null,
  2,
);

const tree = jsonTree({ 'doc.json': DATA });
afterAll(() => tree.cleanup());

function resolve(v: Value): Value | undefined {
  if (v.kind !== 'string') return v.kind === 'unknown' ? v : undefined;
  return v.encodedFrom ?? parseJsonText(v.value, locatorForString(v)).value;
}

describe('readPolicyDocument on a rendered aws_iam_policy_document', () => {
  it('reads the rendered json and points the sub condition at the values written in the data source', () => {
    const r = instance('aws_iam_policy_document', 'trust', tree.object('doc.json'));
    r.mode = 'data';
    const json = renderPolicyDocument(r, resolve);
    const { doc, problems, unknown } = readPolicyDocument(json, r.range);
    expect(unknown).toBeUndefined();
    expect(problems).toEqual([]);
    const [s] = doc!.statements;
    expect(s.effect).toBe('Allow');
    expect(s.principals![0].type).toBe('Federated');
    const sub = s.conditions.find((c) => c.key.value === 'app.terraform.io:sub')!;
    expect(sub.op.base).toBe('StringLike');
    const value = sub.values[0] as StringValue;
    expect(value.value).toBe('organization:acme:project:*:workspace:*:run_phase:*');
    const text = tree.file('doc.json').text;
    expect(text.slice(value.range!.start.offset, value.range!.end.offset)).toBe('"organization:acme:project:*:workspace:*:run_phase:*"');
    expect(text.slice(sub.key.range!.start.offset, sub.key.range!.end.offset)).toBe('"app.terraform.io:sub"');
  });
});
