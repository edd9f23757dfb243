import { describe, expect, it } from 'vitest';
import { LIMITS } from './budget.js';
import { evalArgs, evaluateFiles } from '../testing/terraform.js';

describe('evaluation limits', () => {
  it('caps a for expansion and reports what was skipped', async () => {
    const r = await evalArgs(
      '  a = [for i in local.big : i]',
      `locals {\n  big = [for i in range(${LIMITS.maxExpansion}) : [i, i]]\n  huge = flatten(local.big)\n}\nresource "t" "u" {\n  b = [for i in local.huge : i]\n}`,
    );
    expect(r.v('a').kind).toBe('list');
    const b = r.arg('t.u', 'b');
    expect(b.kind).toBe('unknown');
    expect(r.diagnostics.some((d) => /flatten\(\): a list of more than 10000 elements/.test(d.message))).toBe(true);
  });

  it('caps string growth instead of building a huge string', async () => {
    const r = await evalArgs('  a = join("", [for i in range(5000) : local.s])', `locals {\n  s = "${'x'.repeat(1000)}"\n}`);
    expect(r.v('a').kind).toBe('unknown');
    expect(r.diagnostics.some((d) => /join\(\) result longer than/.test(d.message))).toBe(true);
    const big = await evalArgs(
      '  a = "%{ for i in range(5000) }${local.s}%{ endfor }"'.replace('${local.s}', '$' + '{local.s}'),
      `locals {\n  s = "${'x'.repeat(1000)}"\n}`,
    );
    expect(big.v('a').kind).toBe('unknown');
    expect(big.diagnostics.some((d) => /string longer than/.test(d.message))).toBe(true);
  });

  it('stops at the nesting limit for deeply nested expressions without a stack overflow', async () => {
    const depth = 1000;
    const r = await evalArgs(`  a = ${'['.repeat(depth)}1${']'.repeat(depth)}`);
    expect(r.diagnostics.some((d) => /nesting deeper than/.test(d.message))).toBe(true);
  });

  it('names a variable without a value as unknown rather than guessing', async () => {
    const r = await evaluateFiles({ 'main.tf': 'variable "org" {}\nresource "t" "r" {\n  sub = "organization:${var.org}:*"\n}\n' });
    const sub = r.arg('t.r', 'sub');
    if (sub.kind !== 'string') throw new Error('not a string');
    expect(sub.segments?.find((s) => s.unknown)?.unknown?.reason).toMatch(/var\.org has no value/);
  });
});
