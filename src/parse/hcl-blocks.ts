// The top-level blocks of an HCL file found by a byte scan (no parse): type, labels and extent.
// Lazy parsing (src/terraform/module-shared.ts) hands tree-sitter only the blocks a scan needs.
// Any doubt (an unclosed string, a stray character at the top level) answers undefined, and the
// caller parses the whole file.

export interface TopBlock {
  type: string;
  labels: string[];
  /** UTF-16 offsets of the block, from its type keyword to its closing brace (exclusive). */
  start: number;
  end: number;
}

/** Index after the comment starting at `i`, or -1 when none starts there. */
function skipComment(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
    const e = text.indexOf('\n', i);
    return e < 0 ? text.length : e + 1;
  }
  if (c === 47 && text.charCodeAt(i + 1) === 42) {
    const e = text.indexOf('*/', i + 2);
    return e < 0 ? -2 : e + 2;
  }
  return -1;
}

/** Index after the quoted template starting at `i` (`"`), stepping into `${…}`; -1 on doubt. */
function skipQuoted(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 92) j += 2;
    else if (d === 34) return j + 1;
    else if (d === 10) return -1;
    else if ((d === 36 || d === 37) && text.charCodeAt(j + 1) === 123) {
      j = skipBraces(text, j + 1);
      if (j < 0) return -1;
    } else j++;
  }
  return -1;
}

const HEREDOC = /<<-?[ \t]*([A-Za-z_][\w-]*)[ \t]*\r?\n/y;

/** A run [start, end) of a file's text. */
export interface TextRun {
  start: number;
  end: number;
}

/**
 * Index after the bracketed run starting at `i` (`{`, `[` or `(`); -1 on doubt. With `literal`,
 * the whole lines of heredoc bodies that are plain text (outside every `${…}` and `%{…}`) are
 * added to it (see `literalHeredocLines`).
 */
function skipBraces(text: string, i: number, literal?: TextRun[]): number {
  const stack: number[] = [];
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      j = skipQuoted(text, j);
      if (j < 0) return -1;
      continue;
    }
    const after = skipComment(text, j);
    if (after === -2) return -1;
    if (after >= 0) {
      j = after;
      continue;
    }
    if (c === 60 && text.charCodeAt(j + 1) === 60) {
      HEREDOC.lastIndex = j;
      const m = HEREDOC.exec(text);
      if (m) {
        const from = j + m[0].length;
        const at = heredocEnd(text, from, m[1]);
        if (at < 0) return -1;
        if (literal) literalHeredocLines(text, from, lineStartOf(text, from, at), m[1], literal);
        j = at + m[1].length;
        continue;
      }
    }
    if (c === 123 || c === 91 || c === 40) stack.push(c);
    else if (c === 125 || c === 93 || c === 41) {
      const open = stack.pop();
      if (open !== (c === 125 ? 123 : c === 93 ? 91 : 40)) return -1;
      if (stack.length === 0) return j + 1;
    }
    j++;
  }
  return -1;
}

/**
 * Where the line that closes a heredoc opened with `marker` has its marker, searching from
 * `from`, or -1: the first line that is the marker alone between blanks, as the multiline
 * pattern `^[ \t]*MARKER[ \t]*\r?$` finds it (lines end at \n, \r, U+2028 and U+2029), but found
 * with indexOf instead of a pattern tried at every position of the rest of the file.
 */
export function heredocEnd(text: string, from: number, marker: string): number {
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  const lineEnd = (c: string | undefined) => c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029';
  for (let at = text.indexOf(marker, from); at >= 0; at = text.indexOf(marker, at + 1)) {
    let b = at;
    while (b > from && blank(text[b - 1])) b--;
    if (b !== from && !lineEnd(text[b - 1])) continue;
    let e = at + marker.length;
    while (blank(text[e])) e++;
    if (e === text.length || lineEnd(text[e])) return at;
  }
  return -1;
}

/** The start of the line `at` is on, its leading blanks included (not before `from`). */
function lineStartOf(text: string, from: number, at: number): number {
  while (at > from && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  return at;
}

/**
 * The whole lines of the heredoc body [from, to) (`to` is the start of the closing marker's line)
 * that are plain text: before, between and after its `${…}` / `%{…}` sequences. Tree-sitter's HCL
 * scanner makes every character of a heredoc one token (about 100 bytes of wasm memory each), so
 * lazy parsing leaves these lines out of the parse; the evaluator reads a heredoc's literal text
 * from the file, never from the tree (src/terraform/template.ts). Any doubt leaves lines in: a
 * body in which a line could be taken for the closing marker, a sequence whose end is unclear.
 */
function literalHeredocLines(text: string, from: number, to: number, id: string, out: TextRun[]): void {
  if (to <= from) return;
  const body = text.slice(from, to);
  if (new RegExp(`^\\s*${id}`, 'm').test(body)) return;
  let pos = 0;
  while (pos < body.length) {
    const a = body.indexOf('${', pos);
    const b = body.indexOf('%{', pos);
    const seq = a < 0 ? (b < 0 ? body.length : b) : b < 0 ? a : Math.min(a, b);
    // Whole lines in [pos, seq): from the first line start at or after pos to the start of seq's line.
    const atLineStart = pos === 0 || body.charCodeAt(pos - 1) === 10;
    const nl = atLineStart ? pos - 1 : body.indexOf('\n', pos);
    if (!atLineStart && nl < 0) return;
    const first = nl + 1;
    const last = seq === body.length ? body.length : body.lastIndexOf('\n', seq - 1) + 1;
    if (first < last) out.push({ start: from + first, end: from + last });
    if (seq === body.length) return;
    const end = skipBraces(body, seq + 1);
    if (end < 0) return;
    pos = end;
  }
}

const IDENT = /[A-Za-z_][\w-]*/y;
const LABEL = /"((?:[^"\\\n$%]|\\.)*)"|([A-Za-z_][\w-]*)/y;

/**
 * The file's top-level blocks in order, or undefined when the scan is not sure of them. With
 * `literal`, the plain-text lines of their heredoc bodies are added to it, in order.
 */
export function topLevelBlocks(text: string, literal?: TextRun[]): TopBlock[] | undefined {
  const out: TopBlock[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    // Whitespace and comments between blocks.
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      const after = skipComment(text, i);
      if (after === -2) return undefined;
      if (after < 0) break;
      i = after;
    }
    if (i >= text.length) return out;
    IDENT.lastIndex = i;
    const kw = IDENT.exec(text);
    if (!kw) return undefined;
    const start = i;
    i += kw[0].length;
    const labels: string[] = [];
    for (;;) {
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (text[i] === '{') break;
      LABEL.lastIndex = i;
      const l = LABEL.exec(text);
      if (!l) return undefined;
      labels.push(l[1] ?? l[2]);
      i += l[0].length;
    }
    const end = skipBraces(text, i, literal);
    if (end < 0) return undefined;
    out.push({ type: kw[0], labels, start, end });
    i = end;
  }
}

/** `type.name` and `data.type.name` tokens a text may refer to (an over-approximation). */
const REF = /(?<![\w.-])(data\.)?([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g;

export function referencedKeys(text: string, into: Set<string>): void {
  for (const m of text.matchAll(REF)) {
    into.add(`${m[2]}.${m[3]}`);
    if (m[1]) into.add(`data.${m[2]}.${m[3]}`);
  }
}

export interface BlockSelection {
  /** Per file (same order as given): the blocks to parse, or undefined to parse the whole file. */
  keep: (TopBlock[] | undefined)[];
}

/**
 * Which top-level blocks of a module's HCL files a scan needs: every block that is not a
 * `resource` or `data` block (variables, locals, module calls, outputs, providers, …), the
 * resources and data sources `wanted` names, and — until nothing changes — every resource or data
 * source the kept blocks' text may refer to. `undefined` for a file keeps it whole.
 */
export function selectBlocks(texts: string[], wanted: (mode: 'managed' | 'data', type: string) => boolean): BlockSelection {
  const blocks = texts.map((t) => topLevelBlocks(t));
  const refs = new Set<string>();
  const kept = blocks.map((bs) => (bs ? bs.map(() => false) : undefined));
  const keyOf = (b: TopBlock) => (b.type === 'data' ? `data.${b.labels[0]}.${b.labels[1]}` : `${b.labels[0]}.${b.labels[1]}`);
  const keepBlock = (f: number, k: number) => {
    kept[f]![k] = true;
    const b = blocks[f]![k];
    referencedKeys(texts[f].slice(b.start, b.end), refs);
  };
  for (let f = 0; f < texts.length; f++) {
    const bs = blocks[f];
    if (!bs) {
      referencedKeys(texts[f], refs);
      continue;
    }
    bs.forEach((b, k) => {
      const resource = (b.type === 'resource' || b.type === 'data') && b.labels.length === 2;
      if (!resource || wanted(b.type === 'data' ? 'data' : 'managed', b.labels[0])) keepBlock(f, k);
    });
  }
  for (let changed = true; changed;) {
    changed = false;
    for (let f = 0; f < texts.length; f++) {
      const bs = blocks[f];
      if (!bs) continue;
      bs.forEach((b, k) => {
        if (!kept[f]![k] && refs.has(keyOf(b))) {
          keepBlock(f, k);
          changed = true;
        }
      });
    }
  }
  return { keep: blocks.map((bs, f) => (bs && kept[f]!.some((x) => !x) ? bs.filter((_, k) => kept[f]![k]) : undefined)) };
}

/**
 * What tree-sitter is given of an HCL file: `blocks` (or the whole file when undefined) without
 * the plain-text lines of its heredoc bodies (`literalHeredocLines`). Undefined means the whole
 * file, as before: no heredoc to leave out, or a file the block scan is not sure of.
 */
export function parseRanges(text: string, blocks: TextRun[] | undefined): TextRun[] | undefined {
  const literal: TextRun[] = [];
  if (!text.includes('<<') || !topLevelBlocks(text, literal) || !literal.length) return blocks;
  const out: TextRun[] = [];
  let k = 0;
  for (const b of blocks ?? [{ start: 0, end: text.length }]) {
    let pos = b.start;
    while (k < literal.length && literal[k].end <= b.start) k++;
    for (; k < literal.length && literal[k].start < b.end; k++) {
      const run = literal[k];
      if (run.start > pos) out.push({ start: pos, end: run.start });
      pos = Math.max(pos, run.end);
    }
    if (pos < b.end) out.push({ start: pos, end: b.end });
  }
  return out;
}
