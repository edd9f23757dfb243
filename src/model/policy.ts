// A policy document from whatever Terraform made of it: jsonencode output, JSON text (heredoc,
// file(), a JSON string in JSON), an object, or a value not known until apply.
import { createScanner, SyntaxKind } from 'jsonc-parser';
import { parseJsonText, type TextLocator } from '../parse/json.js';
import { type Range, withApproximate } from '../core/source.js';
import { locatorForString } from '../terraform/string-locator.js';
import type { Segment, StringValue, Value } from '../core/value.js';
import { readDocumentObject, type Problem } from './document.js';
import type { PolicyDocument } from './types.js';

export type { Problem } from './document.js';

export interface PolicyReading {
  doc?: PolicyDocument;
  /** Why the document is not known before apply. */
  unknown?: string;
  /** The text does not parse as written; `doc` is what an error-tolerant parse recovered (`problems` hold the parse error). */
  recovered?: boolean;
  problems: Problem[];
}

// jsonencode(jsonencode(...)) or JSON text holding a JSON string: a few levels at most.
const MAX_NESTING = 4;

export function readPolicyDocument(v: Value, fallbackRange: Range): PolicyReading {
  const problems: Problem[] = [];
  try {
    return { ...readAny(v, fallbackRange, problems, 0), problems };
  } catch (e) {
    // A bug here must not take the scan down; it becomes a problem at the document.
    problems.push({ message: `internal error while reading the policy: ${String(e)}`, range: v.range ?? fallbackRange });
    return { problems };
  }
}

type Reading = Omit<PolicyReading, 'problems'>;

function readAny(v: Value, fallback: Range, problems: Problem[], depth: number): Reading {
  const range = v.range ?? fallback;
  if (depth > MAX_NESTING) {
    problems.push({ message: 'the policy is encoded too many times over to read', range });
    return {};
  }
  switch (v.kind) {
    case 'string':
      if (v.encodedFrom) return readAny(v.encodedFrom, range, problems, depth + 1);
      return readText(v, range, problems, depth);
    case 'object':
      return readDocumentObject(v, range, problems);
    case 'unknown':
      return { unknown: v.symbol ? `${v.reason} (${v.symbol.address}.${v.symbol.attribute})` : v.reason };
    case 'null':
      problems.push({ message: 'the policy document is null', range });
      return {};
    default:
      problems.push({ message: `a policy document must be JSON text or an object, not a ${v.kind}`, range });
      return {};
  }
}

/** Would this text need escaping inside a JSON string (a quote, a backslash or a control character)? */
function needsJsonEscape(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c < 0x20) return true;
  }
  return false;
}

function readText(s: StringValue, range: Range, problems: Problem[], depth: number): Reading {
  if (!s.value.trim()) {
    problems.push({ message: 'the policy document is empty', range });
    return {};
  }
  const urlEncoded = decodeIamApiText(s.value);
  const text = urlEncoded ?? s.value;
  const locator = urlEncoded === undefined ? locatorForString(s) : wholeStringLocator(range);

  const runs = urlEncoded === undefined ? (s.segments ?? []).filter((g) => g.unknown) : [];
  // The placeholder is the expression's source text, which may hold quotes (`lookup(m, "k")`):
  // judge and parse the JSON with it blanked out; its segments still say what it stands for.
  const blanked = blank(text, runs);
  const loose = unknownOutsideStrings(s, blanked, runs);
  if (loose) {
    problems.push({ message: loose.message, range: loose.range ?? range });
    return { unknown: loose.message };
  }
  const safe = runs.every((g) => !needsJsonEscape(text.slice(g.start, g.end)));
  const parsed = parseJsonText(safe ? text : blanked, locator);
  if (parsed.errors.length || !parsed.value) {
    for (const x of parsed.errors) problems.push(x);
    if (!parsed.errors.length) problems.push({ message: 'the policy is not valid JSON', range });
    return recover(parsed.value, range, parsed.errors[0]?.message);
  }
  const value = parsed.value;
  if (value.kind === 'string') return readAny(value, range, problems, depth + 1);
  if (value.kind !== 'object') {
    problems.push({ message: `a policy document must be a JSON object, not a ${value.kind}`, range: value.range ?? range });
    return {};
  }
  return readDocumentObject(value, range, problems);
}

/**
 * JSON that does not parse as written (a `%{ for }` without commas, a missing brace, doubled
 * quotes): what the error-tolerant parse recovered, so the rest is still analysed. The parse error
 * stays the primary finding; findings on the recovered statements say they rest on it.
 */
function recover(value: Value | undefined, range: Range, error: string | undefined): Reading {
  if (value?.kind !== 'object' || error === undefined) return {};
  const docProblems: Problem[] = [];
  const r = readDocumentObject(value, range, docProblems);
  // A statement cut off before its Action (a truncated document) says nothing about what it
  // allows: it is not analysed. With none left the trust counts as unreadable, and the permission
  // rules still run when its text names an HCP Terraform provider (src/trust/unreadable.ts).
  if (r.doc) r.doc.statements = r.doc.statements.filter((s) => s.actions.length || s.notActions.length);
  if (!r.doc?.statements.length) return {};
  r.doc.recovered = error;
  // What the recovery made of the broken part (an empty Version, a lost key) is the parse error
  // again, which parse-error reports once; the statements are what matters here.
  r.doc.problems = [];
  return { doc: r.doc, recovered: true };
}

/** IAM's API returns documents URL-encoded; the SDK passes them through as they came. */
function decodeIamApiText(text: string): string | undefined {
  if (!/^\s*%7B/i.test(text)) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Decoding moves every character, so all we can say is "somewhere in this string". */
function wholeStringLocator(range: Range): TextLocator {
  const approx = withApproximate(range);
  return {
    range: () => approx,
    segments: (start, end, valueOffset) => [{ start: valueOffset, end: valueOffset + (end - start), range: approx }],
  };
}

function blank(text: string, runs: Segment[]): string {
  let out = text;
  for (const g of runs) out = out.slice(0, g.start) + '_'.repeat(g.end - g.start) + out.slice(g.end);
  return out;
}

/**
 * An unknown interpolation inside a JSON string (`"${aws_x.y.arn}"`) leaves the document readable;
 * one where JSON needs a value (`"Action": ${jsonencode(var.a)}`) does not.
 */
function unknownOutsideStrings(s: StringValue, blanked: string, runs: Segment[]): { message: string; range?: Range } | undefined {
  if (!runs.length) return undefined;
  const strings: [number, number][] = [];
  const scanner = createScanner(blanked, true);
  for (let t = scanner.scan(); t !== SyntaxKind.EOF; t = scanner.scan()) {
    if (t === SyntaxKind.StringLiteral) strings.push([scanner.getTokenOffset(), scanner.getTokenOffset() + scanner.getTokenLength()]);
  }
  for (const run of runs) {
    if (strings.some(([a, b]) => a < run.start && run.end < b)) continue;
    const expr = s.value.slice(run.start, run.end);
    const shown = expr.length > 60 ? `${expr.slice(0, 57)}...` : expr;
    return {
      message: `the policy text has ${shown} where JSON needs a value; it is not known until apply (${run.unknown?.reason ?? 'unknown'})`,
      range: run.range,
    };
  }
  return undefined;
}
