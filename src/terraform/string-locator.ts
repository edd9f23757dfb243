// Maps offsets in a string value's text back to source ranges through its segments, so JSON
// parsed out of a heredoc, a jsonencode result or a file()d document keeps exact positions.
import type { TextLocator } from '../parse/json.js';
import { type Position, type Range, samePlace, withSpan } from '../core/source.js';
import { sliceString } from './strings.js';
import type { Segment, StringValue } from '../core/value.js';

export function locatorForString(s: StringValue): TextLocator {
  const segs = s.segments ?? [];
  const fallback = (): Range => {
    const r: Range = s.range ?? { file: '', start: zero, end: zero };
    return { ...r, approximate: true };
  };
  return {
    range(start, end) {
      const a = segmentAt(segs, start);
      const b = segmentAt(segs, Math.max(start, end - 1));
      if (!a?.range || !b?.range || !samePlace(a.range, b.range)) return fallback();
      const from = pointIn(a, start, 'start');
      const to = end > start ? pointIn(b, end - 1, 'end') : from;
      if (!from || !to || to.offset < from.offset) return fallback();
      // A boundary inside an escape or interpolation run maps to that run's edge: still exact
      // for a JSON token, which never starts or ends inside one.
      return withSpan(a.range, from, to);
    },
    segments(start, end, valueOffset) {
      const part = sliceString(s, start, end);
      return (part.segments ?? []).map((seg) => ({ ...seg, start: seg.start + valueOffset, end: seg.end + valueOffset }));
    },
  };
}

const zero: Position = { line: 1, column: 1, offset: 0 };

function segmentAt(segs: Segment[], i: number): Segment | undefined {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segs[mid];
    if (i < s.start) hi = mid - 1;
    else if (i >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** The position of character i: exact in a linear run, else the run's start or end. */
function pointIn(seg: Segment, i: number, side: 'start' | 'end'): Position | undefined {
  if (!seg.range) return undefined;
  if (seg.linear && seg.source) {
    const off = seg.range.start.offset + (i - seg.start) + (side === 'end' ? 1 : 0);
    return seg.source.lines.position(off);
  }
  return side === 'start' ? seg.range.start : seg.range.end;
}
