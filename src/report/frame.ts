// A small code frame: two lines of context, a `>` marker and carets under the range, clipped
// to a window around the range so that a minified line does not flood the terminal.
import type { Range, SourceFile } from '../core/source.js';

export interface FrameLine {
  /** `   > 71 | ` style gutter, already padded. */
  gutter: string;
  code: string;
  /** Marker line under the code (`^^^`), for the range's first line only. */
  marker?: string;
  /** True for the line that holds the range start. */
  current: boolean;
}

const CONTEXT = 2;
const ELLIPSIS = '…';

/** Tabs count as two columns so that carets stay under the characters they mark. */
function expandTabs(line: string): { text: string; col: (utf16Col0: number) => number } {
  const map: number[] = [];
  let text = '';
  for (let i = 0; i < line.length; i++) {
    map.push(text.length);
    text += line[i] === '\t' ? '  ' : line[i];
  }
  map.push(text.length);
  return { text, col: (c) => map[Math.max(0, Math.min(c, line.length))] };
}

/** Cut [from, to) out of `text`, marking the cut ends. */
function clip(text: string, from: number, to: number): string {
  const left = from > 0 ? ELLIPSIS : '';
  const right = to < text.length ? ELLIPSIS : '';
  return left + text.slice(from, to) + right;
}

export function codeFrame(file: SourceFile, range: Range, maxWidth = 100): FrameLine[] {
  const lines = file.lines;
  const startLine = Math.min(range.start.line, lines.lineCount);
  const first = Math.max(1, startLine - CONTEXT);
  const gutterWidth = String(startLine).length;
  // Characters of code shown per line; the window is chosen on the marked line and shared by the
  // context lines so that indentation still lines up.
  const budget = Math.max(20, maxWidth - gutterWidth - 8);
  const marked = expandTabs(lines.lineText(startLine));
  const caretFrom = marked.col(range.start.column - 1);
  const sameLine = range.end.line === startLine;
  let caretTo = sameLine ? marked.col(range.end.column - 1) : marked.text.length;
  if (caretTo <= caretFrom) caretTo = caretFrom + 1;
  // Keep the line's start (and so its indentation) unless the range starts too far right to be
  // seen; then show a third of the window as left context.
  let from = 0;
  if (marked.text.length > budget && caretFrom > (budget * 2) / 3) from = caretFrom - Math.floor(budget / 3);
  const to = from + budget;

  const out: FrameLine[] = [];
  for (let n = first; n <= startLine; n++) {
    const current = n === startLine;
    const text = current ? marked.text : expandTabs(lines.lineText(n)).text;
    const gutter = `${current ? '>' : ' '} ${String(n).padStart(gutterWidth)} | `;
    const line: FrameLine = { gutter, code: clip(text, from, to), current };
    if (current) {
      const lead = from > 0 ? 1 : 0;
      const a = Math.max(caretFrom, from) - from + lead;
      const b = Math.min(caretTo, to) - from + lead;
      line.marker = ' '.repeat(a) + '^'.repeat(Math.max(1, b - a));
    }
    out.push(line);
  }
  return out;
}
