// Nesting limits checked in one linear pass before any recursive code sees the text
// (docs/limits.md). No imports: the pre-filter uses it too.

/** Deepest JSON nesting read (docs/limits.md); IAM policies need a handful of levels. */
export const JSON_MAX_DEPTH = 200;

/**
 * The offset of the first `[` or `{` that opens level `limit + 1`, or -1: one linear pass that
 * skips strings, so that a document nested 100,000 levels deep is refused before any recursive
 * code (the parser, the converters, the model) sees it.
 */
export function overDeepAt(text: string, limit = JSON_MAX_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return i;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return -1;
}

/**
 * An upper estimate of the bracket nesting (`{`, `[`, `(`) of HCL text, in one linear pass that
 * skips quoted strings and comments (heredoc bodies are counted as code: an overestimate only
 * costs an exact check of the syntax tree). Block, object, list and call nesting all show here.
 */
export function roughHclNesting(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
    } else if (c === 35 /* # */ || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 || c === 91 || c === 40) {
      if (++depth > max) max = depth;
    } else if ((c === 125 || c === 93 || c === 41) && depth > 0) depth--;
  }
  return max;
}
