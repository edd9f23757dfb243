// The machine reporter: a versioned, stable schema (docs/json-format.md). Keys are written in a
// fixed order and only from known fields, so internal additions to Finding never leak out.
import type { FixData } from '../core/fix.js';
import type { Finding } from '../core/finding.js';
import { type Position, type Range, placeName } from '../core/source.js';
import { countBySeverity, type ReportInput, type ReportOptions } from './types.js';

export const JSON_FORMAT_VERSION = 1;

const pos = (p: Position) => ({ line: p.line, column: p.column, offset: p.offset });

function jsonRange(r: Range) {
  return { start: pos(r.start), end: pos(r.end), ...(r.approximate ? { approximate: true } : {}) };
}

// `file` is the display path, or the ARN of a resource read from a live account (docs/json-format.md).
const located = (r: Range) => ({ file: placeName(r), ...jsonRange(r) });

/** The fix as data (src/core/fix.ts), with every range in the report's range form. */
function jsonFix(fix: FixData) {
  const t = fix.target;
  const target =
    t.kind === 'pin-sub' || t.kind === 'set-aud'
      ? { ...t, written: t.written.map((w) => ({ start: w.start, end: w.end, file: placeName(w.range), range: jsonRange(w.range) })) }
      : t.kind === 'detach-policy'
        ? { ...t, remove: located(t.remove) }
        : { ...t, operatorRange: located(t.operatorRange), entry: located(t.entry), ...(t.into ? { into: located(t.into) } : {}) };
  return {
    target,
    ...(fix.undecided?.length ? { undecided: fix.undecided.map((u) => ({ ...u })) } : {}),
    ...(fix.edits ? { edits: fix.edits.map((e) => ({ file: e.file, range: jsonRange(e.range), text: e.text })) } : {}),
    ...(fix.noEdits ? { noEdits: fix.noEdits } : {}),
  };
}

const where = (r: Range | undefined) => (r ? { file: placeName(r), line: r.start.line, column: r.start.column } : {});

function jsonFinding(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: placeName(f.range),
    range: jsonRange(f.range),
    ...(f.witness ? { witness: { ...f.witness } } : {}),
    ...(f.origins?.length ? { origins: f.origins.map((o) => ({ kind: o.kind, name: o.name, ...where(o.range) })) } : {}),
    ...(f.callChain?.length ? { callChain: f.callChain.map((c) => ({ name: c.name, source: c.source, ...where(c.range) })) } : {}),
    ...(f.related?.length
      ? { related: f.related.map((r) => ({ message: r.message, file: placeName(r.range), range: jsonRange(r.range) })) }
      : {}),
    ...(f.fix ? { fix: f.fix } : {}),
    ...(f.assumptions?.length ? { assumptions: [...f.assumptions] } : {}),
    ...(f.fixData ? { fixData: jsonFix(f.fixData) } : {}),
    docsUrl: f.docsUrl,
    ...(f.resource ? { resource: f.resource } : {}),
    ...(f.fingerprint ? { fingerprint: f.fingerprint } : {}),
    ...(f.suppressions?.length
      ? {
          suppressions: f.suppressions.map((s) => ({
            kind: s.kind,
            justification: s.justification,
            ...(s.location ? { file: placeName(s.location), line: s.location.start.line, column: s.location.start.column } : {}),
          })),
        }
      : {}),
  };
}

export function json(input: ReportInput, options: ReportOptions): string {
  const doc = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'tfc-oidc-lint', version: options.toolVersion ?? '0.0.0' },
    findings: input.findings.map(jsonFinding),
    suppressed: (input.suppressed ?? []).map(jsonFinding),
    summary: {
      total: input.findings.length,
      counts: countBySeverity(input.findings),
      suppressed: input.suppressed?.length ?? 0,
      files: input.stats.files,
      durationMs: Math.round(input.stats.durationMs),
    },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
