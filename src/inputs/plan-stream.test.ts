// A plan's module trees (planned_values, prior_state) are read resource by resource: one that
// names neither IAM nor tfe is not parsed unless an IAM resource's open attribute refers to it.
// Proven here: the same instances, values and findings as reading the whole plan.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../core/source.js';
import { get } from '../core/value.js';
import { lint } from '../engine/lint.js';
import { elementsOf, parseJsonStreamed } from '../parse/json-stream.js';
import { writeTree } from '../testing/tf.js';
import { loadJsonDocument } from './index.js';

interface PlanResource {
  address: string;
  values: Record<string, unknown>;
  [key: string]: unknown;
}
interface PlanModule {
  address?: string;
  resources: PlanResource[];
  child_modules?: PlanModule[];
}
interface Plan {
  planned_values: { root_module: PlanModule };
  prior_state: { values: { root_module: PlanModule } };
  resource_changes: { address: string; change: { after_unknown: Record<string, unknown> } }[];
  configuration: { root_module: { resources: { address: string; expressions: Record<string, unknown> }[] } };
}

/** The fixture plan, with `n` S3 buckets per module and a role description known only through one of them. */
function bigPlan(n: number): string {
  const plan = JSON.parse(readFileSync('fixtures/inputs/plan/tfplan.json', 'utf8')) as Plan;
  const bucket = (address: string, i: number): PlanResource => ({
    address,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: address.split('.').pop()!,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values: { bucket: `data-${i}`, force_destroy: false, tags: { Team: 'platform' } },
    sensitive_values: {},
  });
  const root = plan.planned_values.root_module;
  for (let i = 0; i < n; i++) root.resources.push(bucket(`aws_s3_bucket.b${i}`, i));
  for (const child of root.child_modules ?? [])
    for (let i = 0; i < n; i++) child.resources.push(bucket(`${child.address}.aws_s3_bucket.c${i}`, i));
  // The role's description: not in the plan's values, known after apply, set from a bucket.
  const role = root.resources.find((r) => r.address === 'aws_iam_role.tfc')!;
  delete role.values.description;
  plan.resource_changes.find((r) => r.address === 'aws_iam_role.tfc')!.change.after_unknown.description = true;
  plan.configuration.root_module.resources.find((r) => r.address === 'aws_iam_role.tfc')!.expressions.description = {
    references: ['aws_s3_bucket.b3.bucket', 'aws_s3_bucket.b3'],
  };
  // The prior state holds another bucket too (deferred there as well).
  plan.prior_state.values.root_module.resources.push(bucket('aws_s3_bucket.old', 99));
  return JSON.stringify(plan, null, 2);
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'source' ? undefined : x))) as unknown;

describe('plan module trees read resource by resource', () => {
  const text = bigPlan(40);
  const file = new SourceFile('plan.json', '/plan.json', text);

  it('defers what names neither IAM nor tfe, and lists it in order', () => {
    const r = parseJsonStreamed(file, {
      arrays: new Set(['resource_changes']),
      modules: new Set(['planned_values', 'prior_state']),
      keep: (_k, raw) => raw.includes('aws_iam_'),
    })!;
    expect(r).toBeDefined();
    const resources = get(get(get(r.value, 'planned_values'), 'root_module'), 'resources');
    const all = elementsOf(resources);
    expect(resources?.kind === 'list' && resources.items.length).toBe(3);
    expect(all).toHaveLength(43);
    const b3 = all.find((x) => 'deferred' in x && x.address === 'aws_s3_bucket.b3');
    expect(b3 && 'deferred' in b3 && get(get(b3.load(), 'values'), 'bucket')).toMatchObject({ kind: 'string', value: 'data-3' });
    // 40 + 40 in the child module + 1 in the prior state.
    expect(r.skipped).toBe(81);
  });

  it('gives the same IAM instances, values and positions as reading the whole plan, a deferred reference included', () => {
    const on = loadJsonDocument(file, { prefilter: true });
    const off = loadJsonDocument(file, { prefilter: false });
    expect(on.diagnostics).toEqual(off.diagnostics);
    const iam = (rs: typeof on.resources) => plain(rs.filter((r) => r.type.startsWith('aws_iam_') || r.type.startsWith('tfe_')));
    expect(iam(on.resources)).toEqual(iam(off.resources));
    expect(off.resources.length).toBe(on.resources.length + 80);
    const role = on.resources.find((r) => r.address === 'aws_iam_role.tfc')!;
    expect(get(role.values, 'description')).toMatchObject({
      kind: 'string',
      value: 'data-3',
      origins: [{ kind: 'resource-attribute', address: 'aws_s3_bucket.b3' }],
    });
  });

  it('a scan finds the same with and without the pre-filter', async () => {
    const tree = writeTree({ 'plan.json': text });
    try {
      const on = await lint(['.'], { cwd: tree.dir, env: {}, prefilter: true });
      const off = await lint(['.'], { cwd: tree.dir, env: {}, prefilter: false });
      expect(plain(on.findings)).toEqual(plain(off.findings));
      expect(on.findings.length).toBeGreaterThan(0);
    } finally {
      tree.cleanup();
    }
  });

  it('broken JSON inside a deferred resource still falls back to the whole-file parser, which reports it', () => {
    const broken = text.replace('"bucket": "data-7"', '"bucket": "data-7",');
    const r = loadJsonDocument(new SourceFile('plan.json', '/plan.json', broken), { prefilter: true });
    expect(r.diagnostics.some((d) => d.code === 'parse-error')).toBe(true);
  });
});
