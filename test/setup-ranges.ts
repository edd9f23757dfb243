// Ranges of a file's text are kept as offsets (OffsetRange, src/core/source.ts) and work out their
// positions when read, through getters that a structural comparison does not see. For toEqual and
// friends such a range is the plain range it stands for: file, start, end and approximate.
import { expect } from 'vitest';
import { OffsetRange, plainRange } from '../src/core/source.js';

expect.addEqualityTesters([
  function offsetRangeEquals(a, b, testers) {
    if (!(a instanceof OffsetRange) && !(b instanceof OffsetRange)) return undefined;
    const plain = (x: unknown) => (x instanceof OffsetRange ? plainRange(x) : x);
    return this.equals(plain(a), plain(b), testers);
  },
]);
