// The recall corpus (fixtures/recall/<case>/expect.yaml): every finding a reviewer marked is
// reported at its rule, file and line, and a clean control has nothing at severity low or above
// (nor has a case marked `exhaustive: true` anything beyond its labels).
import { describe, expect, it } from 'vitest';
import { labelText, loadRecallCases, runRecallCase } from '../src/testing/recall-corpus.js';
import { placeName } from '../src/core/source.js';

const CASES = loadRecallCases('fixtures/recall');

it('the corpus has cases that must fire and clean controls', () => {
  expect(CASES.some((c) => c.findings.length > 0)).toBe(true);
  expect(CASES.some((c) => c.findings.length === 0)).toBe(true);
});

describe.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  if (c.findings.length) {
    it(`reports every labelled finding: ${c.description}`, async () => {
      const r = await runRecallCase(c);
      expect(r.missed.map(labelText)).toEqual([]);
      if (c.exhaustive)
        expect(r.extra.map((f) => `${f.ruleId} ${placeName(f.range)}:${f.range.start.line} ${f.severity}: ${f.message}`)).toEqual([]);
    });
  } else {
    it(`stays quiet at severity low and above: ${c.description}`, async () => {
      const r = await runRecallCase(c);
      expect(r.extra.map((f) => `${f.ruleId} ${placeName(f.range)}:${f.range.start.line} ${f.severity}: ${f.message}`)).toEqual([]);
    });
  }
});
