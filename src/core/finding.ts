// What a rule reports: severities, witnesses, findings and the data half of a rule (its meta).
// The function half, which sees the model, is in src/model/rule.ts.
import type { Range } from './source.js';
import type { CallFrame } from './resource.js';
import type { Origin } from './value.js';
import type { FixData } from './fix.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

/** A token that shows the problem: one that gets in and should not, or one that should and does not. */
export interface Witness {
  kind: 'accepted' | 'rejected';
  iss?: string;
  sub?: string;
  aud?: string;
  /** One line on what the token is: "a plan run of another organization". */
  note?: string;
}

export interface RelatedLocation {
  message: string;
  range: Range;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId: string;
  range: Range;
  witness?: Witness;
  /** Where the decisive value came from, in the order it travelled. */
  origins?: Origin[];
  callChain?: CallFrame[];
  related?: RelatedLocation[];
  /** The fix in one line. */
  fix?: string;
  /** What the scan assumed to reach this finding: about its element ("assumes count > 0 (…)") or in the analysis ("host unknown: assumed HCP Terraform", also said at the end of the message). */
  assumptions?: string[];
  /** The fix as data: the target, what it still needs, and edits on exact ranges (src/core/fix.ts). */
  fixData?: FixData;
  docsUrl: string;
  /** The Terraform address or ARN of the element concerned. */
  resource?: string;
  /** Why this finding is not counted: an inline comment, the config's `ignore` list or a baseline (src/engine/suppress.ts). */
  suppressions?: { kind: 'inSource' | 'external'; justification: string; location?: Range }[];
  /** Stable across line shifts: rule, file, resource address, decisive value (src/engine/baseline.ts). */
  fingerprint?: string;
}

export interface RuleMeta<M extends string> {
  id: string;
  /** One sentence for docs, `--explain` and SARIF. */
  description: string;
  severity: Severity;
  /**
   * Every other severity the rule reports on some findings, each with when it does (the words follow
   * the severity in the doc header: `critical: "when the role's trust is also loose"`); the default
   * may be given here too, for its own "when". The engine rejects a finding whose severity is
   * neither `severity` nor declared here, as it rejects an undeclared message id.
   */
  severities?: Partial<Record<Severity, string>>;
  /** Message templates with `{{name}}` placeholders. */
  messages: Record<M, string>;
  /** Off in the recommended set. */
  optIn?: boolean;
  /**
   * Rules whose finding on the same element and place already says this one's problem (and whose
   * fix removes it): there this rule's finding is not reported on its own but becomes a related
   * note of that finding (src/engine/run.ts). A user gets one finding per problem.
   */
  coveredBy?: string[];
  tags?: string[];
  /**
   * Issuer profiles the rule applies to (ids from src/trust/issuers/), or `['*']` for every
   * web-identity issuer. Absent: HCP Terraform and Terraform Enterprise only.
   */
  issuers?: string[];
}

export interface FindingInput<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  range: Range;
  severity?: Severity;
  witness?: Witness;
  origins?: Origin[];
  callChain?: CallFrame[];
  related?: RelatedLocation[];
  fix?: string;
  fixData?: FixData;
  resource?: string;
  /** What this finding rests on beyond its element's own assumptions (a latent copy of a statement: "takes effect once …"). */
  assumptions?: string[];
}

/** Issuer profile ids a rule applies to; `['*']` = every web-identity issuer (RuleMeta.issuers). */
export function ruleIssuers(rule: { meta: RuleMeta<string> }): string[] {
  return rule.meta.issuers ?? ['hcp-terraform', 'terraform-enterprise'];
}

/** "all issuers" or "hcp-terraform, terraform-enterprise", for --list-rules and docs. */
export function ruleIssuersText(rule: { meta: RuleMeta<string> }): string {
  const ids = ruleIssuers(rule);
  return ids.includes('*') ? 'all issuers' : ids.join(', ');
}

/** The severities a rule may report: its default first, then those `meta.severities` declares. */
export function declaredSeverities(meta: RuleMeta<string>): Severity[] {
  return [meta.severity, ...(Object.keys(meta.severities ?? {}) as Severity[]).filter((s) => s !== meta.severity)];
}

/** "high; critical when the role's trust is also loose", for the doc header. */
export function severityText(meta: RuleMeta<string>): string {
  const when = (s: Severity) => (meta.severities?.[s] ? `${s} ${meta.severities[s]}` : s);
  return declaredSeverities(meta).map(when).join('; ');
}

/**
 * The severity a finding is reported at. A config override (`"rule-id": "low"`) sets every finding
 * of the rule, whatever severity the rule gave it (docs/configuration.md); otherwise the finding's
 * own severity, else the rule's default. A severity the meta does not declare is the rule's bug.
 */
export function findingSeverity(meta: RuleMeta<string>, override: Severity | undefined, reported?: Severity): Severity {
  if (reported !== undefined && !declaredSeverities(meta).includes(reported)) {
    throw new Error(
      `reported severity "${reported}", which its meta does not declare (it declares ${declaredSeverities(meta).join(', ')})`,
    );
  }
  return override ?? reported ?? meta.severity;
}

export const DOCS_BASE = 'https://github.com/tfc-oidc-lint/tfc-oidc-lint/blob/main/rules/';

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in data ? String(data[name]) : m));
}
