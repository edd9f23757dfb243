// JSON with positions: every value, key and string character maps back to the source it came
// from, also when the JSON text is itself a string value (a heredoc, a file()d document).
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Diagnostic } from '../core/resource.js';
import type { ObjectEntry, Segment, StringValue, Value } from '../core/value.js';
import { JSON_MAX_DEPTH, overDeepAt } from './depth.js';
import type { Range, SourceFile } from '../core/source.js';

/** Maps offsets of a JSON text back to where its characters came from. */
export interface TextLocator {
  /** Range in the original source of text[start, end). */
  range(start: number, end: number): Range;
  /** Segments for text[start, end) copied into a string value at `valueOffset`. */
  segments(start: number, end: number, valueOffset: number): Segment[];
}

export function fileLocator(file: SourceFile): TextLocator {
  return {
    range: (start, end) => file.range(start, end),
    segments: (start, end, valueOffset) => [
      { start: valueOffset, end: valueOffset + (end - start), range: file.range(start, end), source: file, linear: true },
    ],
  };
}

export interface JsonParseResult {
  value?: Value;
  errors: { message: string; range: Range }[];
}

/** Parse JSON text; `value` is set whenever a tree could be recovered, even with errors. */
export function parseJsonText(text: string, locator: TextLocator): JsonParseResult {
  const deep = overDeepAt(text);
  if (deep >= 0) {
    return {
      errors: [
        {
          message: `JSON nested deeper than ${JSON_MAX_DEPTH} levels; this document was not read (docs/limits.md)`,
          range: locator.range(deep, deep + 1),
        },
      ],
    };
  }
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: true });
  // After the first error the parser's further complaints are mostly its own recovery (a missing
  // `}` becomes five findings, some at the end of input): report the one that is the user's.
  const errors = parseErrors.slice(0, 1).map((e) => ({
    message: describeError(e, text),
    range: locator.range(e.offset, Math.min(text.length, e.offset + Math.max(1, e.length))),
  }));
  if (!root) return { errors };
  const value = convert(root, text, locator, 0, errors);
  return { value, errors };
}

export function parseJsonFile(file: SourceFile): { value?: Value; diagnostics: Diagnostic[] } {
  const text = file.text.charCodeAt(0) === 0xfeff ? ' ' + file.text.slice(1) : file.text;
  const { value, errors } = parseJsonText(text, fileLocator(file));
  return {
    value,
    diagnostics: errors.map((e) => ({ code: 'parse-error', severity: 'error', message: e.message, range: e.range })),
  };
}

function describeError(e: ParseError, text: string): string {
  const name = printParseErrorCode(e.error);
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const found =
    e.offset < text.length
      ? ` near ${JSON.stringify(text.slice(e.offset, e.offset + Math.min(12, Math.max(1, e.length))))}`
      : ' at end of input';
  return `Invalid JSON: ${words}${found}`;
}

function convert(node: JsonNode, text: string, loc: TextLocator, depth: number, errors: JsonParseResult['errors']): Value {
  const range = loc.range(node.offset, node.offset + node.length);
  if (depth > JSON_MAX_DEPTH) {
    errors.push({ message: `JSON nested deeper than ${JSON_MAX_DEPTH} levels; the rest was not read`, range });
    return { kind: 'unknown', reason: 'JSON nested too deeply', range };
  }
  switch (node.type) {
    case 'string':
      return stringValue(node, text, loc, range);
    case 'number':
      return { kind: 'number', value: Number(node.value), range };
    case 'boolean':
      return { kind: 'bool', value: Boolean(node.value), range };
    case 'null':
      return { kind: 'null', range };
    case 'array':
      return { kind: 'list', items: (node.children ?? []).map((c) => convert(c, text, loc, depth + 1, errors)), range };
    case 'object': {
      const entries: ObjectEntry[] = [];
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || k.type !== 'string') continue;
        const keyValue = stringValue(k, text, loc);
        const value: Value = v ? convert(v, text, loc, depth + 1, errors) : { kind: 'null', range: keyValue.range };
        entries.push({ key: keyValue.value, keyValue, value });
      }
      // An array grown by push keeps room for 16 entries; a policy has thousands of small objects.
      return { kind: 'object', entries: entries.slice(), range };
    }
    default:
      return { kind: 'unknown', reason: `unexpected JSON node ${node.type}`, range };
  }
}

/** A JSON string token: runs without escapes map linearly, each escape maps to its sequence. */
function stringValue(
  node: JsonNode,
  text: string,
  loc: TextLocator,
  range = loc.range(node.offset, node.offset + node.length),
): StringValue {
  const value = typeof node.value === 'string' ? node.value : '';
  const end = node.offset + node.length - 1; // closing quote
  let escaped = false;
  for (let k = node.offset + 1; k < end && !escaped; k++) escaped = text.charCodeAt(k) === 92; /* \ */
  if (!escaped && value.length === end - node.offset - 1) {
    // No escape (most tokens): the characters map as one run, in an array of the exact size.
    return { kind: 'string', value, range, segments: value.length ? loc.segments(node.offset + 1, end, 0) : [] };
  }
  const segments: Segment[] = [];
  let i = node.offset + 1;
  let runStart = i;
  let out = 0;
  const flush = (upTo: number) => {
    if (upTo > runStart) {
      for (const x of loc.segments(runStart, upTo, out)) segments.push(x);
      out += upTo - runStart;
    }
  };
  while (i < end) {
    if (text.charCodeAt(i) !== 92 /* \ */) {
      i++;
      continue;
    }
    flush(i);
    const seqLen = text[i + 1] === 'u' ? 6 : 2;
    // A \uD83D\uDE00 pair decodes to two UTF-16 units; any other escape to one.
    segments.push({ start: out, end: out + 1, range: loc.range(i, Math.min(end, i + seqLen)) });
    out += 1;
    i += seqLen;
    runStart = i;
  }
  flush(Math.min(i, end));
  if (out !== value.length) {
    // Malformed escapes: fall back to the whole token.
    return { kind: 'string', value, range, segments: [{ start: 0, end: value.length, range }] };
  }
  return { kind: 'string', value, range, segments };
}
