// Source files and ranges. Offsets (0-based, UTF-16 code units, end exclusive) are the truth;
// a per-file LineIndex turns them into 1-based lines and columns (UTF-16 code units, as SARIF).
// A range of a file's text keeps only its offsets and works out lines and columns when they are
// read (OffsetRange): a 10 MB file of policies yields a million ranges, almost none of which is
// ever shown (docs/performance.md, "Large inputs").
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
    return new OffsetRange(this, start, end, approximate);
  }

  /** Clamped to the text, as LineIndex.position clamps. */
  clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }
}

/**
 * A range of a file's text stored as two offsets: `start` and `end` are worked out from the
 * file's line index each time they are read, so a range that is never shown costs one small
 * object instead of three. It reads, serialises (`toJSON`) and compares (`plainRange`) as the
 * plain range it stands for; an object spread (`{ ...r }`) would copy only `file` (the positions
 * are getters), so copies go through `withApproximate` / `rangeIn` / `spanOf` (ESLint forbids
 * spreading a range).
 */
export class OffsetRange implements FileRange {
  readonly file: string;
  declare approximate?: boolean;
  readonly #source: SourceFile;
  readonly #start: number;
  readonly #end: number;

  constructor(source: SourceFile, start: number, end: number, approximate?: boolean) {
    this.file = source.path;
    this.#source = source;
    this.#start = source.clamp(start);
    this.#end = source.clamp(end);
    if (approximate) this.approximate = true;
  }

  get start(): Position {
    return this.#source.lines.position(this.#start);
  }

  get end(): Position {
    return this.#source.lines.position(this.#end);
  }

  get source(): SourceFile {
    return this.#source;
  }

  get startOffset(): number {
    return this.#start;
  }

  get endOffset(): number {
    return this.#end;
  }

  toJSON(): FileRange {
    return plainRange(this);
  }
}

/** The range as a plain object with its positions worked out (what JSON and tests see). */
export function plainRange(r: FileRange): FileRange;
export function plainRange(r: Range): Range;
export function plainRange(r: Range): Range {
  const out: Range = isLive(r) ? { arn: r.arn, start: r.start, end: r.end } : { file: r.file, start: r.start, end: r.end };
  if (r.approximate) out.approximate = true;
  return out;
}

/** The same place, marked approximate: the enclosing construct rather than the exact spot. */
export function withApproximate(r: Range): Range {
  if (r instanceof OffsetRange) return r.approximate ? r : new OffsetRange(r.source, r.startOffset, r.endOffset, true);
  const out = plainRange(r);
  out.approximate = true;
  return out;
}

/** The same span in another file (a copy of the file). */
export function rangeIn(r: Range, file: string): FileRange {
  const out: FileRange = { file, start: r.start, end: r.end };
  if (r.approximate) out.approximate = true;
  return out;
}

/**
 * From `a`'s start to `b`'s end (the caller knows both lie in one file), with the file and the
 * `approximate` mark of `like`, as `{ ...like, start: a.start, end: b.end }` would have them.
 */
export function spanOf(a: Range, b: Range, like: Range = a): Range {
  if (a instanceof OffsetRange && b instanceof OffsetRange && a.source === b.source && !isLive(like) && like.file === a.file)
    return new OffsetRange(a.source, a.startOffset, b.endOffset, like.approximate);
  const out = withSpan(like, a.start, b.end);
  if (like.approximate) out.approximate = true;
  return out;
}

/** Offsets without working out lines: read often when sorting and mapping. */
export function startOffsetOf(r: Range): number {
  return r instanceof OffsetRange ? r.startOffset : r.start.offset;
}

export function endOffsetOf(r: Range): number {
  return r instanceof OffsetRange ? r.endOffset : r.end.offset;
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return samePlace(outer, inner) && startOffsetOf(outer) <= startOffsetOf(inner) && endOffsetOf(inner) <= endOffsetOf(outer);
}

export function compareRanges(a: Range, b: Range): number {
  const pa = placeName(a);
  const pb = placeName(b);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return startOffsetOf(a) - startOffsetOf(b) || endOffsetOf(a) - endOffsetOf(b);
}
