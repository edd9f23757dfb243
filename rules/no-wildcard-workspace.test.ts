import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import rule from './no-wildcard-workspace.js';

const like = (v: string | string[]) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);

describe('no-wildcard-workspace', () => {
  it('fires on workspace:* in a pinned project, naming project and organization', () => {
    const json = like('organization:acme:project:infra:workspace:*:run_phase:apply');
    const [f, ...rest] = runRule(rule, json);
    expect(rest).toEqual([]);
    expect(f.severity).toBe('medium');
    expect(textOf(json, f)).toBe('"organization:acme:project:infra:workspace:*:run_phase:apply"');
    expect(f.message).toContain('project "infra"');
    expect(f.witness?.sub).toMatch(/^organization:acme:project:infra:workspace:(?!\*)/);
  });

  it('fires on a prefix prod-* and mentions Stacks when a * after the project admits them', () => {
    expect(runRule(rule, like('organization:acme:project:infra:workspace:prod-*:run_phase:apply'))).toHaveLength(1);
    const [f] = runRule(rule, like('organization:acme:project:infra:*'));
    expect(f.message).toContain('or Stack');
  });

  it('reports only the loose value of several', () => {
    const json = like(['organization:acme:project:infra:workspace:prod:run_phase:apply', 'organization:acme:project:infra:workspace:*:run_phase:apply']);
    const findings = runRule(rule, json);
    expect(findings.map((f) => textOf(json, f))).toEqual(['"organization:acme:project:infra:workspace:*:run_phase:apply"']);
  });

  it('stays quiet on exact workspaces and on open projects (no-wildcard-project reports those)', () => {
    expect(runRule(rule, like(['organization:acme:project:infra:workspace:a:run_phase:apply', 'organization:acme:project:infra:workspace:b:run_phase:apply']))).toEqual([]);
    expect(runRule(rule, like('organization:acme:*'))).toEqual([]);
  });
});
