// Latent findings: a statement that one problem makes unmatchable (a condition key written with
// `https://` or a trailing slash, an empty segment from a "" value) admits nothing today, which
// hides its other problems (wildcards, placeholders, run phase). The statement is repaired in a
// copy and analysed again; what that copy admits is reported "takes effect once … is fixed", so
// a user fixing the first problem does not meet the next one on the re-run (docs/unknown-values.md).
import type { Condition, PolicyDocument, Role, Statement } from '../model/types.js';
import type { Witness } from '../core/finding.js';
import { type StringValue, type Value, knownString } from '../core/value.js';
import { normalizeHost } from './issuer.js';

/** Witnesses built from a repaired copy, and the assumption each carries (src/trust/assumptions.ts reads it). */
export const latentWitnesses = new WeakMap<Witness, string>();

export interface Repair {
  doc: PolicyDocument;
  /** "takes effect once the key https://app.terraform.io:sub is written app.terraform.io:sub" */
  assumption: string;
}

const KEY_RE = /^(.+):(sub|aud)$/i;


/** A copy of the trust with the keys and empty segments that make statements unmatchable repaired, when there are any. */
export function repairTrust(role: Role, host: string | undefined): Repair | undefined {
  const doc = role.trust;
  if (!doc || !host) return undefined;
  const fixed: string[] = [];
  const statements = doc.statements.map((s): Statement => {
    if (s.effect !== 'Allow') return s;
    let changed = false;
    const conditions = s.conditions.map((c): Condition => {
      const key = knownString(c.key);
      const m = key ? KEY_RE.exec(key) : null;
      let out = c;
      if (m && m[1] !== host && normalizeHost(m[1]) === host) {
        const repaired = `${host}:${m[2].toLowerCase()}`;
        fixed.push(`the key ${key} is written ${repaired}`);
        out = { ...out, key: { ...c.key, value: repaired, segments: undefined } };
        changed = true;
      }
      if (m && m[2].toLowerCase() === 'sub') {
        const values = out.values.map((v) => fillEmptySegments(v, fixed));
        if (values.some((v, i) => v !== out.values[i])) {
          out = { ...out, values };
          changed = true;
        }
      }
      return out;
    });
    return changed ? { ...s, conditions } : s;
  });
  if (!fixed.length) return undefined;
  return { doc: { ...doc, statements }, assumption: `takes effect once ${[...new Set(fixed)].join(' and ')}` };
}

const KEYWORDS = ['organization', 'project', 'workspace'];

/** `organization::project:…`: the empty name becomes one opaque name (what the value will be). */
function fillEmptySegments(v: Value, fixed: string[]): Value {
  if (v.kind !== 'string' || !v.value.startsWith('organization:')) return v;
  const parts = v.value.split(':');
  let out = '';
  const segments: NonNullable<StringValue['segments']> = [];
  let any = false;
  parts.forEach((p, i) => {
    if (i > 0) out += ':';
    const keyword = parts[i - 1];
    if (p === '' && i % 2 === 1 && KEYWORDS.includes(keyword)) {
      const text = `${keyword} name`;
      segments.push({ start: out.length, end: out.length + text.length, unknown: { reason: `the ${keyword} segment is empty` } });
      out += text;
      fixed.push(`the empty ${keyword} segment has a name`);
      any = true;
    } else out += p;
  });
  if (!any) return v;
  // Known runs around the filled names; the value keeps its range, so findings point at it.
  const all: NonNullable<StringValue['segments']> = [];
  let pos = 0;
  for (const g of segments) {
    if (g.start > pos) all.push({ start: pos, end: g.start, ...(v.range ? { range: v.range } : {}) });
    all.push(g);
    pos = g.end;
  }
  if (pos < out.length) all.push({ start: pos, end: out.length, ...(v.range ? { range: v.range } : {}) });
  return { ...v, value: out, segments: all };
}
