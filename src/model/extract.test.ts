import { afterAll, describe, expect, it } from 'vitest';
import type { CallFrame } from '../core/resource.js';
import type { ObjectValue, StringValue, Value } from '../core/value.js';
import { get, withOrigin } from '../core/value.js';
import { rangeIn } from '../core/source.js';
import { buildProject } from './extract.js';
import { instance, jsonTree, member, roleRef, setValue } from '../testing/model.js';
import type { Project, Role } from './types.js';

const trustText = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/app.terraform.io' },
      Action: 'sts:AssumeRoleWithWebIdentity',
    },
  ],
});
const adminArn = 'arn:aws:iam::aws:policy/AdministratorAccess';

// Resource arguments as Terraform JSON would write them; the tests add what evaluation adds
// (origins of references, unknowns with symbols).
const FIXTURE = JSON.stringify(
  {
    provider: {
      url: 'https://App.Terraform.io',
      client_id_list: ['aws.workload.identity'],
      thumbprint_list: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
    },
    bad_provider: { url: 'http://tfe.example.com:8443/', client_id_list: [] },
    role_a: {
      name: 'role-a',
      assume_role_policy: trustText,
      managed_policy_arns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      inline_policy: [{ name: 'inline-a', policy: JSON.stringify({ Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } }) }, {}],
    },
    role_b: { name_prefix: 'b-', assume_role_policy: JSON.parse(trustText) },
    role_c: { name: 'role-c', assume_role_policy: '{"Statement": [' },
    deploy: { name: 'deploy', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }) },
    att_origin: { role: 'role-a', policy_arn: adminArn },
    att_symbol: { role: 'placeholder', policy_arn: 'placeholder' },
    att_many: { name: 'many', roles: ['role-a', 'placeholder'], policy_arn: 'arn:aws:iam::123456789012:policy/ops/deploy' },
    inline: {
      name: 'inline-x',
      role: 'role-a',
      policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }),
    },
    inline_excl: { role_name: 'role-a', policy_names: ['inline-x'] },
    managed_excl: { role_name: 'placeholder', policy_arns: [adminArn] },
    orphan: { role: 'nobody', policy_arn: adminArn },
  },
  null,
  2,
);

const tree = jsonTree({ 'resources.json': FIXTURE });
afterAll(() => tree.cleanup());

function sym(address: string, attribute: string, module = ''): Value {
  return { kind: 'unknown', reason: 'known after apply', symbol: { address, attribute, module } };
}

function labels(role: Role | undefined): string[] {
  return (role?.attachments ?? []).map((a) => `${a.kind}:${a.label}`);
}

function build(): Project {
  const all = tree.object('resources.json');
  const v = (k: string): ObjectValue => member(all, k);
  const attOrigin = v('att_origin');
  // The origin says role b although the name says role-a: the reference wins over the name.
  setValue(attOrigin, 'role', (x) => withOrigin(x, roleRef('aws_iam_role.b')));
  const attSymbol = v('att_symbol');
  setValue(attSymbol, 'role', () => sym('aws_iam_role.b', 'id'));
  setValue(attSymbol, 'policy_arn', () => sym('aws_iam_policy.deploy', 'arn'));
  const many = v('att_many');
  const roles = get(many, 'roles')!;
  if (roles.kind === 'list') roles.items[1] = sym('aws_iam_role.b', 'name');
  setValue(v('managed_excl'), 'role_name', () => sym('aws_iam_role.b', 'name'));
  return buildProject(
    [
      instance('aws_iam_openid_connect_provider', 'tfc', v('provider')),
      instance('aws_iam_openid_connect_provider', 'bad', v('bad_provider')),
      instance('aws_iam_role', 'a', v('role_a')),
      instance('aws_iam_role', 'b', v('role_b')),
      instance('aws_iam_role', 'c', v('role_c')),
      instance('aws_iam_policy', 'deploy', v('deploy')),
      instance('aws_iam_role_policy_attachment', 'origin', attOrigin),
      instance('aws_iam_role_policy_attachment', 'symbol', attSymbol),
      instance('aws_iam_policy_attachment', 'many', many),
      instance('aws_iam_role_policy', 'inline', v('inline')),
      instance('aws_iam_role_policies_exclusive', 'inline', v('inline_excl')),
      instance('aws_iam_role_policy_attachments_exclusive', 'managed', v('managed_excl')),
      instance('aws_iam_role_policy_attachment', 'orphan', v('orphan')),
    ],
    { diagnostics: [], files: new Map([['resources.json', tree.file('resources.json')]]) },
  );
}

describe('buildProject', () => {
  const project = build();
  const role = (id: string) => project.roles.find((r) => r.id === id);

  it('reads providers: lower-case host without https://, client ids, thumbprints', () => {
    const p = project.providers.find((x) => x.id === 'aws_iam_openid_connect_provider.tfc')!;
    expect(p.host).toBe('app.terraform.io');
    expect(p.urlProblems).toBeUndefined();
    expect(p.clientIds.map((c) => (c as StringValue).value)).toEqual(['aws.workload.identity']);
    expect(p.thumbprints).toHaveLength(1);
    expect(p.range.file).toBe('resources.json');
  });

  it('notes what is wrong with a malformed provider URL, at the URL', () => {
    const p = project.providers.find((x) => x.id === 'aws_iam_openid_connect_provider.bad')!;
    expect(p.host).toBe('tfe.example.com');
    expect(p.urlProblems!.map((x) => x.message)).toEqual([
      'the URL uses http://; IAM requires https://',
      'the URL ends with "/": the token issuer has none, so the condition keys would not match',
      'the URL has a port; IAM rejects it',
    ]);
    const text = tree.file('resources.json').text;
    expect(p.urlProblems![0].range.start.offset).toBe(text.indexOf('"http://'));
  });

  it('labels roles by name when known, else by address, and reads trust from JSON text and from an object', () => {
    expect(role('aws_iam_role.a')!.label).toBe('role-a');
    expect(role('aws_iam_role.b')!.label).toBe('aws_iam_role.b');
    expect(role('aws_iam_role.a')!.trust!.statements[0].effect).toBe('Allow');
    expect(role('aws_iam_role.b')!.trust!.statements[0].principals![0].type).toBe('Federated');
  });

  it('turns an unreadable trust policy into trustUnknown and a parse-error diagnostic with a range', () => {
    const c = role('aws_iam_role.c')!;
    expect(c.trust).toBeUndefined();
    expect(c.trustUnknown).toMatch(/^Invalid JSON/);
    const d = project.diagnostics.find((x) => x.message.startsWith('trust policy of aws_iam_role.c'));
    expect(d).toMatchObject({ code: 'parse-error', range: { file: 'resources.json' } });
  });

  it('links every attachment kind to the right role, with labels', () => {
    expect(labels(role('aws_iam_role.a')).sort()).toEqual([
      'aws_iam_policy_attachment:aws_iam_policy.deploy',
      'aws_iam_role_policies_exclusive:inline-x',
      'aws_iam_role_policy:inline-x',
      'inline_policy:inline-a',
      'managed_policy_arns:ReadOnlyAccess',
    ]);
    expect(labels(role('aws_iam_role.b')).sort()).toEqual([
      'aws_iam_policy_attachment:aws_iam_policy.deploy',
      'aws_iam_role_policy_attachment:AdministratorAccess',
      'aws_iam_role_policy_attachment:aws_iam_policy.deploy',
      'aws_iam_role_policy_attachments_exclusive:AdministratorAccess',
    ]);
  });

  it('gives customer-managed attachments the policy document, by symbol and by ARN', () => {
    const b = role('aws_iam_role.b')!;
    const bySymbol = b.attachments.find((a) => a.address === 'aws_iam_role_policy_attachment.symbol')!;
    expect(bySymbol.policy!.statements[0].actions).toMatchObject([{ value: 'iam:*' }]);
    const byArn = role('aws_iam_role.a')!.attachments.find((a) => a.kind === 'aws_iam_policy_attachment')!;
    expect(byArn.policy).toBe(project.policies[0].policy);
  });

  it('reads inline policies and skips an empty inline_policy block', () => {
    const a = role('aws_iam_role.a')!;
    const inline = a.attachments.filter((x) => x.kind === 'inline_policy');
    expect(inline).toHaveLength(1);
    expect(inline[0].policy!.statements[0].actions).toMatchObject([{ value: 's3:*' }]);
    const rp = a.attachments.find((x) => x.kind === 'aws_iam_role_policy')!;
    expect(rp.policy!.statements[0].actions).toMatchObject([{ value: 'ec2:*' }]);
    // the exclusive list names inline-x: it shares that policy's document object
    expect(a.attachments.find((x) => x.kind === 'aws_iam_role_policies_exclusive')!.policy).toBe(rp.policy);
  });

  it('reports an attachment whose role is not in the input as a note, not an error', () => {
    expect(project.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'evaluation',
        severity: 'note',
        message: expect.stringContaining('aws_iam_role_policy_attachment.orphan'),
      }),
    );
  });
});

describe('buildProject across instances and modules', () => {
  const FIX = JSON.stringify({
    role: { name_prefix: 'r-', assume_role_policy: trustText },
    named: { name: 'x', assume_role_policy: trustText },
    att: { role: 'x', policy_arn: adminArn },
  });
  const t = jsonTree({ 'm.json': FIX });
  afterAll(() => t.cleanup());
  const fresh = (k: string) => member(t.object('m.json'), k);
  const chain: CallFrame[] = [{ name: 'module.m', source: './m', range: fresh('role').range! }];

  function att(roleValue: (v: Value) => Value): ObjectValue {
    const a = fresh('att');
    setValue(a, 'role', roleValue);
    return a;
  }

  it('links for_each attachments to the role instance with the same key', () => {
    const p = buildProject(
      [
        instance('aws_iam_role', 'r', fresh('role'), { key: 'x' }),
        instance('aws_iam_role', 'r', fresh('role'), { key: 'y' }),
        instance(
          'aws_iam_role_policy_attachment',
          'k',
          att((v) => withOrigin(v, roleRef('aws_iam_role.r["y"]'))),
          { key: 'y' },
        ),
        instance(
          'aws_iam_role_policy_attachment',
          'k',
          att((v) => withOrigin(v, roleRef('aws_iam_role.r["x"]'))),
          { key: 'x' },
        ),
      ],
      { diagnostics: [], files: new Map() },
    );
    expect(p.roles.map((r) => r.attachments.map((a) => a.address))).toEqual([
      ['aws_iam_role_policy_attachment.k["x"]'],
      ['aws_iam_role_policy_attachment.k["y"]'],
    ]);
  });

  it('resolves a reference in a child module to the role of that module, not the root one of the same address', () => {
    const p = buildProject(
      [
        instance('aws_iam_role', 'x', fresh('named')),
        instance('aws_iam_role', 'x', fresh('role'), { callChain: chain }),
        // the name "x" would match the root role: the origin in module.m must win
        instance(
          'aws_iam_role_policy_attachment',
          'a',
          att((v) => withOrigin(v, roleRef('aws_iam_role.x'))),
          { callChain: chain },
        ),
        instance(
          'aws_iam_role_policy_attachment',
          'b',
          att(() => sym('aws_iam_role.x', 'id', 'module.m')),
        ),
        instance(
          'aws_iam_role_policy_attachment',
          'c',
          att(() => sym('aws_iam_role.x', 'id')),
        ),
      ],
      { diagnostics: [], files: new Map() },
    );
    const root = p.roles.find((r) => r.id === 'aws_iam_role.x')!;
    const child = p.roles.find((r) => r.id === 'module.m.aws_iam_role.x')!;
    expect(child.attachments.map((a) => a.address)).toEqual([
      'module.m.aws_iam_role_policy_attachment.a',
      'aws_iam_role_policy_attachment.b',
    ]);
    expect(root.attachments.map((a) => a.address)).toEqual(['aws_iam_role_policy_attachment.c']);
    expect(child.attachments[0].callChain).toBe(chain);
  });

  it("follows a role reference passed into a child module to the caller's role", () => {
    const p = buildProject(
      [
        instance('aws_iam_role', 'x', fresh('role')),
        instance('aws_iam_role', 'x', fresh('role'), { callChain: chain }),
        instance(
          'aws_iam_role_policy_attachment',
          'a',
          att(() => ({
            kind: 'unknown',
            reason: 'known after apply',
            origins: [roleRef('aws_iam_role.x', 'id'), { kind: 'module-input', name: 'var.role' }],
          })),
          { callChain: chain },
        ),
      ],
      { diagnostics: [], files: new Map() },
    );
    expect(p.roles.map((r) => [r.id, r.attachments.length])).toEqual([
      ['aws_iam_role.x', 1],
      ['module.m.aws_iam_role.x', 0],
    ]);
  });

  it('links by name to the role in the same file when accounts share a role name, and guesses nothing among several', () => {
    const other = jsonTree({ 'other.json': FIX });
    try {
      const mine = {
        ...instance('aws_iam_role', 'x', fresh('named')),
        address: 'arn:aws:iam::111111111111:role/x',
        input: 'iam-json' as const,
      };
      const theirs = {
        ...instance('aws_iam_role', 'x', member(other.object('other.json'), 'named')),
        address: 'arn:aws:iam::222222222222:role/x',
      };
      const sameFile = instance('aws_iam_role_policy_attachment', 'a', fresh('att'));
      const elsewhere = instance('aws_iam_role_policy_attachment', 'b', fresh('att'));
      elsewhere.range = rangeIn(elsewhere.range, 'third.json');
      const p = buildProject([mine, theirs, sameFile, elsewhere], { diagnostics: [], files: new Map() });
      expect(p.roles.map((r) => r.attachments.map((a) => a.address))).toEqual([['aws_iam_role_policy_attachment.a'], []]);
      expect(p.diagnostics).toMatchObject([{ severity: 'note', message: expect.stringContaining('aws_iam_role_policy_attachment.b') }]);
    } finally {
      other.cleanup();
    }
  });

  it('links a reference without a key to the single count instance, and labels an unknown data-source ARN by its address', () => {
    const a = fresh('att');
    setValue(a, 'role', () => sym('aws_iam_role.r', 'name'));
    setValue(a, 'policy_arn', () => sym('data.aws_iam_policy.admin', 'arn'));
    const p = buildProject([instance('aws_iam_role', 'r', fresh('role'), { key: 0 }), instance('aws_iam_role_policy_attachment', 'a', a)], {
      diagnostics: [],
      files: new Map(),
    });
    expect(p.roles[0].attachments.map((x) => x.label)).toEqual(['data.aws_iam_policy.admin']);
  });

  it('gives IAM JSON elements no Terraform address and labels their customer-managed policies by name', () => {
    const policy = {
      kind: 'object' as const,
      entries: [
        { key: 'name', value: { kind: 'string' as const, value: 'deploy' } },
        { key: 'arn', value: { kind: 'string' as const, value: 'arn:aws:iam::123456789012:policy/deploy' } },
      ],
      range: fresh('role').range,
    };
    const a = fresh('att');
    setValue(a, 'policy_arn', () => ({ kind: 'string', value: 'arn:aws:iam::123456789012:policy/deploy' }));
    const iam = <T extends { input: string }>(r: T) => ({ ...r, input: 'iam-json' as const });
    const p = buildProject(
      [
        iam(instance('aws_iam_role', 'x', fresh('named'))),
        iam(instance('aws_iam_policy', 'deploy', policy)),
        iam(instance('aws_iam_role_policy_attachment', 'a', a)),
      ],
      { diagnostics: [], files: new Map() },
    );
    expect(p.roles[0].address).toBeUndefined();
    expect(p.roles[0].id).toBe('aws_iam_role.x');
    expect(p.roles[0].attachments.map((x) => x.label)).toEqual(['deploy']);
  });

  it('never throws on odd input: a resource without arguments still yields a role with trustUnknown', () => {
    const p = buildProject([instance('aws_iam_role', 'empty', { kind: 'object', entries: [], range: fresh('role').range })], {
      diagnostics: [],
      files: new Map(),
    });
    expect(p.roles[0]).toMatchObject({ label: 'aws_iam_role.empty', trustUnknown: 'the role has no assume_role_policy' });
  });
});
