// Source files and ranges. Offsets (0-based, UTF-16 code units, end exclusive) are the truth;
// a per-file LineIndex turns them into 1-based lines and columns (UTF-16 code units, as SARIF).
// A range lies in a file or, for a resource read from a live AWS account, at that resource: the
// two are different types (FileRange, LiveRange), so a consumer that needs a file (a code frame,
// a SARIF physicalLocation, a path for suppressions or --changed, an edit) has to say what it
// does with a live one, and nothing tells them apart by the look of a string.

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
  /** 0-based offset in UTF-16 code units into the file's text. */
  offset: number;
}

/** Where a range lies inside its place: offsets and 1-based lines and columns. */
export interface Span {
  start: Position;
  /** Exclusive. */
  end: Position;
  /** True when the exact place could not be mapped and this is the enclosing construct. */
  approximate?: boolean;
}

/** A span of a file's text. */
export interface FileRange extends Span {
  /** Path as shown to the user (relative to the working directory when below it, forward slashes). */
  file: string;
}

/**
 * A resource read from a live AWS account (--aws, --fix), which has no text: the span is always
 * its start (line 1, column 1, offset 0), so that sorting and reports treat both kinds alike.
 */
export interface LiveRange extends Span {
  /** The resource's ARN. */
  arn: string;
}

export type Range = FileRange | LiveRange;

export function isLive(r: Range): r is LiveRange {
  return 'arn' in r;
}

/** The file's display path or the live resource's ARN: what a report names, and what ranges group and sort by. */
export function placeName(r: Range): string {
  return isLive(r) ? r.arn : r.file;
}

/** Both ranges lie in the same file, or at the same live resource. */
export function samePlace(a: Range, b: Range): boolean {
  return isLive(a) ? isLive(b) && a.arn === b.arn : !isLive(b) && a.file === b.file;
}

/** Another span in the same file, or at the same live resource, as `r`. */
export function withSpan(r: Range, start: Position, end: Position): Range {
  return isLive(r) ? { arn: r.arn, start, end } : { file: r.file, start, end };
}

export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    // indexOf runs natively: several times faster than a loop over the characters on large files.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1, offset: o };
  }

  /** Offset of a 1-based line and column. */
  offsetAt(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.starts.length));
    return Math.min(this.text.length, this.starts[l - 1] + Math.max(0, column - 1));
  }

  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line] ?? this.text.length + 1;
    return this.text.slice(start, next - 1).replace(/\r$/, '');
  }
}

export class SourceFile {
  private index?: LineIndex;

  constructor(
    /** Display path (relative to cwd where possible, forward slashes). */
    readonly path: string,
    /** Absolute path on disk (for a live resource, ArnSource in src/fix/live-model.ts, its ARN). */
    readonly absPath: string,
    readonly text: string,
  ) {}

  /** Built on first use: most files a scan reads never need a position. */
  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  range(start: number, end: number, approximate?: boolean): Range {
    const r: FileRange = { file: this.path, start: this.lines.position(start), end: this.lines.position(end) };
    if (approximate) r.approximate = true;
    return r;
  }
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return samePlace(outer, inner) && outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset;
}

export function compareRanges(a: Range, b: Range): number {
  const pa = placeName(a);
  const pb = placeName(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.start.offset - b.start.offset || a.end.offset - b.end.offset;
}
