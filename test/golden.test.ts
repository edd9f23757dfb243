// Golden files: the json and sarif reporters' output on every scenario folder, produced by the CLI's
// own run() from the repository root. `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` rewrites
// them. They live in fixtures/expected/<scenario>.{json,sarif}, beside the scenario folders rather
// than in them, so that scanning one scenario never reads its own expected output as input.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import { cli } from '../src/testing/cli.js';
import { sarifSchemaErrors } from '../src/testing/sarif-schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures');
const GOLDEN_DIR = join(FIXTURES, 'expected');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Stands in for the package version, so that a release does not change every golden file. */
const GOLDEN_VERSION = '0.0.0-golden';
const FORMATS = ['json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Every scenario folder: the folders of fixtures/ but the inputs collection, the recall corpus (test/recall.test.ts) and the goldens themselves. */
const SCENARIOS = readdirSync(FIXTURES)
  .filter((n) => n !== 'inputs' && n !== 'expected' && n !== 'recall' && statSync(join(FIXTURES, n)).isDirectory())
  .sort();

/** Replaces what differs from run to run (the duration, the tool version) with fixed values; keeps the rest. */
function normalise(format: Format, text: string): string {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (format === 'json') {
    const d = doc as { tool: { version: string }; summary: { durationMs: number } };
    d.tool.version = GOLDEN_VERSION;
    d.summary.durationMs = 0;
  } else {
    for (const run of (doc as unknown as Log).runs) {
      run.tool.driver.version = GOLDEN_VERSION;
      run.tool.driver.semanticVersion = GOLDEN_VERSION;
      // Each rule's help is its whole doc (rules/docs.test.ts pins those); keep the goldens about results.
      for (const rule of run.tool.driver.rules ?? []) if (rule.help?.markdown) rule.help.markdown = `rules/${rule.id}.md`;
    }
  }
  // The reporters write two-space JSON with a final newline; so do we, so the files read the same.
  return JSON.stringify(doc, null, 2) + '\n';
}

const goldenPath = (scenario: string, format: Format) => join(GOLDEN_DIR, `${scenario}.${format}`);

async function produce(scenario: string, format: Format): Promise<{ code: number; stderr: string; text: string }> {
  // An empty environment: no TF_VAR_* or NO_COLOR of the machine running the tests leaks in.
  const r = await cli([`fixtures/${scenario}`, '--format', format], ROOT, {});
  return { code: r.code, stderr: r.stderr, text: normalise(format, r.stdout) };
}

it('covers the scenario folders the design names, and no golden file is left without its folder', () => {
  expect(SCENARIOS).toEqual(
    expect.arrayContaining([
      'seed',
      'secure',
      'other-issuers',
      'module-chain',
      'tfvars-for-each',
      'org-wide-wildcard',
      'deny-narrows-allow',
      'second-allow-loose',
      'tfe-wiring-mismatch',
      'static-keys-next-to-dynamic',
      'tfe-private-ca',
    ]),
  );
  const expected = SCENARIOS.flatMap((s) => FORMATS.map((f) => `${s}.${f}`)).sort();
  const present = existsSync(GOLDEN_DIR) ? readdirSync(GOLDEN_DIR) : [];
  // Updating also removes the goldens of a scenario folder that was deleted or renamed.
  if (UPDATE) return present.filter((n) => !expected.includes(n)).forEach((n) => unlinkSync(join(GOLDEN_DIR, n)));
  expect(present.sort()).toEqual(expected);
});

describe.each(SCENARIOS)('fixtures/%s', (scenario) => {
  it.each(FORMATS)('the %s report equals its golden file', async (format) => {
    const { code, stderr, text } = await produce(scenario, format);
    // A tool error would make a golden of an error message: the run itself must succeed.
    expect(stderr).toBe('');
    expect([0, 1]).toContain(code);
    // Paths are relative to the repository root, so the files hold nothing of this machine.
    expect(text).not.toContain(ROOT);
    const file = goldenPath(scenario, format);
    if (UPDATE) {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(file, text);
      return;
    }
    expect(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBe(true);
    const golden = readFileSync(file, 'utf8');
    // Compare the documents first for a readable diff, then the text for key order and layout.
    expect(JSON.parse(text)).toEqual(JSON.parse(golden));
    expect(text).toBe(golden);
  });

  it('the golden SARIF is valid SARIF 2.1.0 and agrees with the golden JSON', () => {
    const log = JSON.parse(readFileSync(goldenPath(scenario, 'sarif'), 'utf8')) as Log;
    expect(sarifSchemaErrors(log)).toEqual([]);
    const report = JSON.parse(readFileSync(goldenPath(scenario, 'json'), 'utf8')) as {
      findings: { ruleId: string; range: { start: { line: number; column: number } } }[];
      suppressed: unknown[];
    };
    // Open findings first, then suppressed ones, as the SARIF reporter lists them.
    const open = (log.runs[0].results ?? []).filter((r) => !r.suppressions?.length);
    expect(
      open.map((r) => [
        r.ruleId,
        r.locations?.[0]?.physicalLocation?.region?.startLine,
        r.locations?.[0]?.physicalLocation?.region?.startColumn,
      ]),
    ).toEqual(report.findings.map((f) => [f.ruleId, f.range.start.line, f.range.start.column]));
    expect((log.runs[0].results ?? []).length).toBe(report.findings.length + report.suppressed.length);
  });
});

it('no scenario folder holds expected output that a scan would read as input', () => {
  for (const s of SCENARIOS) {
    const names = readdirSync(join(FIXTURES, s));
    expect(
      names.filter((n) => /^expected/.test(n) || /\.sarif$/.test(n)),
      s,
    ).toEqual([]);
  }
});
