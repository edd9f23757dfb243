// Shared pieces of the JSON inputs: instance construction, and reading a policy document that
// arrives as an object, as JSON text inside a string, or URL-encoded as IAM's API returns it.
import { type TextLocator, parseJsonText } from '../parse/json.js';
import { type Range, withApproximate } from '../core/source.js';
import { locatorForString } from '../terraform/string-locator.js';
import type { Diagnostic, InputKind, ResourceInstance } from '../core/resource.js';
import type { ObjectValue, StringValue, Value } from '../core/value.js';

export function makeInstance(
  input: InputKind,
  type: string,
  name: string,
  address: string,
  entries: [string, Value | undefined][],
  range: Range,
  extra: Partial<ResourceInstance> = {},
): ResourceInstance {
  const values: ObjectValue = { kind: 'object', entries: [], range };
  for (const [key, value] of entries) if (value !== undefined) values.entries.push({ key, value });
  return { mode: 'managed', type, name, address, module: '', callChain: [], values, range, blockRange: range, input, ...extra };
}

/** A Terraform-style name from free text (a file stem, a role name): letters, digits, `_` and `-`. */
export function safeName(s: string): string {
  const n = s.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(n) ? n : `_${n}`;
}

/** Every offset of a decoded text maps to the whole encoded string: the characters moved. */
function wholeLocator(v: StringValue): TextLocator {
  const range = (): Range => withApproximate(v.range as Range);
  return {
    range,
    segments: (start, end, valueOffset) => (v.range ? [{ start: valueOffset, end: valueOffset + end - start, range: range() }] : []),
  };
}

/**
 * A policy document as an object: objects pass through; JSON text is parsed in place (positions
 * map back through the string); URL-encoded text (`%7B...`) is decoded first and its positions all
 * point at the encoded string, marked approximate.
 */
export function readDocument(v: Value | undefined, what: string, diagnostics: Diagnostic[]): Value | undefined {
  if (!v || v.kind !== 'string') return v;
  const text = v.value.trim();
  let parsed: ReturnType<typeof parseJsonText>;
  if (text.startsWith('{')) parsed = parseJsonText(v.value, locatorForString(v));
  else if (/^%7B/i.test(text)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(v.value);
    } catch {
      diagnostics.push({ code: 'parse-error', severity: 'error', message: `${what}: malformed URL encoding`, range: v.range });
      return undefined;
    }
    parsed = parseJsonText(decoded, wholeLocator(v));
  } else {
    diagnostics.push({
      code: 'parse-error',
      severity: 'error',
      message: `${what} is neither a JSON document nor URL-encoded JSON`,
      range: v.range,
    });
    return undefined;
  }
  for (const e of parsed.errors)
    diagnostics.push({ code: 'parse-error', severity: 'error', message: `${what}: ${e.message}`, range: e.range });
  return parsed.value;
}
