import { describe, expect, it } from 'vitest';
import { runRule, tfcPolicy, textOf } from '../src/trust/testing.js';
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

  it('stays quiet on organization:* (no-wildcard-organization reports it) and on a pinned project', () => {
    expect(runRule(rule, like('organization:*'))).toEqual([]);
    expect(runRule(rule, like('organization:acme:project:infra:workspace:*:run_phase:apply'))).toEqual([]);
  });

  it('stays quiet on the legacy exact form (one token shape, no project)', () => {
    expect(runRule(rule, like('organization:acme:workspace:prod:run_phase:apply'))).toEqual([]);
  });
});
