// Source files and ranges. Offsets (0-based, UTF-16 code units, end exclusive) are the truth;
// a per-file LineIndex turns them into 1-based lines and columns (UTF-16 code units, as SARIF).

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
    const r: Range = { file: this.path, start: this.lines.position(start), end: this.lines.position(end) };
    if (approximate) r.approximate = true;
    return r;
  }
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return outer.file === inner.file && outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset;
}

/** True when a range's `file` names a live AWS resource by its ARN rather than a file. */
export function isLiveArn(file: string): boolean {
  return file.startsWith('arn:');
}

export function compareRanges(a: Range, b: Range): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.start.offset - b.start.offset || a.end.offset - b.end.offset;
}
