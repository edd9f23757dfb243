// The command line: flags, their help, and their translation into typed options. Flags come in
// groups (FLAG_GROUPS); a new group is one entry with the flags it adds and how it reads them.
import { Command, Option } from 'commander';
import { SEVERITIES, type Severity } from '../core/finding.js';
import { REPORTER_NAMES, type ReporterName } from '../report/index.js';
import { UsageError } from './usage-error.js';

export interface CliOptions {
  paths: string[];
  format: ReporterName;
  output?: string;
  color: boolean;
  quiet: boolean;
  failOn: Severity;
  /** `--max-warnings`: more findings below --fail-on than this also fail the run. */
  maxWarnings?: number;
  /** `--allow-empty`: a scan that finds no Terraform or IAM input passes instead of exit 2. */
  allowEmpty: boolean;
  vars: Record<string, string>;
  varFiles: string[];
  /** `--rule`: run only these rules (ids as given, checked against the registry later). */
  only: string[];
  /** `--ignore-rule`: turn these rules off. */
  skip: string[];
  /** `--config`: this file instead of searching upward from the scan root. */
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  inlineSuppressions: boolean;
  /** Commands that print something instead of linting. */
  listRules: boolean;
  explain?: string;
  printConfig: boolean;
  init: boolean;
  /** Scan behaviour: --online, --online-timeout, --no-prefilter, --cache, --cache-location, --jobs. */
  online: boolean;
  onlineTimeoutMs?: number;
  prefilter: boolean;
  cache?: string | boolean;
  jobs?: number;
  /** Bytes. */
  maxFileSize?: number;
}

export interface Output {
  write(chunk: string): unknown;
}

/** Raw values as commander hands them over. */
type Raw = Record<string, unknown>;

interface FlagGroup {
  add(cmd: Command): void;
  read(o: Raw): Partial<CliOptions>;
}

// No default array: commander would print `(default: [])` in the help.
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** A flag's value as the user wrote it (commander hands over strings; anything else is shown as JSON, never `[object Object]`). */
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);

function nonNegativeInt(value: string, flag = '--max-warnings'): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`${flag} "${value}": expected a whole number`);
  return n;
}

function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = nonNegativeInt(text(value), flag);
  if (n === 0) throw new UsageError(`${flag} "${text(value)}": expected a number above 0`);
  return n;
}

/** A size in MB (fractions allowed) as bytes. */
export function megabytes(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(text(value)) || !(n > 0))
    throw new UsageError(`${flag} "${text(value)}": expected a size in MB above 0, e.g. 64`);
  return Math.round(n * 1024 * 1024);
}

export const FLAG_GROUPS: Record<string, FlagGroup> = {
  output: {
    add: (cmd) =>
      cmd
        .addOption(new Option('-f, --format <format>', 'output format').choices(REPORTER_NAMES).default('stylish'))
        .option('-o, --output <file>', 'write the report to a file instead of stdout')
        .option('--no-color', 'no colours (also NO_COLOR=1, or when stdout is not a terminal)')
        .option('-q, --quiet', 'report only findings at or above --fail-on'),
    read: (o) => ({ format: o.format as ReporterName, output: str(o.output), color: o.color !== false, quiet: o.quiet === true }),
  },
  failure: {
    add: (cmd) =>
      cmd
        .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run (exit 1)').choices(SEVERITIES).default('high'))
        .option('--max-warnings <n>', 'also fail when more than n findings are below --fail-on')
        .option('--allow-empty', 'pass when the paths hold no Terraform or IAM input (default: exit 2, a mistyped path must not pass)'),
    read: (o) => ({
      failOn: o.failOn as Severity,
      maxWarnings: o.maxWarnings === undefined ? undefined : nonNegativeInt(text(o.maxWarnings)),
      allowEmpty: o.allowEmpty === true,
    }),
  },
  variables: {
    add: (cmd) =>
      cmd
        .option('--var <name=value>', 'set a root variable, as terraform -var (repeatable)', collect)
        .option('--var-file <file>', 'read root variables from a .tfvars or .tfvars.json file (repeatable)', collect),
    read: (o) => ({ vars: parseVars(list(o.var)), varFiles: list(o.varFile) }),
  },
  rules: {
    add: (cmd) =>
      cmd
        .option('-c, --config <file>', 'config file (default: .tfc-oidc-lint.json/.yaml or package.json "tfc-oidc-lint", searched upward)')
        .option('--rule <id>', 'run only this rule (repeatable)', collect)
        .option('--ignore-rule <id>', 'turn this rule off (repeatable)', collect),
    read: (o) => ({ config: str(o.config), only: list(o.rule), skip: list(o.ignoreRule) }),
  },
  suppressions: {
    add: (cmd) =>
      cmd
        .option('--baseline <file>', 'suppress findings recorded in this baseline file')
        .option('--write-baseline <file>', 'record the current findings as the baseline')
        .option('--no-inline-suppressions', 'ignore `# tfc-oidc-lint-ignore` comments (audit mode)'),
    read: (o) => ({ baseline: str(o.baseline), writeBaseline: str(o.writeBaseline), inlineSuppressions: o.inlineSuppressions !== false }),
  },
  scan: {
    add: (cmd) =>
      cmd
        .option('--online', 'connect to each HCP Terraform / Terraform Enterprise host to check its thumbprints (thumbprint-current)')
        .option('--online-timeout <ms>', 'time limit per host for --online (default 10000)')
        .option('--no-prefilter', 'parse every module, not only those that can hold a trust setup (slower; same findings)')
        .option('--cache', 'reuse module evaluations from .tfc-oidc-lint-cache between runs')
        .option('--cache-location <path>', 'cache file, or a directory to keep .tfc-oidc-lint-cache in (implies --cache)')
        .option('--jobs <n>', 'worker threads for parsing (default: one per core when there is enough to parse)')
        .option('--max-file-size <MB>', 'read files up to this size in MB (default 32); larger ones are reported as over the limit'),
    read: (o) => ({
      online: o.online === true,
      onlineTimeoutMs: positiveInt(o.onlineTimeout, '--online-timeout'),
      prefilter: o.prefilter !== false,
      cache: str(o.cacheLocation) ?? (o.cache === true ? true : undefined),
      jobs: positiveInt(o.jobs, '--jobs'),
      maxFileSize: megabytes(o.maxFileSize, '--max-file-size'),
    }),
  },
  commands: {
    add: (cmd) =>
      cmd
        .option('--list-rules', 'list every rule with its default severity and description')
        .option('--explain <rule-id>', "print a rule's documentation")
        .option('--print-config', 'print the configuration that applies, then exit')
        .option('--init', 'write a commented starter .tfc-oidc-lint.yaml here'),
    read: (o) => ({ listRules: o.listRules === true, explain: str(o.explain), printConfig: o.printConfig === true, init: o.init === true }),
  },
};

export function buildProgram(version: string, out: Output, err: Output): Command {
  const cmd = new Command('tfc-oidc-lint')
    .description('Lint the OIDC trust between HCP Terraform (Terraform Cloud/Enterprise) and AWS IAM.')
    .argument('[paths...]', 'Terraform directories or files (.tf, .tf.json, plan or IAM .json); default: .');
  for (const group of Object.values(FLAG_GROUPS)) group.add(cmd);
  return cmd
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or more than --max-warnings below it), 2 usage or tool error.\n' +
        'Files named on the command line (as pre-commit passes them) are linted with their module; only findings in or caused by them are reported.\n',
    )
    .showHelpAfterError('(run tfc-oidc-lint --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) });
}

/** `name=value` pairs, split at the first `=` as Terraform does. */
export function parseVars(pairs: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!name) throw new UsageError(`--var "${pair}": expected name=value`);
    vars[name] = pair.slice(eq + 1);
  }
  return vars;
}

/** Read the parsed command into typed options (after `program.parse`). */
export function readOptions(program: Command): CliOptions {
  const raw = program.opts<Raw>();
  const merged = Object.values(FLAG_GROUPS).reduce<Partial<CliOptions>>((acc, g) => ({ ...acc, ...g.read(raw) }), {});
  return { ...merged, paths: program.args.length ? program.args : ['.'] } as CliOptions;
}
