// Building, slicing and converting string values while keeping their per-character segments.
import type { Range, SourceFile } from '../core/source.js';
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
        const seg: Segment = { ...s, start: s.start + base, end: s.end + base };
        const own = s.origins ?? [];
        const extra = hops.filter((o) => !own.includes(o));
        if (extra.length) seg.origins = [...own, ...extra];
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
    this.append(text, { range: source.range(offset, offset + text.length), source, linear: true });
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
  if (!v.segments) return out;
  const segs: Segment[] = [];
  const all = v.segments;
  // Segments are in order and do not overlap: start at the first one that ends after `start`
  // (a binary search), stop at the first that starts at `end`. A JSON document parsed out of a
  // long heredoc slices its string once per token, so a scan from the first segment is quadratic.
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (all[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < all.length; k++) {
    const s = all[k];
    if (s.start >= end) break;
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    if (a >= b) continue;
    const seg: Segment = { ...s, start: a - start, end: b - start };
    if (s.linear && s.range && s.source) {
      const off = s.range.start.offset + (a - s.start);
      seg.range = s.source.range(off, off + (b - a));
    }
    segs.push(seg);
  }
  out.segments = segs;
  return out;
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
