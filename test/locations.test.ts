// A file is told from a live AWS resource by the type of its range (src/core/source.ts), not by
// its name. Before, a range whose path began with "arn:" was taken for a live resource: a real
// file named like an ARN lost its SARIF physicalLocation and its GitHub annotation's place, and
// naming it on the command line (pre-commit) dropped every finding in it. Real files, real CLI.
import { describe, expect, it } from 'vitest';
import { cli } from '../src/testing/cli.js';
import { writeTree } from '../src/testing/tf.js';
import { type Range, isLive, placeName } from '../src/core/source.js';
import { inScope } from '../src/engine/changed.js';
import type { Finding } from '../src/core/finding.js';
import { ArnSource } from '../src/fix/live-model.js';
import { tfcTrustJson } from '../src/testing/rule-cases.js';

const DIR = 'arn:aws:iam::123456789012:role';
const PATH = `${DIR}/legacy-trust.json`;
const TRUST = tfcTrustJson('organization:*:project:p:workspace:w:run_phase:apply');
// The wildcard's line in the file as written above.
const SUB_LINE = TRUST.split('\n').findIndex((l) => l.includes('organization:*')) + 1;

async function inTree<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const t = writeTree({ [PATH]: TRUST });
  try {
    return await run(t.dir);
  } finally {
    t.cleanup();
  }
}

describe('a real file whose path begins with "arn:" is a file', () => {
  it('in JSON and SARIF: its path, and a physicalLocation on the wildcard line (not a logicalLocation)', async () => {
    await inTree(async (dir) => {
      const doc = JSON.parse((await cli(['.', '-f', 'json'], dir)).stdout) as {
        findings: { ruleId: string; file: string; range: { start: { line: number } } }[];
      };
      const org = doc.findings.find((f) => f.ruleId === 'no-wildcard-organization');
      expect(org).toMatchObject({ file: PATH, range: { start: { line: SUB_LINE } } });
      const log = JSON.parse((await cli(['.', '-f', 'sarif'], dir)).stdout) as {
        runs: {
          results: {
            ruleId: string;
            locations: { physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          }[];
        }[];
      };
      const result = log.runs[0].results.find((r) => r.ruleId === 'no-wildcard-organization')!;
      expect(result.locations).toEqual([
        {
          physicalLocation: expect.objectContaining({
            artifactLocation: { uri: `${encodeURIComponent(DIR)}/legacy-trust.json`, uriBaseId: '%SRCROOT%' },
            region: expect.objectContaining({ startLine: SUB_LINE }),
          }),
        },
      ]);
    });
  });

  it('in GitHub annotations: annotated at its file and line', async () => {
    await inTree(async (dir) => {
      const out = (await cli(['.', '-f', 'github'], dir)).stdout.split('\n');
      const org = out.find((l) => l.includes('title=no-wildcard-organization'));
      expect(org).toMatch(new RegExp(`^::error file=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole/legacy-trust\\.json,line=${SUB_LINE},`));
    });
  });

  it('named on the command line (pre-commit mode), its findings are reported, not dropped', async () => {
    await inTree(async (dir) => {
      const r = await cli([PATH, '-f', 'json'], dir);
      const doc = JSON.parse(r.stdout) as { findings: { ruleId: string; file: string }[] };
      expect(doc.findings.filter((f) => f.ruleId === 'no-wildcard-organization').map((f) => f.file)).toEqual([PATH]);
      expect(r.code).toBe(1);
    });
  });
});

describe('a live resource is no file', () => {
  const arn = 'arn:aws:iam::123456789012:role/x';
  const finding = (range: Range): Finding => ({
    ruleId: 'require-sub-condition',
    severity: 'critical',
    message: 'm',
    messageId: 'm',
    range,
    docsUrl: 'https://example.com',
  });

  it('ArnSource gives a LiveRange at the resource (1:1) whatever offsets it is asked for', () => {
    const r = new ArnSource(arn).range(5, 9);
    expect(isLive(r)).toBe(true);
    expect(r).toEqual({ arn, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } });
    expect(placeName(r)).toBe(arn);
  });

  it('is in no pre-commit scope, even one that names the directory a path of that name would be in', () => {
    const cwd = '/repo';
    const live = finding(new ArnSource(arn).range(0, 0));
    expect(inScope(live, { files: new Set([`${cwd}/${arn}`]), dirs: [cwd] }, cwd)).toBe(false);
    const at = { line: 1, column: 1, offset: 0 };
    const file = finding({ file: arn, start: at, end: at });
    expect(inScope(file, { files: new Set([`${cwd}/${arn}`]), dirs: [] }, cwd)).toBe(true);
    expect(inScope(file, { files: new Set(), dirs: [cwd] }, cwd)).toBe(true);
  });
});
