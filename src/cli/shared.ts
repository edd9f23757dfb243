// What the CLI's commands share: the process streams, exit codes, colour and the exit-code rule.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { severityRank, type Finding } from '../core/finding.js';
import type { LintResult } from '../engine/types.js';
import type { Rule } from '../model/rule.js';
import { getReporter } from '../report/index.js';
import type { CliOptions, Output } from './options.js';

export interface CliIO {
  stdout: Output;
  stderr: Output;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (colour, and nothing else goes there anyway). */
  isTTY: boolean;
  /** Terminal width, for wrapping. */
  columns?: number;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** Colour only for a terminal, unless --no-color, NO_COLOR or --output say no or FORCE_COLOR says yes. */
export function colorEnabled(opts: Pick<CliOptions, 'color' | 'output'>, io: Pick<CliIO, 'env' | 'isTTY'>): boolean {
  if (!opts.color || opts.output) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTTY;
}

/**
 * Exit 2 when the tool itself crashed somewhere (an internal-error finding: the result is
 * incomplete); else 1 for a finding at or above --fail-on, or more than --max-warnings below it.
 */
export function exitCode(findings: Finding[], opts: Pick<CliOptions, 'failOn' | 'maxWarnings'>): number {
  if (findings.some((f) => f.ruleId === 'internal-error')) return EXIT_ERROR;
  const threshold = severityRank(opts.failOn);
  const failing = findings.filter((f) => severityRank(f.severity) >= threshold).length;
  const warnings = findings.length - failing;
  return failing || (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Why the run fails when only --max-warnings makes it fail (a finding at or above --fail-on
 * speaks for itself in the report); undefined otherwise.
 */
export function failureReason(findings: Finding[], opts: Pick<CliOptions, 'failOn' | 'maxWarnings'>): string | undefined {
  const threshold = severityRank(opts.failOn);
  const failing = findings.filter((f) => severityRank(f.severity) >= threshold).length;
  const warnings = findings.length - failing;
  if (failing || opts.maxWarnings === undefined || warnings <= opts.maxWarnings) return undefined;
  return `${warnings} finding${warnings === 1 ? '' : 's'} below --fail-on ${opts.failOn}, more than --max-warnings ${opts.maxWarnings} allows`;
}

/**
 * Writes the report (to --output or stdout; with --quiet only what reaches --fail-on, and says how
 * many were hidden), says on stderr why the run fails when only --max-warnings makes it fail, and
 * returns the exit code. A scan of files and a scan of a live account report the same way.
 */
export async function reportFindings(
  result: LintResult,
  opts: Pick<CliOptions, 'format' | 'quiet' | 'failOn' | 'maxWarnings' | 'output' | 'color'>,
  io: CliIO,
  about: { toolVersion: string; rules: Rule[] },
): Promise<number> {
  const threshold = severityRank(opts.failOn);
  const findings = opts.quiet ? result.findings.filter((f) => severityRank(f.severity) >= threshold) : result.findings;
  const reporter = getReporter(opts.format)!;
  const text = reporter(
    { findings, suppressed: result.suppressed, files: result.files, stats: result.stats, hidden: result.findings.length - findings.length },
    {
      color: colorEnabled(opts, io),
      width: io.isTTY && io.columns ? Math.min(io.columns, 120) : 100,
      toolVersion: about.toolVersion,
      rules: about.rules,
    },
  );
  if (opts.output) await writeFile(resolve(io.cwd, opts.output), text);
  else io.stdout.write(text);
  const why = failureReason(result.findings, opts);
  if (why) io.stderr.write(`tfc-oidc-lint: ${why}\n`);
  return exitCode(result.findings, opts);
}
