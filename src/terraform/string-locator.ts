// Maps offsets in a string value's text back to source ranges through its segments, so JSON
// parsed out of a heredoc, a jsonencode result or a file()d document keeps exact positions.
import type { TextLocator } from '../parse/json.js';
import { OffsetRange, type Position, type Range, type SourceFile, endOffsetOf, startOffsetOf, withApproximate } from '../core/source.js';
import { sliceSegments } from './strings.js';
import type { Segment, StringValue } from '../core/value.js';

export function locatorForString(s: StringValue): TextLocator {
  const segs = s.segments ?? [];
  const fallback = (): Range => withApproximate(s.range ?? { file: '', start: zero, end: zero });
  return {
    range(start, end) {
      const a = segmentAt(segs, start);
      const b = segmentAt(segs, Math.max(start, end - 1));
      if (!a?.range || !b?.range || a.range.file !== b.range.file) return fallback();
      const from = offsetIn(a, a.range, start, 'start');
      const to = end > start ? offsetIn(b, b.range, end - 1, 'end') : from;
      if (to < from) return fallback();
      // A boundary inside an escape or interpolation run maps to that run's edge: still exact
      // for a JSON token, which never starts or ends inside one. When both ends lie in one
      // file's text the range is kept as offsets (OffsetRange), positions worked out when read.
      const file = sourceOf(a, a.range);
      if (file && file === sourceOf(b, b.range)) return file.range(from, to);
      const first = pointIn(a, a.range, start, 'start');
      return { file: a.range.file, start: first, end: end > start ? pointIn(b, b.range, end - 1, 'end') : first };
    },
    segments(start, end, valueOffset) {
      return sliceSegments(segs, start, end, valueOffset - start);
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

/** The file a segment's range lies in, when its range is kept as offsets of that file. */
function sourceOf(seg: Segment, range: Range): SourceFile | undefined {
  if (seg.linear && seg.source) return seg.source;
  return range instanceof OffsetRange ? range.source : undefined;
}

/** The offset of character i: exact in a linear run, else the run's start or end. */
function offsetIn(seg: Segment, range: Range, i: number, side: 'start' | 'end'): number {
  if (seg.linear && seg.source) return startOffsetOf(range) + (i - seg.start) + (side === 'end' ? 1 : 0);
  return side === 'start' ? startOffsetOf(range) : endOffsetOf(range);
}

/** The position of character i, for a run whose range is not kept as offsets. */
function pointIn(seg: Segment, range: Range, i: number, side: 'start' | 'end'): Position {
  if (seg.linear && seg.source) return seg.source.lines.position(offsetIn(seg, range, i, side));
  return side === 'start' ? range.start : range.end;
}
