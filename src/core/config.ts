// The configuration a team states once (.tfc-oidc-lint.json / .yaml / package.json key).
import type { Severity } from './finding.js';

/** ESLint style: `"off"`, a severity, or `[severity, { options }]`. */
export type RuleSetting = 'off' | Severity | ['off' | Severity] | ['off' | Severity, Record<string, unknown>];

/** For inputs that cannot hold comments (JSON): suppress a rule on matching paths. */
export interface IgnoreEntry {
  rule: string;
  /** Glob relative to the config file's directory. */
  path: string;
  reason: string;
}

/** What the team trusts; rules such as unexpected-organization compare the code with it. */
export interface Expectations {
  organizations?: string[];
  projects?: string[];
  /** HCP Terraform / Terraform Enterprise hostnames (`app.terraform.io`, `tfe.example.com`). */
  hostnames?: string[];
}

export interface Config extends Expectations {
  rules?: Record<string, RuleSetting>;
  ignore?: IgnoreEntry[];
  /** MB; files larger are reported as over the limit, not read. */
  maxFileSize?: number;
  /** Where the config was read from (absolute), when it came from a file. */
  source?: string;
}
