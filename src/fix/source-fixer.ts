// Applying edits to file texts, as ESLint's source-code-fixer does: edits sorted by position,
// exact duplicates (several findings with one fix) applied once, an edit that overlaps one
// already taken left for the next pass.
import type { SourceEdit } from '../core/fix.js';

const key = (e: SourceEdit) => `${e.file}\0${e.range.start.offset}\0${e.range.end.offset}\0${e.text}`;

/** The edits to apply now and those that overlap an earlier one (retried after a re-lint). */
export function chooseEdits(edits: SourceEdit[]): { accepted: SourceEdit[]; overlapping: SourceEdit[] } {
  const unique = [...new Map(edits.map((e) => [key(e), e])).values()];
  unique.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset,
  );
  const accepted: SourceEdit[] = [];
  const overlapping: SourceEdit[] = [];
  for (const e of unique) {
    const prev = accepted[accepted.length - 1];
    const clash =
      prev?.file === e.file &&
      (e.range.start.offset < prev.range.end.offset ||
        // Two insertions (or an insertion next to a replacement) at one place: their order would be a guess.
        (e.range.start.offset === prev.range.end.offset &&
          (e.range.start.offset === e.range.end.offset || prev.range.start.offset === prev.range.end.offset)));
    (clash ? overlapping : accepted).push(e);
  }
  return { accepted, overlapping };
}

/** The text with non-overlapping edits of one file applied. */
export function applyEdits(text: string, edits: SourceEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset)) {
    out += text.slice(at, e.range.start.offset) + e.text;
    at = e.range.end.offset;
  }
  return out + text.slice(at);
}

/** Edits grouped by file (display path). */
export function byFile(edits: SourceEdit[]): Map<string, SourceEdit[]> {
  const m = new Map<string, SourceEdit[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return m;
}
