// The command line: flags, their help, and their translation into typed options.
import { Command, Option } from 'commander';
import { SEVERITIES, type Severity } from '../engine/rule.js';
import { REPORTER_NAMES, type ReporterName } from '../report/index.js';
import { UsageError } from './errors.js';

export interface CliOptions {
  paths: string[];
  format: ReporterName;
  output?: string;
  color: boolean;
  quiet: boolean;
  failOn: Severity;
  vars: Record<string, string>;
  varFiles: string[];
  /** `--rule`: run only these rules (ids as given, checked against the registry later). */
  only: string[];
  /** `--ignore-rule`: turn these rules off. */
  skip: string[];
}

export interface Output {
  write(chunk: string): unknown;
}

// No default array: commander would print `(default: [])` in the help.
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

export function buildProgram(version: string, out: Output, err: Output): Command {
  return new Command('tfc-oidc-lint')
    .description('Lint the OIDC trust between HCP Terraform (Terraform Cloud/Enterprise) and AWS IAM.')
    .argument('[paths...]', 'Terraform directories or files (.tf, .tf.json, plan or IAM .json); default: .')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORTER_NAMES).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-color', 'no colours (also NO_COLOR=1, or when stdout is not a terminal)')
    .option('-q, --quiet', 'report only findings at or above --fail-on')
    .addOption(new Option('--fail-on <severity>', 'lowest severity that fails the run (exit 1)').choices(SEVERITIES).default('high'))
    .option('--var <name=value>', 'set a root variable, as terraform -var (repeatable)', collect)
    .option('--var-file <file>', 'read root variables from a .tfvars or .tfvars.json file (repeatable)', collect)
    .option('--rule <id>', 'run only this rule (repeatable)', collect)
    .option('--ignore-rule <id>', 'turn this rule off (repeatable)', collect)
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or tool error.\n',
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
  const o = program.opts<{
    format: ReporterName;
    output?: string;
    color: boolean;
    quiet?: boolean;
    failOn: Severity;
    var?: string[];
    varFile?: string[];
    rule?: string[];
    ignoreRule?: string[];
  }>();
  return {
    paths: program.args.length ? program.args : ['.'],
    format: o.format,
    output: o.output,
    color: o.color,
    quiet: o.quiet === true,
    failOn: o.failOn,
    vars: parseVars(o.var ?? []),
    varFiles: o.varFile ?? [],
    only: o.rule ?? [],
    skip: o.ignoreRule ?? [],
  };
}
