// The public API: lint(paths, options) and the types a caller needs.
export { lint } from './engine/lint.js';
export type { LintOptions, LintResult, LintStats } from './engine/types.js';
export type { Finding, Rule, RuleMeta, Severity, Witness, RelatedLocation } from './engine/rule.js';
export { SEVERITIES, defineRule } from './engine/rule.js';
export { rules, recommendedRules, findRule } from '../rules/index.js';
export type * from './model/types.js';
export type { Range, Position } from './parse/source.js';
export type { Value, Origin, Segment, SymbolRef } from './terraform/value.js';
export type { CallFrame, Diagnostic, ResourceInstance } from './terraform/types.js';
