// Evaluation limits: a hostile module must cost bounded time and memory, and each limit hit
// is reported once per place instead of hanging or throwing.
import { type Range, placeName } from '../core/source.js';
import type { Diagnostic } from '../core/resource.js';
import { type UnknownValue, unknown } from '../core/value.js';

export const LIMITS = {
  /** Elements produced by one count, for_each, for expression or range(). */
  maxExpansion: 10_000,
  /** Characters in one string value: past IAM's limits (a 1 MB condition value still reaches trust-policy-size), bounded against doubling. */
  maxStringLength: 4 * 1024 * 1024,
  /** Nesting of expression evaluation (function calls, nested for, references through references). */
  maxDepth: 200,
  /** Module calls from the root to a leaf. */
  maxModuleDepth: 16,
  /** Bytes read by one file()/templatefile() call and by a module file. */
  maxFileBytes: 5 * 1024 * 1024,
  /** Total evaluation steps for one root module. */
  maxSteps: 2_000_000,
};

export class Budget {
  readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  depth = 0;
  steps = 0;

  /** Report something once per (message, place). */
  report(d: Diagnostic): void {
    const key = `${d.code}|${d.message}|${d.range && placeName(d.range)}:${d.range?.start.offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.diagnostics.push(d);
  }

  note(message: string, range?: Range, severity: Diagnostic['severity'] = 'note'): void {
    const d: Diagnostic = { code: 'evaluation', severity, message };
    if (range) d.range = range;
    this.report(d);
  }

  /** An unknown value for a limit hit, with a diagnostic naming what was skipped. */
  exceeded(what: string, range?: Range): UnknownValue {
    this.note(`evaluation limit: ${what}; the value is treated as unknown`, range, 'warning');
    return unknown(`evaluation limit: ${what}`, range);
  }

  /**
   * Count what a function produced as steps (one per element, one per 100 characters), so that
   * loops over functions that build large values stop at the step budget, not at the heap limit.
   */
  charge(n: number): boolean {
    this.steps += n;
    return this.steps <= LIMITS.maxSteps;
  }

  /** Count one evaluation step; false once the total budget is spent. */
  step(): boolean {
    this.steps++;
    return this.steps <= LIMITS.maxSteps;
  }
}
