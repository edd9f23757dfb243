// A small code frame: two lines of context, a `>` marker and carets under the range. A long line
// is clipped to a window that holds the whole range (in several rows when the range is wider
// than one), so that a minified line does not flood the terminal and the decisive end of a long
// value is never cut off.
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

/** At most this many rows for one long range; beyond it the middle rows give way to `…`. */
const MAX_ROWS = 4;

export function codeFrame(file: SourceFile, range: Range, maxWidth = 100): FrameLine[] {
  const lines = file.lines;
  const startLine = Math.min(range.start.line, lines.lineCount);
  const first = Math.max(1, startLine - CONTEXT);
  const gutterWidth = String(startLine).length;
  // Characters of code shown per row; the window is chosen on the marked line and shared by the
  // context lines so that indentation still lines up.
  const budget = Math.max(20, maxWidth - gutterWidth - 8);
  const marked = expandTabs(lines.lineText(startLine));
  const caretFrom = marked.col(range.start.column - 1);
  const sameLine = range.end.line === startLine;
  let caretTo = sameLine ? marked.col(range.end.column - 1) : marked.text.length;
  if (caretTo <= caretFrom) caretTo = caretFrom + 1;
  // The whole range must be visible: the decisive part of a value is often at its end (a
  // `run_phase:*` after a long organization/project/workspace prefix). Keep the line's start when
  // the range fits with it; else start a little left of the range; a range wider than one row is
  // shown in several rows (the middle ones give way to `…` beyond MAX_ROWS).
  let from = 0;
  if (caretTo > budget) {
    const context = Math.floor(budget / 6);
    if (caretTo - caretFrom <= budget - 2 * context) from = Math.max(0, caretTo + context - budget);
    else if (caretFrom > (budget * 2) / 3) from = caretFrom - context;
  }
  const to = from + budget;

  const out: FrameLine[] = [];
  for (let n = first; n < startLine; n++) {
    const text = expandTabs(lines.lineText(n)).text;
    out.push({ gutter: `  ${String(n).padStart(gutterWidth)} | `, code: clip(text, from, to), current: false });
  }
  const lead = from > 0 ? 1 : 0;
  const markerFor = (a0: number, b0: number, rowFrom: number, rowLead: number) => {
    const a = Math.max(a0, rowFrom) - rowFrom + rowLead;
    const b = Math.min(b0, rowFrom + budget) - rowFrom + rowLead;
    return ' '.repeat(a) + '^'.repeat(Math.max(1, b - a));
  };
  out.push({
    gutter: `> ${String(startLine).padStart(gutterWidth)} | `,
    code: clip(marked.text, from, to),
    marker: markerFor(caretFrom, caretTo, from, lead),
    current: true,
  });
  // Continuation rows for the rest of a range wider than one row.
  const rows: number[] = [];
  for (let rowFrom = to; rowFrom < caretTo; rowFrom += budget) rows.push(rowFrom);
  const shown = rows.length > MAX_ROWS - 1 ? [...rows.slice(0, MAX_ROWS - 2), -1, rows[rows.length - 1]] : rows;
  const blank = `  ${' '.repeat(gutterWidth)} | `;
  for (const rowFrom of shown) {
    if (rowFrom < 0) {
      out.push({ gutter: blank, code: ELLIPSIS, current: false });
      continue;
    }
    out.push({
      gutter: blank,
      code: clip(marked.text, rowFrom, rowFrom + budget),
      marker: markerFor(caretFrom, caretTo, rowFrom, 1),
      current: false,
    });
  }
  return out;
}
