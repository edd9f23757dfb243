// Reading big arrays element by element gives the very values (positions included) of parsing
// the whole file, and says "not sure" for anything it does not expect.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJsonFile } from './json.js';
import { parseJsonStreamed } from './json-stream.js';
import { SourceFile } from '../core/source.js';

const ARRAYS = new Set(['RoleDetailList', 'Policies', 'resource_changes']);
const file = (text: string, path = 'x.json') => new SourceFile(path, `/${path}`, text);
const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'source' ? undefined : x)));

describe('parseJsonStreamed', () => {
  it.each(['fixtures/inputs/iam/account-authorization-details.json', 'fixtures/inputs/plan/tfplan.json'])(
    '%s: the same value as the whole-file parse',
    (path) => {
      const f = file(readFileSync(path, 'utf8'), path);
      const streamed = parseJsonStreamed(f, { arrays: ARRAYS });
      expect(streamed).toBeDefined();
      expect(plain(streamed!.value)).toEqual(plain(parseJsonFile(f).value));
    },
  );

  it('leaves out the elements `keep` refuses, and keeps exact positions for the rest', () => {
    const text = '\uFEFF{ "RoleDetailList": [ {"RoleName": "a"},\n {"RoleName": "b\\u00e9"} ], "Policies": [], "n": 1 }\n';
    const f = file(text);
    const r = parseJsonStreamed(f, { arrays: ARRAYS, keep: (_k, raw) => !raw.includes('"a"') })!;
    expect(r.skipped).toBe(1);
    const roles = r.value.kind === 'object' ? r.value.entries[0].value : undefined;
    expect(roles?.kind === 'list' && roles.items.length).toBe(1);
    const name = roles?.kind === 'list' && roles.items[0].kind === 'object' ? roles.items[0].entries[0].value : undefined;
    expect(name).toMatchObject({ kind: 'string', value: 'bé', range: { start: { line: 2, column: 15 } } });
  });

  it('is not sure of broken text, a top level that is not an object, or trailing garbage', () => {
    for (const bad of [
      '{"RoleDetailList": [ {"a": 1}, ]}',
      '[1, 2]',
      '{"a": 1} x',
      '{"a": }',
      '{"RoleDetailList": [ {"a": "open ]}',
      '{}',
    ]) {
      expect(parseJsonStreamed(file(bad), { arrays: ARRAYS }), bad).toBeUndefined();
    }
  });
});
