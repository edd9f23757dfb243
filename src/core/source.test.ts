// Ranges of a file's text are kept as offsets (OffsetRange) and work out lines and columns when
// read. Proven here: they read, serialise, copy and compare exactly as the plain ranges they
// stand for, and the copying helpers keep positions that an object spread would lose.
import { describe, expect, it } from 'vitest';
import {
  LineIndex,
  OffsetRange,
  type Range,
  SourceFile,
  compareRanges,
  endOffsetOf,
  plainRange,
  rangeContains,
  rangeIn,
  spanOf,
  startOffsetOf,
  withApproximate,
} from './source.js';

const text = 'line one\r\nsecond line\n\nfourth 😀 line\nlast';
const file = new SourceFile('dir/main.tf', '/abs/dir/main.tf', text);
const index = new LineIndex(text);

/** The range as it was built before: both positions worked out at once. */
const eager = (start: number, end: number, more: { approximate?: true; file?: string } = {}): Range => ({
  file: more.file ?? 'dir/main.tf',
  start: index.position(start),
  end: index.position(end),
  ...(more.approximate ? { approximate: true } : {}),
});

describe('OffsetRange', () => {
  it('gives the positions that working them out at once gives, at every pair of offsets (clamped to the text)', () => {
    for (let a = -2; a <= text.length + 2; a++)
      for (let b = a; b <= text.length + 3; b += 3) {
        const r = file.range(a, b);
        expect(r).toBeInstanceOf(OffsetRange);
        expect(r.start).toStrictEqual(eager(a, b).start);
        expect(r.end).toStrictEqual(eager(a, b).end);
        expect(startOffsetOf(r)).toBe(r.start.offset);
        expect(endOffsetOf(r)).toBe(r.end.offset);
      }
    expect(file.range(10, 15).start).toStrictEqual({ line: 2, column: 1, offset: 10 });
  });

  it('serialises as the plain range, with approximate only when set', () => {
    expect(JSON.parse(JSON.stringify(file.range(3, 12)))).toStrictEqual(JSON.parse(JSON.stringify(eager(3, 12))));
    expect(JSON.parse(JSON.stringify(file.range(3, 12, true)))).toStrictEqual(eager(3, 12, { approximate: true }));
    expect(plainRange(file.range(3, 12))).toStrictEqual(eager(3, 12));
  });

  it('compares equal to the plain range it stands for and unequal to any other (test/setup-ranges.ts)', () => {
    expect(file.range(3, 12)).toEqual(eager(3, 12));
    expect(eager(3, 12)).toEqual(file.range(3, 12));
    expect({ range: file.range(3, 12) }).toEqual({ range: file.range(3, 12) });
    expect(file.range(3, 12)).not.toEqual(eager(3, 13));
    expect(file.range(3, 12)).not.toEqual(file.range(4, 12));
    expect(file.range(3, 12)).not.toEqual(file.range(3, 12, true));
    expect(file.range(3, 12)).not.toEqual(new SourceFile('other.tf', '/abs/other.tf', text).range(3, 12));
  });

  it('is copied with its positions by withApproximate, rangeIn and spanOf, for offset and plain ranges alike', () => {
    for (const r of [file.range(3, 12), eager(3, 12)]) {
      expect(withApproximate(r)).toStrictEqual(eager(3, 12, { approximate: true }));
      expect(r.approximate).toBeUndefined();
      expect(plainRange(rangeIn(r, 'arn:aws:iam::1:role/x'))).toStrictEqual(eager(3, 12, { file: 'arn:aws:iam::1:role/x' }));
    }
    // `{ ...a, end: b.end }` in a's file with a's mark, or `{ ...like, start: a.start, end: b.end }`.
    expect(plainRange(spanOf(file.range(3, 5), file.range(20, 25)))).toStrictEqual(eager(3, 25));
    expect(plainRange(spanOf(file.range(3, 5, true), eager(20, 25)))).toStrictEqual(eager(3, 25, { approximate: true }));
    expect(plainRange(spanOf(file.range(3, 5), file.range(0, 25, true), file.range(0, 25, true)))).toStrictEqual(
      eager(3, 25, { approximate: true }),
    );
    // What an object spread would have made of it: the reason for the helpers and the lint rule.
    // eslint-disable-next-line local/no-range-spread -- the spread this test shows to be lossy
    expect(Object.keys({ ...file.range(3, 12) })).toEqual(['file']);
  });

  it('sorts and nests by offsets as plain ranges do', () => {
    expect(compareRanges(file.range(3, 12), eager(3, 13))).toBeLessThan(0);
    expect(compareRanges(eager(4, 5), file.range(3, 12))).toBeGreaterThan(0);
    expect(compareRanges(file.range(3, 12), eager(3, 12))).toBe(0);
    expect(rangeContains(file.range(0, 20), eager(3, 12))).toBe(true);
    expect(rangeContains(eager(3, 12), file.range(0, 20))).toBe(false);
  });
});
