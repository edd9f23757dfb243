import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceFile } from '../core/source.js';
import { writeTree } from '../testing/tf.js';
import { get } from '../core/value.js';
import { loadJsonDocument } from './index.js';
import { fixture } from '../testing/inputs.js';

const tree = writeTree({
  'main.tf.json': JSON.stringify({ resource: { aws_iam_role: { x: { name: 'x' } } } }),
  'renamed.json': JSON.stringify({ variable: { org: { default: 'acme' } }, resource: { aws_iam_role: { x: { name: 'x' } } } }),
  'prod.tfvars.json': JSON.stringify({ Statement: 'looks like a policy but is a tfvars file' }),
  'state.json': JSON.stringify({
    format_version: '1.0',
    terraform_version: '1.9.5',
    values: {
      root_module: { resources: [{ address: 'aws_iam_role.x', mode: 'managed', type: 'aws_iam_role', name: 'x', values: { name: 'x' } }] },
    },
  }),
  'odd-role.json': JSON.stringify({ Role: { RoleName: 'odd', Arn: 'arn:aws:iam::123456789012:role/odd', AssumeRolePolicyDocument: 42 } }),
  'text-doc-role.json': JSON.stringify({
    Role: {
      RoleName: 'text',
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRoleWithWebIdentity"}]}',
    },
  }),
  'bad-encoding.json': JSON.stringify({ Role: { RoleName: 'bad', AssumeRolePolicyDocument: '%7B%E0%A4%A' } }),
  'garbage-plan.json': JSON.stringify({
    format_version: '1.2',
    planned_values: { root_module: { resources: [42, { address: 'aws_iam_role.y' }], child_modules: 'nope' } },
    resource_changes: [null],
  }),
});
afterAll(() => tree.cleanup());

function load(name: string) {
  const abs = join(tree.dir, name);
  return loadJsonDocument(new SourceFile(name, abs, readFileSync(abs, 'utf8')));
}

describe('detectJsonKind through loadJsonDocument', () => {
  it('leaves .tf.json and .tfvars.json to the evaluator, whatever they contain', () => {
    expect(load('main.tf.json')).toEqual({ kind: 'tf-json', resources: [], diagnostics: [] });
    expect(load('prod.tfvars.json')).toMatchObject({ kind: 'tfvars-json', resources: [] });
  });

  it('recognises Terraform JSON syntax by its blocks under another name', () => {
    expect(load('renamed.json').kind).toBe('tf-json');
  });

  it('reads a state file (values.root_module) like a plan', () => {
    const { kind, resources } = load('state.json');
    expect(kind).toBe('plan');
    expect(resources.map((r) => r.address)).toEqual(['aws_iam_role.x']);
  });

  it('tells each IAM CLI output apart', () => {
    const kinds = [
      'iam/tfc-trust-policy.json',
      'iam/get-role.json',
      'iam/account-authorization-details.json',
      'iam/list-open-id-connect-providers.json',
      'iam/get-open-id-connect-provider.json',
      'plan/tfplan.json',
      'other/package.json',
    ].map((p) => loadJsonDocument(fixture(p)).kind);
    expect(kinds).toEqual(['policy', 'get-role', 'account-authorization-details', 'oidc-providers', 'oidc-provider', 'plan', 'unknown']);
  });
});

describe('odd shapes do not throw', () => {
  it('keeps a trust document of the wrong type as it is, for the model to report', () => {
    const { resources, diagnostics } = load('odd-role.json');
    expect(diagnostics).toEqual([]);
    expect(get(resources[0].values, 'assume_role_policy')).toMatchObject({ kind: 'number', value: 42 });
  });

  it('parses a trust document given as JSON text in place', () => {
    const { resources } = load('text-doc-role.json');
    const doc = get(resources[0].values, 'assume_role_policy');
    expect(doc?.kind).toBe('object');
    expect(get(doc, 'Version')?.range).toMatchObject({ file: 'text-doc-role.json' });
  });

  it('reports malformed URL encoding with the string range', () => {
    const { diagnostics } = load('bad-encoding.json');
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'parse-error',
        message: expect.stringContaining('malformed URL encoding'),
        range: expect.objectContaining({ file: 'bad-encoding.json' }),
      }),
    ]);
  });

  it('skips plan entries it cannot read', () => {
    const { kind, resources, diagnostics } = load('garbage-plan.json');
    expect(kind).toBe('plan');
    expect(resources).toEqual([]);
    expect(diagnostics).toEqual([]);
  });
});
