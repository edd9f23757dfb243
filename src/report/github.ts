// GitHub Actions workflow commands: each finding becomes an annotation on the pull request,
// without code scanning. https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { Finding, Severity } from '../core/finding.js';
import { describeWitness } from './describe.js';
import { countBySeverity, type ReportInput, type ReportOptions } from './types.js';
import { isLive } from '../core/source.js';

function command(s: Severity): 'error' | 'warning' | 'notice' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'notice';
}

/** Message data: %, CR and LF must be escaped. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape `:` and `,`, which separate properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(f: Finding): string {
  const r = f.range;
  // A live resource has no file to annotate: the annotation is unplaced and its text names the ARN.
  const props: [string, string | number][] = isLive(r)
    ? []
    : [
        ['file', r.file],
        ['line', f.range.start.line],
        ['col', f.range.start.column],
        ['endLine', f.range.end.line],
        ['endColumn', f.range.end.column],
      ];
  props.push(['title', `${f.ruleId} (${f.severity})`]);
  const lines = [isLive(r) ? `${r.arn}: ${f.message}` : f.message];
  if (f.witness) lines.push(describeWitness(f.witness));
  for (const a of f.assumptions ?? []) lines.push(a);
  if (f.fix) lines.push(`fix: ${f.fix}`);
  lines.push(`docs: ${f.docsUrl}`);
  const head = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${command(f.severity)} ${head}::${escapeData(lines.join('\n'))}`;
}

export function github(input: ReportInput, _options: ReportOptions): string {
  const out = input.findings.map(annotation);
  const counts = countBySeverity(input.findings);
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const suppressed = input.suppressed?.length ? `, ${input.suppressed.length} suppressed` : '';
  out.push(
    `tfc-oidc-lint: ${input.findings.length} problem${input.findings.length === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}${suppressed}`,
  );
  return out.join('\n') + '\n';
}
