// The rule registry, composed of one list per area (rules/sets/) so that areas grow independently.
// meta.test.ts keeps it, the rule files and their docs in step.
import type { Rule } from '../src/model/rule.js';
import core from './sets/core.js';
import providerPermissions from './sets/provider-permissions.js';
import suppressions from './sets/suppressions.js';
import trustPolicy from './sets/trust-policy.js';
import workspace from './sets/workspace-wiring.js';

export const rules: Rule[] = [...core, ...trustPolicy, ...providerPermissions, ...workspace, ...suppressions];

export const recommendedRules: Rule[] = rules.filter((r) => !r.meta.optIn);

export function findRule(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
