import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { initHcl, kids, namedKids, parseHcl } from './hcl.js';
import { SourceFile } from '../core/source.js';
import { placeName } from '../core/source.js';

beforeAll(() => initHcl());

const file = (text: string) => new SourceFile('main.tf', '/x/main.tf', text);

describe('parseHcl', () => {
  it('gives a clean tree and no diagnostics for valid HCL', () => {
    const { root, diagnostics } = parseHcl(
      file(tf`
      resource "aws_iam_role" "r" {
        name = "x"
      }
    `),
    );
    expect(diagnostics).toEqual([]);
    const block = namedKids(namedKids(root)[0])[0];
    expect(block.type).toBe('block');
  });

  it('reports offsets in UTF-16 units after é and an emoji, so ranges match the JS string', () => {
    const text = '# é 😀 unicode\nresource "a" "b" {\n  k = "v"\n}\n';
    const f = file(text);
    const { root } = parseHcl(f);
    const block = namedKids(namedKids(root).find((k) => k.type === 'body')!)[0];
    expect(block.startIndex).toBe(text.indexOf('resource'));
    expect(text.slice(block.startIndex, block.endIndex)).toBe('resource "a" "b" {\n  k = "v"\n}');
    expect(f.range(block.startIndex, block.endIndex).start).toEqual({ line: 2, column: 1, offset: 15 });
  });

  it('turns an unexpected token into a parse-error with its exact range, and keeps later blocks', () => {
    const f = file(tf`
      a = }
      resource "x" "y" {
        k = 1
      }
    `);
    const { root, diagnostics } = parseHcl(f);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics[0]).toMatchObject({ code: 'parse-error', severity: 'error' });
    expect(diagnostics[0].range!.start.line).toBe(1);
    const body = namedKids(root).find((k) => k.type === 'body')!;
    expect(namedKids(body).some((k) => k.type === 'block' && kids(k)[0].text === 'resource')).toBe(true);
  });

  it('names a missing token as "missing"', () => {
    const { diagnostics } = parseHcl(file('resource "x" "y" {\n  k = [1, 2\n}\n'));
    expect(diagnostics.map((d) => d.message).join(' ')).toMatch(/missing|unexpected/);
    expect(placeName(diagnostics[0].range!)).toBe('main.tf');
  });
});
