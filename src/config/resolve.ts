// Config file + command line → the rule set, severities and options a lint run uses. The command
// line wins: `--rule` runs a rule even when the config turns it off, `--ignore-rule` turns it off.
import type { Severity } from '../core/finding.js';
import type { Rule } from '../model/rule.js';
import type { LintOptions } from '../engine/types.js';
import type { Config, RuleSetting } from '../core/config.js';

export interface RuleSelection {
  /** `--rule`: only these (already looked up). */
  only?: Rule[];
  /** `--ignore-rule` ids. */
  skip?: string[];
}

/** `"high"`, `["high", {…}]` → level and options. */
export function readSetting(s: RuleSetting): { level: Severity | 'off'; options?: Record<string, unknown> } {
  return Array.isArray(s) ? { level: s[0], ...(s[1] ? { options: s[1] } : {}) } : { level: s };
}

export function resolveRules(
  all: Rule[],
  config: Config,
  cli: RuleSelection = {},
): Required<Pick<LintOptions, 'rules' | 'ruleSettings' | 'ruleOptions'>> {
  const ruleSettings: Record<string, Severity | 'off'> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    const { level, options } = readSetting(setting);
    ruleSettings[id] = level;
    if (options) ruleOptions[id] = options;
  }
  let rules: Rule[];
  if (cli.only?.length) {
    rules = cli.only;
    for (const r of rules) if (ruleSettings[r.meta.id] === 'off') delete ruleSettings[r.meta.id];
  } else {
    // An opt-in rule runs when the config gives it a severity.
    rules = all.filter((r) => (r.meta.id in ruleSettings ? ruleSettings[r.meta.id] !== 'off' : !r.meta.optIn));
  }
  for (const id of cli.skip ?? []) ruleSettings[id] = 'off';
  return { rules, ruleSettings, ruleOptions };
}

/** The configuration as it applies, for --print-config: every rule with its effective setting. */
export function printableConfig(all: Rule[], config: Config, resolved: ReturnType<typeof resolveRules>): Record<string, unknown> {
  const running = new Set(resolved.rules.map((r) => r.meta.id));
  const rules: Record<string, RuleSetting> = {};
  for (const r of all) {
    const level = !running.has(r.meta.id) ? 'off' : (resolved.ruleSettings[r.meta.id] ?? r.meta.severity);
    const options = resolved.ruleOptions[r.meta.id];
    rules[r.meta.id] = options && level !== 'off' ? [level, options] : level;
  }
  return {
    ...(config.source ? { source: config.source } : {}),
    rules,
    ignore: config.ignore ?? [],
    ...(config.organizations ? { organizations: config.organizations } : {}),
    ...(config.projects ? { projects: config.projects } : {}),
    ...(config.hostnames ? { hostnames: config.hostnames } : {}),
  };
}
