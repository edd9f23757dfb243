import { describe, expect, it } from 'vitest';
import { type StringValue, type Value, get, getCI } from '../core/value.js';
import { linkOidcProviders, loadJsonDocument } from './index.js';
import { covered, fixture } from '../testing/inputs.js';

function sub(doc: Value | undefined): Value | undefined {
  const stmt = getCI(doc, 'Statement')?.value;
  const first = stmt?.kind === 'list' ? stmt.items[0] : undefined;
  return get(get(get(first, 'Condition'), 'StringLike'), 'app.terraform.io:sub');
}

describe('bare policy documents', () => {
  it('reads a web identity trust policy as a role named after the file, its document as assume_role_policy', () => {
    const file = fixture('iam/tfc-trust-policy.json');
    const { kind, resources, diagnostics } = loadJsonDocument(file);
    expect(kind).toBe('policy');
    expect(diagnostics).toEqual([]);
    expect(resources).toHaveLength(1);
    const [role] = resources;
    expect(role).toMatchObject({
      mode: 'managed',
      type: 'aws_iam_role',
      name: 'tfc-trust-policy',
      address: 'fixtures/inputs/iam/tfc-trust-policy.json',
      input: 'iam-json',
    });
    const doc = get(role.values, 'assume_role_policy');
    expect(doc?.kind).toBe('object');
    expect(doc?.range).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 20, column: 2 } });
    const s = sub(doc);
    expect(covered(file, s?.range)).toBe('"organization:acme:project:*:workspace:*:run_phase:*"');
    expect(s?.range?.start).toMatchObject({ line: 15, column: 35 });
  });

  it('reads any other document as a managed policy', () => {
    const { resources } = loadJsonDocument(fixture('iam/deploy-policy.json'));
    expect(resources.map((r) => [r.type, r.name])).toEqual([['aws_iam_policy', 'deploy-policy']]);
    expect(get(resources[0].values, 'policy')?.kind).toBe('object');
  });
});

describe('aws iam get-role', () => {
  it('gives a role with name, ARN as address and the trust document with exact ranges', () => {
    const file = fixture('iam/get-role.json');
    const { kind, resources, diagnostics } = loadJsonDocument(file);
    expect(kind).toBe('get-role');
    expect(diagnostics).toEqual([]);
    const [role] = resources;
    expect(role.address).toBe('arn:aws:iam::123456789012:role/tfc-apply');
    expect(get(role.values, 'name')).toMatchObject({ kind: 'string', value: 'tfc-apply' });
    expect(get(role.values, 'arn')).toMatchObject({ value: 'arn:aws:iam::123456789012:role/tfc-apply' });
    const s = sub(get(role.values, 'assume_role_policy'));
    expect(s).toMatchObject({ value: 'organization:acme:project:infra:workspace:prod:run_phase:apply', range: { start: { line: 22 } } });
    expect(s?.range?.approximate).toBeUndefined();
  });

  it('decodes a URL-encoded trust document; its ranges point at the encoded string and say approximate', () => {
    const file = fixture('iam/get-role-sdk-encoded.json');
    const { resources, diagnostics } = loadJsonDocument(file);
    expect(diagnostics).toEqual([]);
    const doc = get(resources[0].values, 'assume_role_policy');
    const s = sub(doc) as StringValue;
    expect(s.value).toBe('organization:acme:*');
    expect(s.range?.approximate).toBe(true);
    expect(covered(file, s.range)).toMatch(/^"%7B%22Version.*%7D"$/);
    expect(s.range?.start.line).toBe(8);
  });
});

describe('aws iam get-account-authorization-details', () => {
  const file = fixture('iam/account-authorization-details.json');
  const { kind, resources, diagnostics } = loadJsonDocument(file);

  it('gives the role, its attachments, its inline policy and the customer managed policy', () => {
    expect(kind).toBe('account-authorization-details');
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => [r.type, r.address])).toEqual([
      ['aws_iam_role', 'arn:aws:iam::123456789012:role/terraform-cloud-sts-assumption-role'],
      [
        'aws_iam_role_policy_attachment',
        'arn:aws:iam::123456789012:role/terraform-cloud-sts-assumption-role#attached:arn:aws:iam::aws:policy/AdministratorAccess',
      ],
      [
        'aws_iam_role_policy_attachment',
        'arn:aws:iam::123456789012:role/terraform-cloud-sts-assumption-role#attached:arn:aws:iam::123456789012:policy/deploy',
      ],
      ['aws_iam_role_policy', 'arn:aws:iam::123456789012:role/terraform-cloud-sts-assumption-role#inline:read-state'],
      ['aws_iam_policy', 'arn:aws:iam::123456789012:policy/deploy'],
    ]);
  });

  it('links attachments and inline policies to the role by name, and ranges the attachment ARN exactly', () => {
    const admin = resources[1];
    expect(get(admin.values, 'role')).toMatchObject({ value: 'terraform-cloud-sts-assumption-role' });
    const arn = get(admin.values, 'policy_arn');
    expect(covered(file, arn?.range)).toBe('"arn:aws:iam::aws:policy/AdministratorAccess"');
    expect(arn?.range?.start.line).toBe(50);
    expect(get(resources[3].values, 'name')).toMatchObject({ value: 'read-state' });
    expect(get(resources[3].values, 'policy')?.kind).toBe('object');
  });

  it('takes the default version of a managed policy, not the first', () => {
    const policy = get(resources[4].values, 'policy');
    const stmt = getCI(policy, 'Statement')?.value;
    const first = stmt?.kind === 'list' ? stmt.items[0] : undefined;
    expect(get(first, 'Resource')).toMatchObject({ value: 'arn:aws:s3:::acme-artifacts/*' });
  });
});

describe('OIDC providers', () => {
  it('lists providers with their ARN and the https URL derived from it, mapped to the ARN host', () => {
    const file = fixture('iam/list-open-id-connect-providers.json');
    const { kind, resources } = loadJsonDocument(file);
    expect(kind).toBe('oidc-providers');
    expect(resources.map((r) => [r.type, r.address, (get(r.values, 'url') as StringValue).value])).toEqual([
      ['aws_iam_openid_connect_provider', 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io', 'https://app.terraform.io'],
      [
        'aws_iam_openid_connect_provider',
        'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        'https://token.actions.githubusercontent.com',
      ],
    ]);
    // The host characters map to the ARN's host in the file.
    const url = get(resources[0].values, 'url') as StringValue;
    const seg = url.segments!.find((s) => s.start === 'https://'.length)!;
    expect(seg.linear).toBe(true);
    expect(covered(file, seg.range)).toBe('app.terraform.io');
  });

  it('reads get-open-id-connect-provider with https:// added, lists as written, and an unknown ARN', () => {
    const file = fixture('iam/get-open-id-connect-provider.json');
    const { kind, resources } = loadJsonDocument(file);
    expect(kind).toBe('oidc-provider');
    const [p] = resources;
    expect(get(p.values, 'url')).toMatchObject({ value: 'https://app.terraform.io' });
    expect(get(p.values, 'arn')?.kind).toBe('unknown');
    const ids = get(p.values, 'client_id_list');
    expect(ids?.kind === 'list' && covered(file, ids.items[0].range)).toBe('"aws.workload.identity"');
    expect(get(p.values, 'thumbprint_list')).toMatchObject({
      kind: 'list',
      items: [{ value: '9e99a48a9960b14926bb7f3b02e22da2b0ab7280' }],
    });
  });

  it('takes the ARN from a list file of the same host and drops the bare listed duplicate', () => {
    const detailed = loadJsonDocument(fixture('iam/get-open-id-connect-provider.json')).resources;
    const listed = loadJsonDocument(fixture('iam/list-open-id-connect-providers.json')).resources;
    const linked = linkOidcProviders([...detailed, ...listed]);
    expect(linked.map((r) => r.address)).toEqual([
      'arn:aws:iam::123456789012:oidc-provider/app.terraform.io',
      'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
    ]);
    expect(get(linked[0].values, 'client_id_list')?.kind).toBe('list');
    expect(get(linked[0].values, 'arn')).toMatchObject({
      kind: 'string',
      value: 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io',
    });
  });
});

describe('files that are not IAM inputs', () => {
  it('reports broken JSON as a parse error at its position', () => {
    const { diagnostics, resources } = loadJsonDocument(fixture('other/broken-policy.json'));
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({
      code: 'parse-error',
      severity: 'error',
      range: { file: 'fixtures/inputs/other/broken-policy.json', start: { line: 5, column: 3 } },
    });
    expect(resources.every((r) => r.input === 'iam-json')).toBe(true);
  });

  it('ignores unrelated JSON silently', () => {
    expect(loadJsonDocument(fixture('other/package.json'))).toEqual({ kind: 'unknown', resources: [], diagnostics: [] });
  });
});
