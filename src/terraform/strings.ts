// Building, slicing and converting string values while keeping their per-character segments.
import { type Range, type SourceFile, startOffsetOf } from '../core/source.js';
import type { Origin, Segment, StringValue, Unknown, Value } from '../core/value.js';

/** Accumulates a string and its segments piece by piece. */
export class StringBuilder {
  text = '';
  segments: Segment[] = [];

  /** Append another string value's characters, keeping its segments (shifted). */
  appendValue(v: StringValue): void {
    const base = this.text.length;
    this.text += v.value;
    if (v.segments?.length) {
      // The hops the whole value took (a tfvars line, a module input) belong to each of its runs
      // once it is part of a longer string, after the runs' own origins (travel order).
      const hops = v.origins ?? [];
      for (const s of v.segments) {
        const seg = shiftedSegment(s, base);
        if (hops.length) {
          const own = s.origins ?? [];
          const extra = hops.filter((o) => !own.includes(o));
          if (extra.length) seg.origins = [...own, ...extra];
        }
        this.segments.push(seg);
      }
    } else if (v.value.length) {
      const seg: Segment = { start: base, end: this.text.length };
      if (v.range) seg.range = v.range;
      if (v.origins?.length) seg.origins = v.origins;
      this.segments.push(seg);
    }
  }

  /**
   * Append text as one segment. An empty text adds nothing, unless it came from somewhere: then an
   * empty segment keeps where (`"workspace:${var.ws}"` with `ws = ""` names the variable's line).
   */
  append(text: string, seg: Omit<Segment, 'start' | 'end'>): void {
    if (!text.length && !seg.origins?.length) return;
    const start = this.text.length;
    this.text += text;
    this.segments.push({ ...seg, start, end: this.text.length });
  }

  /** Text copied verbatim from `source` at [offset, offset+text.length). */
  appendLinear(text: string, source: SourceFile, offset: number): void {
    if (!text.length) return;
    const start = this.text.length;
    this.text += text;
    // One literal with every field (see movedSegment): one per line of a heredoc.
    this.segments.push({ start, end: this.text.length, range: source.range(offset, offset + text.length), source, linear: true });
  }

  build(range?: Range, origins?: Origin[]): StringValue {
    const v: StringValue = { kind: 'string', value: this.text, segments: this.segments };
    if (range) v.range = range;
    if (origins?.length) v.origins = origins;
    return v;
  }
}

/** Characters [start, end) of a string value, with the matching part of every segment. */
export function sliceString(v: StringValue, start: number, end: number, range = v.range): StringValue {
  const value = v.value.slice(start, end);
  const out: StringValue = { kind: 'string', value };
  if (range) out.range = range;
  if (v.origins) out.origins = v.origins;
  if (v.segments) out.segments = sliceSegments(v.segments, start, end, -start);
  return out;
}

/**
 * The parts of `all` (sorted, not overlapping) within [start, end), moved by `shift`. A JSON
 * document parsed out of a long heredoc slices its string once per token, so the first segment is
 * found by a binary search (a scan from the first one is quadratic), and a short result is an
 * array of its exact size (most hold one segment).
 */
export function sliceSegments(all: Segment[], start: number, end: number, shift: number): Segment[] {
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  // Most slices (a JSON token of a heredoc line) lie inside one segment.
  const one = all[lo];
  if (one && one.start <= start && end <= one.end && start < end) return [movedSegment(one, start, end, shift)];
  const segs: Segment[] = [];
  for (let k = lo; k < all.length; k++) {
    const s = all[k];
    if (s.start >= end) break;
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    if (a < b) segs.push(movedSegment(s, a, b, shift));
  }
  // The first push makes room for 17: a copy keeps only what is used.
  return segs.length && segs.length < 17 ? segs.slice() : segs;
}

/** Characters [a, b) of segment `s`, at [a + shift, b + shift) of the new string. */
function movedSegment(s: Segment, a: number, b: number, shift: number): Segment {
  if (s.linear && s.range && s.source) {
    // Every field in one literal: the object keeps them all in itself (a spread followed by two
    // more fields spills into a second object), which matters at one segment per JSON token.
    const off = startOffsetOf(s.range) + (a - s.start);
    const seg: Segment = { start: a + shift, end: b + shift, range: s.source.range(off, off + (b - a)), source: s.source, linear: true };
    if (s.origins) seg.origins = s.origins;
    if (s.unknown) seg.unknown = s.unknown;
    return seg;
  }
  return { ...s, start: a + shift, end: b + shift };
}

/** Segment `s` as it is, at [start + shift, end + shift) of a longer string. */
function shiftedSegment(s: Segment, shift: number): Segment {
  if (!s.linear || !s.source || !s.range) return { ...s, start: s.start + shift, end: s.end + shift };
  // One literal, as in movedSegment: one per line of every heredoc.
  const seg: Segment = { start: s.start + shift, end: s.end + shift, range: s.range, source: s.source, linear: true };
  if (s.origins) seg.origins = s.origins;
  if (s.unknown) seg.unknown = s.unknown;
  return seg;
}

/** A string value written as one segment at `range` (function results, conversions). */
export function derivedString(value: string, range?: Range, origins?: Origin[], unknownRun?: Unknown): StringValue {
  const v: StringValue = { kind: 'string', value };
  if (range) v.range = range;
  if (origins?.length) v.origins = origins;
  if (value.length) {
    const seg: Segment = { start: 0, end: value.length };
    if (range) seg.range = range;
    if (origins?.length) seg.origins = origins;
    if (unknownRun) seg.unknown = unknownRun;
    v.segments = [seg];
  }
  return v;
}

/** Concatenate string values into one, segments preserved. */
export function concatStrings(parts: StringValue[], range?: Range): StringValue {
  const b = new StringBuilder();
  for (const p of parts) b.appendValue(p);
  return b.build(range);
}

/** Terraform's automatic conversion of a primitive to string; undefined when not convertible. */
export function toStr(v: Value): StringValue | undefined {
  switch (v.kind) {
    case 'string':
      return v;
    case 'number':
      return derivedString(formatNumber(v.value), v.range, v.origins);
    case 'bool':
      return derivedString(v.value ? 'true' : 'false', v.range, v.origins);
    default:
      return undefined;
  }
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toString();
  return String(n);
}
