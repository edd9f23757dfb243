// Options and result of one lint run (the public API's shapes).
import type { Project } from '../model/types.js';
import type { SourceFile } from '../parse/source.js';
import type { Finding, Rule, Severity } from './rule.js';
import type { Expectations } from '../config/types.js';

export interface LintOptions {
  /** Working directory for relative paths and display paths; default process.cwd(). */
  cwd?: string;
  /** `--var k=v` values (raw text, as Terraform takes them). */
  vars?: Record<string, string>;
  /** `--var-file` paths (.tfvars or .tfvars.json), relative to cwd. */
  varFiles?: string[];
  /** Environment for `TF_VAR_*`; default process.env. */
  env?: Record<string, string | undefined>;
  /** Rules to run; default every rule in the registry that is not opt-in. */
  rules?: Rule[];
  /** Per-rule severity override or 'off'. */
  ruleSettings?: Record<string, Severity | 'off'>;
  /** Per-rule options. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** What the team trusts (organizations, projects, hostnames), usually from the config file. */
  expectations?: Expectations;
  /** Connect to the issuers' hosts (thumbprint-current). Off by default: a lint run makes no network calls. */
  online?: boolean;
}

export interface LintStats {
  files: number;
  modules: number;
  documents: number;
  durationMs: number;
}

export interface LintResult {
  /** Sorted by file, then position. */
  findings: Finding[];
  project: Project;
  /** Every file read, by display path (for code frames). */
  files: Map<string, SourceFile>;
  stats: LintStats;
}
