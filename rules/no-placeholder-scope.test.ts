import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import rule from './no-placeholder-scope.js';

const SEED_SUB = 'organization:${var.tfc_organization_name}:project:${var.tfc_project_name}:workspace:${var.tfc_workspace_name}:run_phase:*';
const like = (v: string) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);

describe('no-placeholder-scope', () => {
  it('fires on the seed placeholders at the sub value, naming each and its variable default as origin', () => {
    const json = like(SEED_SUB);
    const vars = { 'var.tfc_organization_name': 'YOUR_ORG_NAME', 'var.tfc_project_name': 'YOUR_PROJECT_NAME', 'var.tfc_workspace_name': 'YOUR_WORKSPACE_NAME' };
    const findings = runRule(rule, json, { vars });
    expect(findings.map((f) => f.message)).toEqual([
      'The trust policy pins organization "YOUR_ORG_NAME", a placeholder: the role trusts whoever registers an organization of that name',
      expect.stringContaining('project "YOUR_PROJECT_NAME"'),
      expect.stringContaining('workspace "YOUR_WORKSPACE_NAME"'),
    ]);
    const [org] = findings;
    expect(org.severity).toBe('high');
    expect(textOf(json, org)).toBe(JSON.stringify(SEED_SUB));
    expect(org.origins?.[0]).toMatchObject({ kind: 'variable-default', name: 'var.tfc_organization_name', range: { file: 'variables.tf', start: { line: 2 } } });
    expect(org.fix).toContain('var.tfc_organization_name');
  });

  it('fires on literal placeholders: my-org, <org>, changeme', () => {
    for (const name of ['my-org', '<org>', 'changeme', 'example-org']) {
      expect(runRule(rule, like(`organization:${name}:project:infra:workspace:prod:run_phase:apply`)), name).toHaveLength(1);
    }
  });

  it('stays quiet on real names, on wildcards and on unknown values', () => {
    expect(runRule(rule, like('organization:acme:project:infra:workspace:prod:run_phase:apply'))).toEqual([]);
    expect(runRule(rule, like('organization:acme:project:*:workspace:your*:run_phase:apply'))).toEqual([]);
    expect(runRule(rule, like('organization:${var.org}:*'))).toEqual([]);
  });

  it('stays quiet on placeholders in a Deny or a negated condition (they pin nothing)', () => {
    const json = tfcPolicy('{ "StringLike": { "app.terraform.io:sub": "organization:acme:*" }, "StringNotLike": { "app.terraform.io:sub": "organization:acme:project:YOUR_PROJECT:*" } }');
    expect(runRule(rule, json)).toEqual([]);
  });
});
