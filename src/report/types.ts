// What a reporter reads and how it is told to render. A subset of LintResult so that reporters
// can be fed hand-built findings (and a baseline or live scan can reuse them).
import type { SourceFile } from '../core/source.js';
import type { Finding, Severity } from '../core/finding.js';
import type { Rule } from '../model/rule.js';
import { SEVERITIES } from '../core/finding.js';
import type { LintResult } from '../engine/types.js';

export type ReportInput = Pick<LintResult, 'findings' | 'files' | 'suppressed'> & {
  stats: Pick<LintResult['stats'], 'files' | 'durationMs'>;
  /** Findings left out of the report by `--quiet` (below --fail-on); the summary says how many. */
  hidden?: number;
  /** The scan root (absolute), for file references relative to it; default: the reported paths as they are. */
  root?: string;
};

export interface ReportOptions {
  /** Colour on or off; the CLI decides from --no-color, NO_COLOR and the TTY. */
  color: boolean;
  /** Terminal width for wrapping; default 100. */
  width?: number;
  /** For the JSON `tool` block. */
  toolVersion?: string;
  /** Every rule, for SARIF's `tool.driver.rules`; default the registry's rules that have findings. */
  rules?: Rule[];
  /** A rule's markdown doc (SARIF `help.markdown`); default read from rules/<id>.md. */
  ruleDoc?: (id: string) => string | undefined;
}

export type Reporter = (input: ReportInput, options: ReportOptions) => string;

export type SeverityCounts = Record<Severity, number>;

export function countBySeverity(findings: Finding[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export type { SourceFile };
