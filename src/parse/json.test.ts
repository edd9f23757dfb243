import { describe, expect, it } from 'vitest';
import { parseJsonFile } from './json.js';
import { SourceFile } from '../core/source.js';
import { get } from '../core/value.js';

describe('parseJsonFile', () => {
  it('keeps the exact range of every value, including after escapes', () => {
    const text = '{\n  "a": "x\\"y:sub",\n  "b": [1, true, null]\n}\n';
    const file = new SourceFile('p.json', '/p.json', text);
    const { value, diagnostics } = parseJsonFile(file);
    expect(diagnostics).toEqual([]);
    const a = get(value, 'a');
    expect(a).toMatchObject({ kind: 'string', value: 'x"y:sub' });
    expect(a?.range?.start).toMatchObject({ line: 2, column: 8 });
    // the 's' of "sub" (value index 4) is at column 15 of line 2
    const seg = a?.kind === 'string' ? a.segments!.find((s) => s.start <= 4 && 4 < s.end)! : undefined;
    expect(seg?.linear).toBe(true);
    expect(seg!.range!.start.offset + (4 - seg!.start)).toBe(text.indexOf('sub'));
  });

  it('reports broken JSON with a position and still returns what it recovered', () => {
    const file = new SourceFile('b.json', '/b.json', '{\n  "a": 1,\n  "b": \n}');
    const { value, diagnostics } = parseJsonFile(file);
    expect(diagnostics[0]).toMatchObject({ code: 'parse-error', range: { start: { line: 4 } } });
    expect(get(value, 'a')).toMatchObject({ kind: 'number', value: 1 });
  });

  it("reports one error for one mistake, not the parser's recovery cascade", () => {
    const file = new SourceFile(
      'c.json',
      '/c.json',
      '{\n  "Statement": [\n    { "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity"\n  ]\n}\n',
    );
    const { diagnostics } = parseJsonFile(file);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].range?.start.line).toBe(4);
  });

  it('keeps duplicate keys, and look-ups take the last one', () => {
    const file = new SourceFile('d.json', '/d.json', '{"k": "first", "k": "second"}');
    const { value } = parseJsonFile(file);
    expect(value?.kind === 'object' && value.entries.map((e) => e.key)).toEqual(['k', 'k']);
    expect(get(value, 'k')).toMatchObject({ value: 'second' });
  });
});
