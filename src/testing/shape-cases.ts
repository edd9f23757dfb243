// Table-driven rule tests over every source shape (allShapes): each case must fire at the
// decisive text with the expected witness, or stay quiet, in every shape it names.
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../core/finding.js';
import type { LintOptions } from '../engine/types.js';
import { lintTree } from './lint-tree.js';
import { type Shape, type TrustSpec, allShapes } from './shapes.js';

export interface ShapeCase {
  name: string;
  spec: TrustSpec;
  /** Text the finding's range must contain (or equal, with `exact`). */
  at?: string;
  messageId?: string;
  severity?: Severity;
  witness?: { kind: 'accepted' | 'rejected'; sub?: RegExp; iss?: RegExp };
  /** Words the message must contain. */
  says?: string[];
  /** Shapes to run (by name); default all six. */
  only?: string[];
  options?: LintOptions;
}

function shapesOf(c: ShapeCase): Shape[] {
  return allShapes(c.spec).filter((s) => !c.only || c.only.includes(s.name));
}

export function firesOnEveryShape(rule: string, cases: ShapeCase[]): void {
  describe.each(cases)(`${rule} fires: $name`, (c) => {
    it.each(shapesOf(c).map((s) => [s.name, s] as const))('%s', async (_n, shape) => {
      const r = await lintTree(shape.files, c.options);
      const found = r.findings.filter((f) => f.ruleId === rule && (!c.messageId || f.messageId === c.messageId));
      expect(found.length, JSON.stringify(r.findings.map((f) => [f.ruleId, f.messageId, f.message]))).toBeGreaterThanOrEqual(1);
      const f: Finding = found[0];
      expect(f.range.approximate ?? false).toBe(false);
      if (c.at) expect(r.text(f.range.file, f.range)).toContain(c.at);
      if (c.severity) expect(f.severity).toBe(c.severity);
      if (c.witness) {
        expect(f.witness?.kind).toBe(c.witness.kind);
        if (c.witness.sub) expect(f.witness?.sub).toMatch(c.witness.sub);
        if (c.witness.iss) expect(f.witness?.iss).toMatch(c.witness.iss);
      }
      for (const w of c.says ?? []) expect(f.message).toContain(w);
    });
  });
}

export function quietOnEveryShape(rule: string, cases: ShapeCase[]): void {
  describe.each(cases)(`${rule} stays quiet: $name`, (c) => {
    it.each(shapesOf(c).map((s) => [s.name, s] as const))('%s', async (_n, shape) => {
      const r = await lintTree(shape.files, c.options);
      expect(r.findings.filter((f) => f.ruleId === rule).map((f) => f.message)).toEqual([]);
      expect(r.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    });
  });
}
