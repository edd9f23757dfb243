// Every trust rule, end to end, on every source shape: heredoc JSON, jsonencode,
// aws_iam_policy_document, a raw IAM document, Terraform JSON and plan JSON. Each case must fire
// (at the decisive value, with a witness) or stay quiet in all six.
import { describe, expect, it } from 'vitest';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import { lintTree } from '../src/testing/lint-tree.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const sub = (pattern: string, op = 'StringLike'): TrustSpec['conditions'] => ({ StringEquals: AUD, [op]: { 'app.terraform.io:sub': pattern } });

interface Case {
  rule: string;
  spec: TrustSpec;
  /** Text the finding's range must contain (the decisive value), when the finding sits on a value. */
  at?: string;
  /** Witness sub it must carry (a regular expression). */
  witness?: RegExp;
}

const fires: Case[] = [
  { rule: 'require-sub-condition', spec: { conditions: { StringEquals: AUD } }, witness: /^organization:/ },
  { rule: 'no-wildcard-organization', spec: { conditions: sub('organization:*:project:infra:workspace:prod:run_phase:apply') }, at: 'organization:*', witness: /^organization:(?!\*)/ },
  { rule: 'no-wildcard-organization', spec: { conditions: sub('organization:acme*:project:infra:workspace:prod:run_phase:apply') }, at: 'acme*', witness: /^organization:acme.+?:project/ },
  { rule: 'no-wildcard-project', spec: { conditions: sub('organization:acme:project:*:workspace:prod:run_phase:apply') }, at: 'project:*', witness: /^organization:acme:project:/ },
  { rule: 'no-wildcard-workspace', spec: { conditions: sub('organization:acme:project:infra:workspace:prod-?:run_phase:apply') }, at: 'prod-?', witness: /workspace:prod-/ },
  { rule: 'no-wildcard-run-phase', spec: { conditions: sub('organization:acme:project:infra:workspace:prod:run_phase:*') }, at: 'run_phase:*', witness: /run_phase:plan$/ },
  { rule: 'require-aud-condition', spec: { conditions: { StringLike: { 'app.terraform.io:sub': 'organization:acme:project:infra:workspace:prod:run_phase:apply' } } } },
  { rule: 'no-placeholder-scope', spec: { conditions: sub('organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply') }, at: 'YOUR_ORG_NAME' },
];

const quiet: Case[] = [
  { rule: 'require-sub-condition', spec: { conditions: sub('organization:acme:project:infra:workspace:prod:run_phase:apply', 'StringEquals') } },
  { rule: 'no-wildcard-organization', spec: { conditions: sub('organization:acme:project:*:workspace:prod:run_phase:apply') } },
  { rule: 'no-wildcard-project', spec: { conditions: sub('organization:acme:project:infra:workspace:*:run_phase:apply') } },
  { rule: 'no-wildcard-workspace', spec: { conditions: sub('organization:acme:project:infra:workspace:prod:run_phase:*') } },
  { rule: 'no-wildcard-run-phase', spec: { conditions: sub('organization:acme:project:infra:workspace:prod:run_phase:apply') } },
  { rule: 'require-aud-condition', spec: { conditions: sub('organization:acme:project:infra:workspace:prod:run_phase:apply') } },
  { rule: 'no-placeholder-scope', spec: { conditions: sub('organization:acme:project:infra:workspace:prod:run_phase:apply') } },
];

describe.each(fires)('$rule fires on every shape ($spec.conditions)', ({ rule, spec, at, witness }) => {
  it.each(allShapes(spec).map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    const r = await lintTree(shape.files);
    const found = r.findings.filter((f) => f.ruleId === rule);
    expect(found.length, JSON.stringify(r.findings.map((f) => [f.ruleId, f.message]))).toBeGreaterThanOrEqual(1);
    const f = found[0];
    expect(f.range.approximate ?? false).toBe(false);
    if (at) expect(r.text(f.range.file, f.range)).toContain(at);
    if (witness) expect(f.witness?.sub).toMatch(witness);
  });
});

describe.each(quiet)('$rule stays quiet on every shape ($spec.conditions)', ({ rule, spec }) => {
  it.each(allShapes(spec).map((s) => [s.name, s] as const))('%s', async (_name, shape) => {
    const r = await lintTree(shape.files);
    expect(r.findings.filter((f) => f.ruleId === rule).map((f) => f.message)).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
  });
});
