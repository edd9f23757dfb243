// Applying edits to file texts, as ESLint's source-code-fixer does: edits sorted by position,
// exact duplicates (several findings with one fix) applied once, an edit that overlaps one
// already taken left for the next pass.
import { endOffsetOf, startOffsetOf } from '../core/source.js';
import type { SourceEdit } from '../core/fix.js';

const key = (e: SourceEdit) => `${e.file}\0${startOffsetOf(e.range)}\0${endOffsetOf(e.range)}\0${e.text}`;

/** The edits to apply now and those that overlap an earlier one (retried after a re-lint). */
export function chooseEdits(edits: SourceEdit[]): { accepted: SourceEdit[]; overlapping: SourceEdit[] } {
  const unique = [...new Map(edits.map((e) => [key(e), e])).values()];
  unique.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : startOffsetOf(a.range) - startOffsetOf(b.range) || endOffsetOf(a.range) - endOffsetOf(b.range),
  );
  const accepted: SourceEdit[] = [];
  const overlapping: SourceEdit[] = [];
  for (const e of unique) {
    const prev = accepted[accepted.length - 1];
    const clash =
      prev?.file === e.file &&
      (startOffsetOf(e.range) < endOffsetOf(prev.range) ||
        // Two insertions (or an insertion next to a replacement) at one place: their order would be a guess.
        (startOffsetOf(e.range) === endOffsetOf(prev.range) &&
          (startOffsetOf(e.range) === endOffsetOf(e.range) || startOffsetOf(prev.range) === endOffsetOf(prev.range))));
    (clash ? overlapping : accepted).push(e);
  }
  return { accepted, overlapping };
}

/** The text with non-overlapping edits of one file applied. */
export function applyEdits(text: string, edits: SourceEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of [...edits].sort((a, b) => startOffsetOf(a.range) - startOffsetOf(b.range))) {
    out += text.slice(at, startOffsetOf(e.range)) + e.text;
    at = endOffsetOf(e.range);
  }
  return out + text.slice(at);
}

/** Edits grouped by file (display path). */
export function byFile(edits: SourceEdit[]): Map<string, SourceEdit[]> {
  const m = new Map<string, SourceEdit[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return m;
}
