// The CLI: argv → report on stdout (or --output) → exit code. The engine (and with it
// tree-sitter) is imported only when there is something to lint, so --help and --version stay fast.
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { severityRank, type Rule } from '../engine/rule.js';
import type { LintOptions } from '../engine/types.js';
import { checkPaths } from '../discover/paths.js';
import { getReporter } from '../report/index.js';
import { isUsageError, UsageError } from './errors.js';
import { buildProgram, readOptions, type CliOptions, type Output } from './options.js';

export { UsageError } from './errors.js';

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

/** The version in our package.json, found by walking up from this file (src/ or dist/src/). */
function toolVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tfc-oidc-lint' && pkg.version) return pkg.version;
    } catch {
      // not here; keep walking up
    }
  }
  return '0.0.0';
}

/** Colour only for a terminal, unless --no-color, NO_COLOR or --output say no or FORCE_COLOR says yes. */
export function colorEnabled(opts: Pick<CliOptions, 'color' | 'output'>, io: Pick<CliIO, 'env' | 'isTTY'>): boolean {
  if (!opts.color || opts.output) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.isTTY;
}

/** `--rule` / `--ignore-rule` as lint options; an unknown id is a usage error, not a silent no-op. */
async function ruleOptions(opts: CliOptions): Promise<Pick<LintOptions, 'rules' | 'ruleSettings'>> {
  if (!opts.only.length && !opts.skip.length) return {};
  const { findRule } = await import('../../rules/index.js');
  const lookup = (id: string): Rule => {
    const rule = findRule(id);
    if (!rule) throw new UsageError(`unknown rule "${id}"`);
    return rule;
  };
  const out: Pick<LintOptions, 'rules' | 'ruleSettings'> = {};
  if (opts.only.length) out.rules = opts.only.map(lookup);
  if (opts.skip.length) out.ruleSettings = Object.fromEntries(opts.skip.map((id) => [lookup(id).meta.id, 'off' as const]));
  return out;
}

async function lintAndReport(opts: CliOptions, io: CliIO, version: string): Promise<number> {
  // Fail on a mistyped path before loading the parser.
  await checkPaths(opts.paths, io.cwd);
  await checkPaths(opts.varFiles, io.cwd);
  const rules = await ruleOptions(opts);
  const { lint } = await import('../engine/lint.js');
  const result = await lint(opts.paths, { cwd: io.cwd, vars: opts.vars, varFiles: opts.varFiles, env: io.env, ...rules });
  const threshold = severityRank(opts.failOn);
  const failing = result.findings.filter((f) => severityRank(f.severity) >= threshold);
  const findings = opts.quiet ? failing : result.findings;
  const reporter = getReporter(opts.format)!;
  const text = reporter(
    { findings, files: result.files, stats: result.stats },
    { color: colorEnabled(opts, io), width: io.isTTY && io.columns ? Math.min(io.columns, 120) : 100, toolVersion: version },
  );
  if (opts.output) await writeFile(resolve(io.cwd, opts.output), text);
  else io.stdout.write(text);
  return failing.length ? EXIT_FINDINGS : EXIT_OK;
}

/** Run the CLI with `argv` (the user's arguments, without node and the script). Never throws. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const version = toolVersion();
  const program = buildProgram(version, io.stdout, io.stderr);
  try {
    program.parse(argv, { from: 'user' });
    return await lintAndReport(readOptions(program), io, version);
  } catch (e) {
    // Commander has already printed help, the version or its own error message.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    if (isUsageError(e)) {
      io.stderr.write(`tfc-oidc-lint: ${e.message}\n(run tfc-oidc-lint --help for usage)\n`);
      return EXIT_ERROR;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(`tfc-oidc-lint: ${err.message}\n`);
    // DEBUG follows the `debug` package's convention: a comma-separated list, `*` for all.
    const debug = (io.env.DEBUG ?? '').split(/[\s,]+/).some((d) => d === '*' || d === 'tfc-oidc-lint');
    if (debug && err.stack) io.stderr.write(`${err.stack}\n`);
    return EXIT_ERROR;
  }
}
