// Reporter registry: the CLI picks one by `--format`.
import { github } from './github.js';
import { json } from './json-reporter.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export type { Reporter, ReportInput, ReportOptions } from './types.js';
export { JSON_FORMAT_VERSION } from './json-reporter.js';

const REPORTERS = { stylish, json, sarif, github } satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof REPORTERS;
export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

/** The reporter of that name, or undefined for an unknown name. */
export function getReporter(name: string): Reporter | undefined {
  return Object.hasOwn(REPORTERS, name) ? REPORTERS[name as ReporterName] : undefined;
}
