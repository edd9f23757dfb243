// The human reporter: findings grouped by file, a code frame, and the facts that make a finding
// actionable (token, origin, call chain, fix, docs), then a one-line summary.
import { Chalk, supportsColor, type ChalkInstance } from 'chalk';
import type { Finding, Severity } from '../core/finding.js';
import { SEVERITIES } from '../core/finding.js';
import { type SourceFile, isLive, placeName, endOffsetOf, startOffsetOf } from '../core/source.js';
import { codeFrame } from './frame.js';
import { describeCallChain, describeOrigins, describeWitness, shortLocation, wrap } from './describe.js';
import { countBySeverity, type ReportInput, type ReportOptions } from './types.js';

const SEVERITY_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));
const DETAIL_INDENT = '     ';

function severityColor(c: ChalkInstance, s: Severity): (t: string) => string {
  switch (s) {
    case 'critical':
      return c.bold.magenta;
    case 'high':
      return c.red;
    case 'medium':
      return c.yellow;
    case 'low':
      return c.cyan;
    default:
      return c.gray;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function headerLines(c: ChalkInstance, f: Finding, locWidth: number, width: number): string[] {
  const loc = `${f.range.start.line}:${f.range.start.column}`.padEnd(locWidth);
  const prefix = `  ${loc}  ${f.severity.padEnd(SEVERITY_WIDTH)}  `;
  const indent = ' '.repeat(prefix.length);
  const lines = wrap(f.message, Math.max(30, width - prefix.length));
  const out = lines.map((l, i) =>
    i === 0 ? `  ${c.dim(loc)}  ${severityColor(c, f.severity)(f.severity.padEnd(SEVERITY_WIDTH))}  ${l}` : indent + l,
  );
  const last = lines[lines.length - 1];
  if (prefix.length + last.length + 2 + f.ruleId.length <= width) out[out.length - 1] += `  ${c.dim(f.ruleId)}`;
  else out.push(indent + c.dim(f.ruleId));
  return out;
}

function frameLines(c: ChalkInstance, file: SourceFile | undefined, f: Finding, width: number): string[] {
  // A resource read from a live account has no text to show.
  if (!file || isLive(f.range) || f.range.start.line > file.lines.lineCount) return [];
  const out: string[] = [];
  for (const l of codeFrame(file, f.range, width - 3)) {
    out.push(`   ${l.current ? c.red(l.gutter) : c.dim(l.gutter)}${l.code}`.trimEnd());
    if (l.marker !== undefined) out.push(`   ${c.dim(' '.repeat(l.gutter.length - 2) + '| ')}${c.red(l.marker)}`);
  }
  return out;
}

function detailLines(c: ChalkInstance, f: Finding): string[] {
  const details: [string, string][] = [];
  if (f.range.approximate) details.push(['note', 'position is approximate (the enclosing construct)']);
  if (f.witness) {
    const text = describeWitness(f.witness);
    const colon = text.indexOf(':');
    details.push([text.slice(0, colon), text.slice(colon + 2)]);
  }
  for (const a of f.assumptions ?? []) details.push(['assumes', a.replace(/^assumes /, '')]);
  if (f.origins?.length) details.push(['value from', describeOrigins(f.origins)]);
  if (f.callChain?.length) details.push(['via', describeCallChain(f.callChain)]);
  // A related place that is already named as the value's origin would only say it twice.
  const originPlaces = new Set((f.origins ?? []).filter((o) => o.range).map((o) => shortLocation(o.range!)));
  for (const r of f.related ?? [])
    if (!originPlaces.has(shortLocation(r.range))) details.push(['see', `${r.message} (${shortLocation(r.range)})`]);
  if (f.fix) details.push(['fix', f.fix]);
  details.push(['docs', f.docsUrl]);
  return details.map(([label, text]) => `${DETAIL_INDENT}${c.dim(`${label}:`)} ${text}`);
}

function summary(c: ChalkInstance, input: ReportInput): string {
  // What the report does not show, so that a short report is never mistaken for a clean one.
  const tail: string[] = [];
  if (input.suppressed?.length) tail.push(`${input.suppressed.length} suppressed`);
  if (input.hidden) tail.push(`${input.hidden} below --fail-on hidden by --quiet`);
  tail.push(plural(input.stats.files, 'file'));
  if (input.findings.length === 0) return `${c.green('✔')} no problems · ${tail.join(' · ')}`;
  tail.push(`${(input.stats.durationMs / 1000).toFixed(2)} s`);
  const counts = countBySeverity(input.findings);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return `${c.red.bold('✖')} ${plural(input.findings.length, 'problem')} (${parts.join(', ')}) · ${tail.join(' · ')}`;
}

export function stylish(input: ReportInput, options: ReportOptions): string {
  // Colour was decided by the caller; chalk only says how many colours the terminal has.
  const c = new Chalk({ level: options.color ? (supportsColor ? supportsColor.level : 0) || 1 : 0 });
  const width = options.width ?? 100;
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) {
    const place = placeName(f.range);
    const list = byFile.get(place);
    if (list) list.push(f);
    else byFile.set(place, [f]);
  }
  const out: string[] = [];
  for (const [path, findings] of byFile) {
    out.push(c.underline(path));
    const locWidth = findings.reduce((w, f) => Math.max(w, `${f.range.start.line}:${f.range.start.column}`.length), -Infinity);
    findings.forEach((f, i) => {
      // Several rules often flag the same value; its frame is shown once, under the first.
      const prev = findings[i - 1];
      const sameRange = prev && startOffsetOf(prev.range) === startOffsetOf(f.range) && endOffsetOf(prev.range) === endOffsetOf(f.range);
      const frame = sameRange
        ? [`${DETAIL_INDENT}${c.dim('code:')} the same value as the finding above (${f.range.start.line}:${f.range.start.column})`]
        : frameLines(c, input.files.get(path), f, width);
      out.push(...headerLines(c, f, locWidth, width), ...frame, ...detailLines(c, f), '');
    });
  }
  out.push(summary(c, input));
  return out.join('\n') + '\n';
}
