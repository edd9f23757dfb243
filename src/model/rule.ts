// A rule is data (meta) plus one function over the model. The engine owns severity and wording.
import type { Expectations } from '../core/config.js';
import { DOCS_BASE, type FindingInput, type RuleMeta } from '../core/finding.js';
import type { Project } from './types.js';

/** Facts the whole run shares: what the team trusts, stated in the config. */
export type RuleSettings = Expectations;

export interface RuleContext<M extends string> {
  project: Project;
  report: (finding: FindingInput<M>) => void;
  settings: RuleSettings;
  /** This rule's options from the config (`["high", { ... }]`), or {}. */
  options: Record<string, unknown>;
}

export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  docsUrl: string;
  check(ctx: RuleContext<M>): void;
}

export function defineRule<M extends string>(rule: { meta: RuleMeta<M>; check(ctx: RuleContext<M>): void }): Rule<M> {
  return { ...rule, docsUrl: `${DOCS_BASE}${rule.meta.id}.md` };
}
