import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../parse/json.js';
import type { StringValue, UnknownValue } from '../core/value.js';
import { get } from '../core/value.js';
import { locatorForString } from '../terraform/string-locator.js';
import { loadJsonDocument } from './index.js';
import { covered, fixture } from '../testing/inputs.js';

const file = fixture('plan/tfplan.json');
const { kind, resources, diagnostics } = loadJsonDocument(file);
const byAddress = new Map(resources.map((r) => [r.address, r]));

describe('terraform show -json plan', () => {
  it('gives every planned resource, child modules included, and data sources only the prior state holds', () => {
    expect(kind).toBe('plan');
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => [r.mode, r.address, r.input])).toEqual([
      ['managed', 'aws_iam_openid_connect_provider.tfc', 'plan'],
      ['managed', 'aws_iam_role.tfc', 'plan'],
      ['managed', 'aws_iam_role_policy_attachment.admin', 'plan'],
      ['managed', 'module.plan_role.aws_iam_role.this[0]', 'plan'],
      ['data', 'data.aws_iam_policy.admin', 'plan'],
    ]);
  });

  it('takes the module path, instance key and call chain from the address and the configuration', () => {
    const r = byAddress.get('module.plan_role.aws_iam_role.this[0]')!;
    expect(r).toMatchObject({ module: 'module.plan_role', key: 0, type: 'aws_iam_role', name: 'this' });
    expect(r.callChain).toHaveLength(1);
    expect(r.callChain[0]).toMatchObject({ name: 'module.plan_role', source: './modules/role' });
    expect(covered(file, r.callChain[0].range)).toBe('"plan_role"');
  });

  it('keeps a JSON trust policy a string whose characters map back into the plan file, escapes included', () => {
    const r = byAddress.get('module.plan_role.aws_iam_role.this[0]')!;
    const policy = get(r.values, 'assume_role_policy') as StringValue;
    expect(policy.kind).toBe('string');
    // What the model does with it: parse it in place and land on the exact characters in the file.
    const parsed = parseJsonText(policy.value, locatorForString(policy)).value;
    const stmt = get(parsed, 'Statement');
    const first = stmt?.kind === 'list' ? stmt.items[0] : undefined;
    const sub = get(get(get(first, 'Condition'), 'StringLike'), 'app.terraform.io:sub');
    expect(sub).toMatchObject({ value: 'organization:acme:project:infra:workspace:prod:run_phase:plan' });
    expect(covered(file, sub!.range)).toBe('\\"organization:acme:project:infra:workspace:prod:run_phase:plan\\"');
    expect(sub!.range!.start.line).toBe(69);
  });

  it('turns an attribute known only after apply into an unknown that names the referenced data source', () => {
    const role = byAddress.get('aws_iam_role.tfc')!;
    const trust = get(role.values, 'assume_role_policy') as UnknownValue;
    expect(trust).toMatchObject({
      kind: 'unknown',
      reason: 'known after apply',
      symbol: { address: 'data.aws_iam_policy_document.trust', attribute: 'json', module: '' },
    });
    expect(covered(file, trust.range).startsWith('{')).toBe(true);
    expect(get(role.values, 'arn')).toMatchObject({ kind: 'unknown' });
    expect(get(role.values, 'name')).toMatchObject({ kind: 'string', value: 'tfc-apply' });
  });

  it('resolves an unknown policy_arn through the prior state of the data source it references', () => {
    const att = byAddress.get('aws_iam_role_policy_attachment.admin')!;
    const arn = get(att.values, 'policy_arn') as StringValue;
    expect(arn).toMatchObject({ kind: 'string', value: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    expect(arn.origins).toEqual([
      expect.objectContaining({ kind: 'data-source', name: 'data.aws_iam_policy.admin.arn', address: 'data.aws_iam_policy.admin' }),
    ]);
    expect(covered(file, arn.range)).toBe('"arn:aws:iam::aws:policy/AdministratorAccess"');
    expect(get(att.values, 'role')).toMatchObject({ value: 'tfc-apply' });
  });

  it('keeps list values that after_unknown marks as known, with their ranges', () => {
    const p = byAddress.get('aws_iam_openid_connect_provider.tfc')!;
    const ids = get(p.values, 'client_id_list');
    expect(ids?.kind === 'list' && ids.items[0]).toMatchObject({ kind: 'string', value: 'aws.workload.identity' });
    expect(get(p.values, 'url')).toMatchObject({ value: 'https://app.terraform.io' });
    expect(get(p.values, 'arn')).toMatchObject({ kind: 'unknown', reason: 'known after apply' });
  });
});
