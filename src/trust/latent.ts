// Latent findings: a statement that one problem makes unmatchable (a condition key written with
// `https://` or a trailing slash, an empty segment from a "" value) admits nothing today, which
// hides its other problems (wildcards, placeholders, run phase). The statement is repaired in a
// copy and analysed again; what that copy admits is reported "takes effect once … is fixed", so
// a user fixing the first problem does not meet the next one on the re-run (docs/unknown-values.md).
import { startOffsetOf } from '../core/source.js';
import type { Condition, PolicyDocument, Role, Statement } from '../model/types.js';
import type { Witness } from '../core/finding.js';
import { type Segment, type Value, knownString } from '../core/value.js';
import { normalizeHost } from './issuer.js';

/** Witnesses built from a repaired copy, and the assumption each carries (src/trust/assumptions.ts reads it). */
export const latentWitnesses = new WeakMap<Witness, string>();

export interface Repair {
  doc: PolicyDocument;
  /** "takes effect once the key https://app.terraform.io:sub is written app.terraform.io:sub" */
  assumption: string;
}

const KEY_RE = /^(.+):(sub|aud)$/i;

/**
 * A copy of the trust with the keys and empty segments that make statements unmatchable repaired,
 * when there are any. `audiences` are the client IDs the issuer's tokens carry: a key written with
 * one in front of the claim (`aws.workload.identity:sub`, the audience mistaken for the host) is
 * repaired like one written with `https://`.
 */
export function repairTrust(role: Role, host: string | undefined, audiences: string[] = []): Repair | undefined {
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
      if (m && m[1] !== host && (normalizeHost(m[1]) === host || audiences.some((a) => a.toLowerCase() === m[1].toLowerCase()))) {
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

/**
 * `organization::project:…`: the empty name becomes one opaque name (what the value will be). The
 * value keeps its segments around the filled names, so a finding on the copy still points where
 * each part is written and names where it came from (a tfvars line, a variable default); the filled
 * name takes the place and origins of the empty interpolation that left the segment empty.
 */
function fillEmptySegments(v: Value, fixed: string[]): Value {
  if (v.kind !== 'string' || !v.value.startsWith('organization:')) return v;
  // Where a name goes (offset in the original text) and what it reads.
  const inserts: { at: number; text: string; reason: string }[] = [];
  const parts = v.value.split(':');
  let at = 0;
  parts.forEach((p, i) => {
    const keyword = parts[i - 1];
    if (p === '' && i % 2 === 1 && KEYWORDS.includes(keyword)) {
      inserts.push({ at, text: `${keyword} name`, reason: `the ${keyword} segment is empty` });
      fixed.push(`the empty ${keyword} segment has a name`);
    }
    at += p.length + 1;
  });
  if (!inserts.length) return v;
  const original: Segment[] = v.segments?.length ? v.segments : [{ start: 0, end: v.value.length, ...(v.range ? { range: v.range } : {}) }];
  const out: Segment[] = [];
  let shift = 0;
  let value = '';
  let pos = 0;
  const copy = (from: number, to: number) => {
    for (const g of original) {
      const s = Math.max(g.start, from);
      const e = Math.min(g.end, to);
      if (e > s || (g.start === g.end && g.start >= from && g.start < to)) out.push(sliceSegment(g, s, e, shift));
    }
    value += v.value.slice(from, to);
  };
  for (const ins of inserts) {
    copy(pos, ins.at);
    // The empty interpolation that left the segment empty (a zero-length run at this offset), if any.
    const empty = original.find((g) => g.start === ins.at && g.end === ins.at);
    out.push({
      start: value.length,
      end: value.length + ins.text.length,
      ...(empty?.range ? { range: empty.range } : {}),
      ...(empty?.source ? { source: empty.source } : {}),
      ...(empty?.origins ? { origins: empty.origins } : {}),
      unknown: { reason: ins.reason },
    });
    value += ins.text;
    shift += ins.text.length;
    pos = ins.at;
  }
  copy(pos, v.value.length);
  // Zero-length runs were consumed by the names they stand for; the rest cover the new text.
  const segments = out.filter((g) => g.end > g.start);
  return { ...v, value, segments };
}

/** The part [s, e) of a segment, moved by `shift`; a run written as is narrows its range with it. */
function sliceSegment(g: Segment, s: number, e: number, shift: number): Segment {
  const out: Segment = { ...g, start: s + shift, end: e + shift };
  if (g.linear && g.range && g.source && (s > g.start || e < g.end)) {
    const off = startOffsetOf(g.range) + (s - g.start);
    out.range = g.source.range(off, off + (e - s));
  }
  return out;
}
