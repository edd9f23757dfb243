// A rule is data (meta) plus one function over the model. The engine owns severity and wording.
import type { Range } from '../parse/source.js';
import type { Project } from '../model/types.js';
import type { CallFrame } from '../terraform/types.js';
import type { Origin } from '../terraform/value.js';
import type { Expectations } from '../config/types.js';
import type { FixData } from '../core/fix.js';

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
  /** Message templates with `{{name}}` placeholders. */
  messages: Record<M, string>;
  /** Off in the recommended set. */
  optIn?: boolean;
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
}

/** Facts the whole run shares: what the team trusts, stated in the config. */
export type RuleSettings = Expectations;

export interface RuleContext<M extends string> {
  project: Project;
  report(finding: FindingInput<M>): void;
  settings: RuleSettings;
  /** This rule's options from the config (`["high", { ... }]`), or {}. */
  options: Record<string, unknown>;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  docsUrl: string;
  check(ctx: RuleContext<M>): void;
}

/** Issuer profile ids a rule applies to; `['*']` = every web-identity issuer (RuleMeta.issuers). */
export function ruleIssuers(rule: Pick<Rule, 'meta'>): string[] {
  return rule.meta.issuers ?? ['hcp-terraform', 'terraform-enterprise'];
}

/** "all issuers" or "hcp-terraform, terraform-enterprise", for --list-rules and docs. */
export function ruleIssuersText(rule: Pick<Rule, 'meta'>): string {
  const ids = ruleIssuers(rule);
  return ids.includes('*') ? 'all issuers' : ids.join(', ');
}

export const DOCS_BASE = 'https://github.com/tfc-oidc-lint/tfc-oidc-lint/blob/main/rules/';

export function defineRule<M extends string>(rule: { meta: RuleMeta<M>; check(ctx: RuleContext<M>): void }): Rule<M> {
  return { ...rule, docsUrl: `${DOCS_BASE}${rule.meta.id}.md` };
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => (name in data ? String(data[name]) : m));
}
