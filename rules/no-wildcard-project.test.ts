import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/testing/trust.js';
import rule from './no-wildcard-project.js';

const like = (v: string) => tfcPolicy(`{ "StringLike": { "app.terraform.io:sub": ${JSON.stringify(v)} } }`);

describe('no-wildcard-project', () => {
  it('fires on organization:acme:* at the sub value', () => {
    const json = like('organization:acme:*');
    const [f, ...rest] = runRule(rule, json);
    expect(rest).toEqual([]);
    expect(f.severity).toBe('high');
    expect(textOf(json, f)).toBe('"organization:acme:*"');
    expect(f.message).toContain('organization "acme"');
    expect(f.witness?.sub).toMatch(/^organization:acme:/);
  });

  it('fires on project:* with a pinned workspace', () => {
    const [f] = runRule(rule, like('organization:acme:project:*:workspace:prod:run_phase:apply'));
    expect(f.witness?.sub).not.toContain('project:infra');
  });

  it('says only what the value admits: a project name pattern, no legacy tokens or Stacks it cannot match', () => {
    const [prefix] = runRule(rule, like('organization:acme:project:team-*:workspace:prod:run_phase:apply'));
    expect(prefix.message).toContain('accepts runs from any project matching "team-*" of organization "acme"');
    expect(prefix.message).toContain('every workspace in such a project can assume it');
    expect(prefix.message).not.toMatch(/legacy|Stack/);
    const [stacks] = runRule(rule, like('organization:acme:project:team-*:stack:*:*'));
    expect(stacks.message).toContain('every Stack in such a project can assume it');
    const [all] = runRule(rule, like('organization:acme:*'));
    expect(all.message).toContain('any project of organization "acme"');
    expect(all.message).toContain('every workspace and Stack in the organization, including project-less legacy tokens, can assume it');
  });

  it('stays quiet on organization:* (no-wildcard-organization reports it) and on a pinned project', () => {
    expect(runRule(rule, like('organization:*'))).toEqual([]);
    expect(runRule(rule, like('organization:acme:project:infra:workspace:*:run_phase:apply'))).toEqual([]);
  });

  it('stays quiet on the legacy exact form (one token shape, no project)', () => {
    expect(runRule(rule, like('organization:acme:workspace:prod:run_phase:apply'))).toEqual([]);
  });
});
