// Turns the fix targets that rules attach to findings into edits on exact ranges of the scanned
// files (docs/fix-code.md): the flags decide what the code leaves open, and each edit goes where
// the value is written — the literal in the policy, or the variable default, tfvars line or module
// argument it came from. Edits are checked against the file's text; what cannot be edited says why.
import { diffArrays } from 'diff';
import { type Range, type SourceFile, isLive, placeName, samePlace, spanOf, endOffsetOf, startOffsetOf } from '../core/source.js';
import { resolveAud, resolvePin } from '../trust/fix-data.js';
import type { FixData, FixValues, PinSubTarget, SetAudTarget, SourceEdit, StringEqualsTarget, WrittenSpan } from '../core/fix.js';
import type { Finding } from '../core/finding.js';
import type { Project } from '../model/types.js';

type Files = Map<string, SourceFile>;

const edit = (file: SourceFile, start: number, end: number, text: string): SourceEdit => ({
  file: file.path,
  range: { file: file.path, start: file.lines.position(start), end: file.lines.position(end) },
  text,
});

/** The scanned file a range lies in; a live resource has no text to edit. */
const fileOf = (r: Range, files: Files): SourceFile | undefined => (isLive(r) ? undefined : files.get(r.file));

/** Offset in the file of the span's first character, when the file holds exactly those characters (or them in double quotes). */
function spanOffset(span: WrittenSpan, current: string, files: Files): { file: SourceFile; offset: number } | undefined {
  const file = fileOf(span.range, files);
  if (!file) return undefined;
  const written = file.text.slice(startOffsetOf(span.range), endOffsetOf(span.range));
  const chars = current.slice(span.start, span.end);
  if (written === chars) return { file, offset: startOffsetOf(span.range) };
  if (written === `"${chars}"`) return { file, offset: startOffsetOf(span.range) + 1 };
  return undefined;
}

/** Changes that turn `from` into `to`, split at `:` so each name is its own change: [start, end) of `from` → text. */
function changes(from: string, to: string): { start: number; end: number; text: string }[] {
  const tokens = (s: string) => s.split(/(:)/).filter((t) => t !== '');
  const out: { start: number; end: number; text: string }[] = [];
  let pos = 0;
  let pending: { start: number; end: number; text: string } | undefined;
  for (const part of diffArrays(tokens(from), tokens(to))) {
    const text = part.value.join('');
    if (!part.added && !part.removed) {
      if (pending) out.push(pending);
      pending = undefined;
      pos += text.length;
      continue;
    }
    pending ??= { start: pos, end: pos, text: '' };
    if (part.removed) {
      pos += text.length;
      pending.end = pos;
    } else pending.text += text;
  }
  if (pending) out.push(pending);
  return out;
}

/** Edits that make a string value read `next`, at the places its characters are written. */
export function valueEdits(current: string, next: string, written: WrittenSpan[], files: Files): { edits: SourceEdit[]; noEdits?: string } {
  const edits: SourceEdit[] = [];
  const spans = written.flatMap((s) => {
    const at = spanOffset(s, current, files);
    return at ? [{ ...s, ...at }] : [];
  });
  for (const c of changes(current, next)) {
    // An insertion may sit at the end of one span or the start of the next: either holds it.
    const span = spans.find((s) => s.start <= c.start && c.end <= s.end);
    if (!span) {
      const part = current.slice(c.start, c.end) || `the place after "${current.slice(0, c.start)}"`;
      return {
        edits: [],
        noEdits: `"${part}" in "${current}" is not written as a literal in the scanned files (an expression, an escape, or a value from outside the scan)`,
      };
    }
    const at = span.offset + (c.start - span.start);
    edits.push(edit(span.file, at, at + (c.end - c.start), c.text));
  }
  return { edits };
}

/**
 * StringLike → StringEquals: the operator renamed where it is written (a JSON key, an HCL key, a
 * policy document's `test`), or, when the statement already has a StringEquals block, the entry
 * moved into it (two keys of one name: IAM would keep only the last).
 */
function stringEqualsEdits(t: StringEqualsTarget, files: Files): { edits: SourceEdit[]; noEdits?: string } {
  const { operatorRange: op, entry } = t;
  const file = fileOf(op, files);
  if (!file) return { edits: [], noEdits: `${placeName(op)} is not in the scan` };
  const { text } = file;
  const at = text.slice(startOffsetOf(op), endOffsetOf(op)).indexOf('StringLike');
  if (at < 0) return { edits: [], noEdits: `the operator is not written as StringLike at ${placeName(op)}:${op.start.line}` };
  const rename = [edit(file, startOffsetOf(op) + at, startOffsetOf(op) + at + 'StringLike'.length, 'StringEquals')];
  const lineStart = text.lastIndexOf('\n', startOffsetOf(op) - 1) + 1;
  // A policy document's condition block stands alone: its test is renamed whatever the others are.
  if (/\btest\s*=\s*$/.test(text.slice(lineStart, startOffsetOf(op)))) return { edits: rename };
  if (!t.into)
    return t.mixed
      ? { edits: [], noEdits: 'another value under this StringLike has a wildcard: move this entry to a StringEquals block by hand' }
      : { edits: rename };
  const moved = text.slice(startOffsetOf(entry), endOffsetOf(entry));
  if (!samePlace(entry, op) || !samePlace(t.into, op) || moved.includes('\\"'))
    return { edits: [], noEdits: 'the entry is inside an encoded string: move it to the StringEquals block by hand' };
  const json = /^\s*:/.test(text.slice(endOffsetOf(op)));
  const intoLine = text.lastIndexOf('\n', startOffsetOf(t.into) - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(intoLine))![0];
  const insert = edit(file, endOffsetOf(t.into), endOffsetOf(t.into), `${json ? ',' : ''}\n${indent}${moved}`);
  if (!t.alone) return { edits: [insert, ...removalEdit(entry, files).edits] };
  // The block holds only this entry: it goes, up to its closing brace.
  let close = skipSpace(text, endOffsetOf(entry), 1);
  if (text[close] === ',') close = skipSpace(text, close + 1, 1);
  if (text[close] !== '}')
    return { edits: [], noEdits: `the ${t.operator} block at ${placeName(op)}:${op.start.line} could not be read to its end` };
  return { edits: [insert, ...removalEdit(spanOf(op, file.range(close + 1, close + 1)), files).edits] };
}

/** The index of the first non-space character from `at` on (step 1) or back from `at` (step -1). */
function skipSpace(text: string, at: number, step: 1 | -1): number {
  let i = at;
  while (i >= 0 && i < text.length && /\s/.test(text[i])) i += step;
  return i;
}

/**
 * Deletes a resource block (its whole lines, with one blank line around it), a Terraform JSON
 * member or a list element (with the comma that separates it from its neighbour, and a comment
 * that ends its line).
 */
export function removalEdit(remove: Range, files: Files): { edits: SourceEdit[]; noEdits?: string } {
  const file = fileOf(remove, files);
  if (!file) return { edits: [], noEdits: `${placeName(remove)} is not in the scan` };
  const { text } = file;
  let start = startOffsetOf(remove);
  let end = endOffsetOf(remove);
  const after = skipSpace(text, end, 1);
  const before = skipSpace(text, start - 1, -1);
  if (text[after] === ',') end = after + 1;
  else if (text[before] === ',') start = before;
  // Whole lines when nothing else shares them; then one of the blank lines around the block.
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  // A comment at the end of the element's line goes with it.
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*(?:(?:#|\/\/).*)?\r?$/.test(text.slice(end, nl < 0 ? text.length : nl))) {
    start = lineStart;
    end = lineEnd;
    const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(end));
    if (blankAfter && (start === 0 || /\n[ \t]*\r?\n$/.test(text.slice(0, start)))) end += blankAfter[0].length;
    else if (!blankAfter && end >= text.length && /\n[ \t]*\r?\n$/.test(text.slice(0, start)))
      start = text.lastIndexOf('\n', start - 2) + 1;
  }
  return { edits: [edit(file, start, end, '')] };
}

/** One finding's fix with the flags applied and, when decided, its edits. */
export function resolveFix(fix: FixData, files: Files, values: FixValues): FixData {
  const t = fix.target;
  const out = (target: FixData['target'], undecided: FixData['undecided'], made?: { edits: SourceEdit[]; noEdits?: string }): FixData => ({
    target,
    ...(undecided?.length ? { undecided } : {}),
    ...(made && !made.noEdits ? { edits: made.edits } : {}),
    ...(made?.noEdits ? { noEdits: made.noEdits } : {}),
  });
  switch (t.kind) {
    case 'pin-sub': {
      const r = resolvePin(fix as FixData & { target: PinSubTarget }, values);
      if (!r.sub) return out(r.target, r.undecided);
      if (!t.written.length)
        return out(r.target, r.undecided, {
          edits: [],
          noEdits: t.current ? `"${t.current}" is not written in the scanned files` : 'the statement has no sub condition to edit: add one',
        });
      return out(r.target, r.undecided, valueEdits(t.current, r.sub, t.written, files));
    }
    case 'set-aud': {
      const r = resolveAud(fix as FixData & { target: SetAudTarget }, values);
      if (r.target.audience === undefined) return out(r.target, r.undecided);
      return out(r.target, r.undecided, valueEdits(t.current, r.target.audience, t.written, files));
    }
    case 'string-equals':
      return out(t, undefined, stringEqualsEdits(t, files));
    case 'detach-policy':
      if (!values.detachAdmin)
        return out(t, [
          {
            field: 'detachAdmin',
            flag: '--detach-admin',
            why: 'detaching a policy takes permissions away from the role, so it waits for the flag',
          },
        ]);
      return out(t, undefined, removalEdit(t.remove, files));
  }
}

/** Files that are Terraform's output, not code to edit (a live account's resources are no files: SourceEdit ranges are FileRanges). */
function notSource(project: Project): Set<string> {
  const out = new Set<string>();
  for (const r of project.roles) if (r.input === 'plan' && !isLive(r.range)) out.add(r.range.file);
  return out;
}

/** Resolves the fix of every finding that has one, in place. */
export function resolveFixes(findings: Finding[], files: Files, values: FixValues = {}, project?: Project): void {
  const output = project ? notSource(project) : new Set<string>();
  for (const f of findings) {
    if (!f.fixData) continue;
    const fix = resolveFix(f.fixData, files, values);
    if (fix.edits?.some((e) => output.has(e.file))) {
      delete fix.edits;
      fix.noEdits = "a plan JSON is Terraform's output: fix the configuration it was planned from";
    }
    f.fixData = fix;
  }
}
