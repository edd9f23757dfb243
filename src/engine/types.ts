// Options and result of one lint run (the public API's shapes).
import type { Project } from '../model/types.js';
import type { SourceFile } from '../core/source.js';
import type { Finding, Severity } from '../core/finding.js';
import type { Rule } from '../model/rule.js';
import type { Expectations, IgnoreEntry } from '../core/config.js';
import type { Baseline } from './baseline.js';
import type { FixValues } from '../core/fix.js';

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
  /** Per-host time limit for --online, in milliseconds (default 10,000). */
  onlineTimeoutMs?: number;
  /**
   * Where --online connects, so that a test can stand a local TLS server in for an issuer host (no
   * CLI flag sets it). `resolve` maps a host to the address to connect to instead, like curl
   * --resolve (`{ "tfe.acme.example": "127.0.0.1:8443" }`; SNI and the certificate's host-name check
   * keep the host). `ca` adds root certificates (PEM) to count as publicly trusted, as AWS counts
   * its own. Default: the host's DNS address on port 443, and Node's public root store.
   */
  onlineConnect?: { resolve?: Record<string, string>; ca?: string[] };
  /** Parse only modules and JSON documents that can hold what the rules look at (default true; `--no-prefilter` turns it off). */
  prefilter?: boolean;
  /** Keep module evaluations between runs: true for `.tfc-oidc-lint-cache` in cwd, or a file or directory path (`--cache`, `--cache-location`). */
  cache?: string | boolean;
  /** Worker threads for parsing and evaluation: 1 never starts any; unset decides by the amount of work. */
  jobs?: number;
  /** Files larger than this many bytes are reported (parse-error, as a limit) and not read (default 32 MB; `--max-file-size`, config `maxFileSize`). */
  maxFileSize?: number;
  /** Config `ignore` entries (rule + glob + reason); globs are relative to `ignoreBase` (the config file's directory, default cwd). */
  ignore?: IgnoreEntry[];
  ignoreBase?: string;
  /** Fingerprints recorded by `--write-baseline`: matching findings are suppressed (kind `external`). */
  baseline?: Baseline;
  /**
   * Absolute directory that fingerprints take file paths relative to (the repository root or the
   * baseline file's directory), so that a baseline matches whatever directory the scan runs from;
   * default: display paths (relative to cwd).
   */
  fingerprintRoot?: string;
  /** Honour `# tfc-oidc-lint-ignore` comments; default true (`--no-inline-suppressions` turns them off). */
  inlineSuppressions?: boolean;
  /** Values that decide the findings' fixes (`--organization`, `--run-phase`, `--detach-admin`...): with them, fixes carry edits. */
  fixValues?: FixValues;
}

export interface LintStats {
  files: number;
  modules: number;
  documents: number;
  durationMs: number;
  /** Modules parsed and evaluated (or taken from the cache). */
  evaluatedModules?: number;
  /** Modules and JSON documents the pre-filter left out: nothing in them can matter. */
  skippedModules?: number;
  skippedDocuments?: number;
  /** Module evaluations taken from the cache. */
  cacheHits?: number;
  /** Worker threads started (0: everything ran on the main thread). */
  workers?: number;
}

export interface LintResult {
  /** Sorted by file, then position. */
  findings: Finding[];
  /** Findings that an inline comment, the config's `ignore` list or the baseline suppressed (each with `suppressions`). */
  suppressed?: Finding[];
  project: Project;
  /** Every file read, by display path (for code frames). */
  files: Map<string, SourceFile>;
  stats: LintStats;
}
