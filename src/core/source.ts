// Source files and ranges. Offsets (0-based, UTF-16 code units, end exclusive) are the truth;
// a per-file LineIndex turns them into 1-based lines and columns (UTF-16 code units, as SARIF).
// A range of a file's text keeps only its offsets and works out lines and columns when they are
// read (OffsetRange): a 10 MB file of policies yields a million ranges, almost none of which is
// ever shown (docs/performance.md, "Large inputs").

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column in UTF-16 code units. */
  column: number;
  /** 0-based offset in UTF-16 code units into the file's text. */
  offset: number;
}

export interface Range {
  /**
   * Path as shown to the user (relative to the working directory when below it); for a resource
   * read from a live AWS account (--aws, --fix), the resource's ARN instead (see isLiveArn).
   */
  file: string;
  start: Position;
  /** Exclusive. */
  end: Position;
  /** True when the exact place could not be mapped and this is the enclosing construct. */
  approximate?: boolean;
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
    /** Absolute path on disk, or a pseudo path such as `aws://...` for live input. */
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
export class OffsetRange implements Range {
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

  toJSON(): Range {
    return plainRange(this);
  }
}

/** The range as a plain object with its positions worked out (what JSON and tests see). */
export function plainRange(r: Range): Range {
  const out: Range = { file: r.file, start: r.start, end: r.end };
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

/** The same span under another file name (a copy of the file, a live resource). */
export function rangeIn(r: Range, file: string): Range {
  const out = plainRange(r);
  out.file = file;
  return out;
}

/**
 * From `a`'s start to `b`'s end (the caller knows both lie in one file), with the file and the
 * `approximate` mark of `like`, as `{ ...like, start: a.start, end: b.end }` would have them.
 */
export function spanOf(a: Range, b: Range, like: Range = a): Range {
  if (a instanceof OffsetRange && b instanceof OffsetRange && a.source === b.source && like.file === a.file)
    return new OffsetRange(a.source, a.startOffset, b.endOffset, like.approximate);
  const out: Range = { file: like.file, start: a.start, end: b.end };
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
  return outer.file === inner.file && startOffsetOf(outer) <= startOffsetOf(inner) && endOffsetOf(inner) <= endOffsetOf(outer);
}

/** True when a range's `file` names a live AWS resource by its ARN rather than a file. */
export function isLiveArn(file: string): boolean {
  return file.startsWith('arn:');
}

export function compareRanges(a: Range, b: Range): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return startOffsetOf(a) - startOffsetOf(b) || endOffsetOf(a) - endOffsetOf(b);
}
