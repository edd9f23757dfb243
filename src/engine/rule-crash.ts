// The engine's side of internal-error: the rule (rules/internal-error.ts), which the engine runs
// after every other one, and the one-line reason of a crash that its diagnostics carry.
export { default, INTERNAL_ERROR, projectRange } from '../../rules/internal-error.js';
export { crashReason as reasonOf } from '../core/crash.js';
