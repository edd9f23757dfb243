// The public API: lint(paths, options) and the types a caller needs.
export { lint } from './engine/lint.js';
export type { LintOptions, LintResult, LintStats } from './engine/types.js';
export type { Finding, RuleMeta, Severity, Witness, RelatedLocation } from './core/finding.js';
export type { Rule } from './model/rule.js';
export { SEVERITIES } from './core/finding.js';
export { defineRule } from './model/rule.js';
export { rules, recommendedRules, findRule } from '../rules/index.js';
export type * from './model/types.js';
export type { Range, Position } from './core/source.js';
export { InputError } from './core/errors.js';
export type { Value, Origin, Segment, SymbolRef } from './core/value.js';
export type { CallFrame, Diagnostic, ResourceInstance } from './core/resource.js';
