import { describe, expect, it } from 'vitest';
import { formatSub, parseSub, patternFields, unitOf } from './claims.js';

describe('sub grammar', () => {
  it('parses every documented shape and formats it back unchanged', () => {
    const subs = [
      'organization:acme:project:Default Project:workspace:prod:run_phase:plan',
      'organization:acme:workspace:prod:run_phase:apply',
      'organization:acme:project:infra:stack:net:deployment:eu:operation:apply',
      'organization:acme:module:vpc:operation:test_run',
    ];
    const kinds = subs.map((s) => parseSub(s)?.kind);
    expect(kinds).toEqual(['workspace', 'legacy', 'stack', 'module-test']);
    for (const s of subs) expect(formatSub(parseSub(s)!)).toBe(s);
  });

  it('rejects tokens that break the grammar: wrong phase, wildcard in a name, missing field', () => {
    expect(parseSub('organization:acme:project:p:workspace:w:run_phase:destroy')).toBeUndefined();
    expect(parseSub('organization:acme:project:p:workspace:w*:run_phase:plan')).toBeUndefined();
    expect(parseSub('organization:acme:project:p:workspace:w')).toBeUndefined();
    expect(parseSub('organization:acme:module:m:operation:plan')).toBeUndefined();
  });

  it('names the unit that runs', () => {
    expect(unitOf(parseSub('organization:a:project:p:stack:s:deployment:d:operation:plan')!)).toBe('stack:s:deployment:d');
    expect(unitOf(parseSub('organization:a:workspace:w:run_phase:plan')!)).toBe('workspace:w');
  });

  it('splits a pattern into keyword fields with offsets, and keeps swallowed parts loose', () => {
    const text = 'organization:acme*:project:*:workspace:prod:run_phase:*';
    const { fields } = patternFields(text);
    expect(fields.map((f) => [f.keyword, f.value])).toEqual([
      ['organization', 'acme*'],
      ['project', '*'],
      ['workspace', 'prod'],
      ['run_phase', '*'],
    ]);
    const ws = fields[2];
    expect(text.slice(ws.start, ws.end)).toBe('prod');
    expect(patternFields('*:workspace:prod:*').loose.map((l) => l.value)).toEqual(['*', '*']);
  });
});
