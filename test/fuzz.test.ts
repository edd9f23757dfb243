// Seeded fuzzing (fast-check): mutated fixtures — broken syntax, stray brackets and quotes, NUL
// bytes, invalid UTF-8, repeated slices that nest deeply, truncations — never crash the HCL and
// JSON readers, the evaluator or the trust engine, never hang past a budget, and never lose the
// finding of an untouched file beside them. CI runs a few seeded cases; `npm run fuzz` runs many
// (FUZZ_RUNS, FUZZ_SEED). A failure prints the seed and path that reproduce it.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { initHcl, parseHcl } from '../src/parse/hcl.js';
import { fileLocator, parseJsonText } from '../src/parse/json.js';
import { SourceFile } from '../src/core/source.js';
import type { Finding } from '../src/core/finding.js';
import { matchValue } from '../src/trust/operators.js';
import { tf, writeTree } from '../src/testing/tf.js';
import { placeName } from '../src/core/source.js';
import { tfcTrustJson } from '../src/testing/rule-cases.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
/** Cases per property: few in CI, FUZZ_RUNS with `npm run fuzz`. */
const runs = (ci: number) => (RUNS > 0 ? RUNS : ci);
/** One scan of a mutated file must finish within this; a slower one counts as a hang. */
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 20_000);
/** Per test: a long `npm run fuzz` takes minutes on a busy machine. */
const TIMEOUT = RUNS > 0 ? 3_600_000 : 120_000;

const control = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  resource "aws_iam_role" "control" {
    name = "control"
    assume_role_policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }, Action = "sts:AssumeRoleWithWebIdentity" }]
    })
  }
`;

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');
const SEEDS: { name: string; text: string }[] = [
  { name: 'main.tf', text: read('fixtures/seed/main.tf') },
  { name: 'main.tf', text: read('fixtures/secure/main.tf') },
  {
    name: 'trust.json',
    text: tfcTrustJson('organization:acme:project:*:workspace:*:run_phase:*'),
  },
];

/** Fragments that break parsers in interesting ways. */
const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '"',
  '\\',
  '${',
  '%{',
  '<<EOF\n',
  '\nEOF\n',
  '#',
  '/*',
  '*/',
  '\u0000',
  '\ufeff',
  '\r\n',
  '*',
  '?',
  ':',
  ',',
  '=',
  'jsonencode(',
  'local.x',
  'module "m" {\n source = "./"\n}\n',
  '\ud800',
  '\u202e',
];

type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'repeat'; at: number; length: number; times: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'bytes'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
    times: fc.integer({ min: 2, max: 3000 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
);

/** Apply mutations to a seed; the result is bytes (invalid UTF-8 is one of the mutations). */
function mutate(text: string, ms: Mutation[]): Buffer {
  let b = Buffer.from(text, 'utf8');
  for (const m of ms) {
    const at = b.length ? m.at % (b.length + 1) : 0;
    if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text, 'utf8'), b.subarray(at)]);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.kind === 'repeat')
      b = Buffer.concat([
        b.subarray(0, at),
        Buffer.from(
          b
            .subarray(at, at + m.length)
            .toString('latin1')
            .repeat(m.times),
          'latin1',
        ),
        b.subarray(at),
      ]);
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(m.bytes), b.subarray(at)]);
  }
  return b;
}

const mutated = fc.record({ seed: fc.nat({ max: SEEDS.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) });

function withBudget<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${BUDGET_MS} ms`)), BUDGET_MS))),
  ]).finally(() => clearTimeout(timer));
}

beforeAll(() => initHcl());

describe('fuzzing the readers (seeded)', () => {
  it(
    'the JSON reader never throws on mutated documents',
    () => {
      fc.assert(
        fc.property(mutated, ({ seed, mutations }) => {
          const text = mutate(SEEDS[2].text, mutations).toString('utf8');
          const file = new SourceFile('trust.json', '/fuzz/trust.json', text);
          const r = parseJsonText(text, fileLocator(file));
          expect(r.value !== undefined || r.errors.length > 0 || text.trim() === '').toBe(true);
          void seed;
        }),
        { seed: SEED, numRuns: runs(200) },
      );
    },
    TIMEOUT,
  );

  it(
    'the HCL reader never throws on mutated files',
    () => {
      fc.assert(
        fc.property(mutated, ({ seed, mutations }) => {
          const text = mutate(SEEDS[seed % 2].text, mutations).toString('utf8');
          const { root, diagnostics } = parseHcl(new SourceFile('main.tf', '/fuzz/main.tf', text));
          expect(root).toBeDefined();
          for (const d of diagnostics) expect(d.code).toBe('parse-error');
          root.tree.delete();
        }),
        { seed: SEED, numRuns: runs(60) },
      );
    },
    TIMEOUT,
  );

  it(
    'wildcard matching agrees with a reference and never throws',
    () => {
      const reference = (p: string, s: string) =>
        new RegExp(
          `^${p
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[\\s\\S]*')
            .replace(/\?/g, '[\\s\\S]')}$`,
        ).test(s);
      const alphabet = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?', ':'), maxLength: 12 });
      fc.assert(
        fc.property(alphabet, fc.string({ unit: fc.constantFrom('a', 'b', ':'), maxLength: 12 }), (p, s) => {
          expect(matchValue(p, s, 'glob') === true).toBe(reference(p, s));
        }),
        { seed: SEED, numRuns: runs(300) },
      );
    },
    TIMEOUT,
  );
});

const brief = (f: Finding) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column} ${f.message}`;
const baselines = new Map<number, string[]>();

/** The findings of an untouched copy of a seed, scanned alone. */
async function untouched(seed: number): Promise<string[]> {
  if (!baselines.has(seed)) {
    const s = SEEDS[seed];
    const tree = writeTree({ [`copy/${s.name}`]: s.text });
    try {
      const r = await lint(['.'], { cwd: tree.dir, env: {}, prefilter: false });
      baselines.set(seed, r.findings.map(brief));
    } finally {
      tree.cleanup();
    }
  }
  return baselines.get(seed)!;
}

describe('fuzzing the whole scan (seeded)', () => {
  it(
    'a mutated file never crashes the scan, never hangs, and the untouched file beside it keeps its finding',
    async () => {
      await fc.assert(
        fc.asyncProperty(mutated, async ({ seed, mutations }) => {
          const s = SEEDS[seed];
          // Beside it: a fixed control, and an untouched copy of the same seed, whose addresses are
          // the mutated file's own (one root's broken copy must not change another root's findings).
          const copy = `copy/${s.name}`;
          const tree = writeTree({ 'control/main.tf': control, [copy]: s.text, [`mutated/${s.name}`]: mutate(s.text, mutations) });
          try {
            const result = await withBudget(lint(['.'], { cwd: tree.dir, env: {}, prefilter: false }), 'the scan');
            expect(result.findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
            expect(
              result.findings.filter((f) => f.ruleId === 'require-sub-condition' && placeName(f.range) === 'control/main.tf'),
            ).toHaveLength(1);
            expect(result.findings.filter((f) => placeName(f.range) === copy).map(brief)).toEqual(await untouched(seed));
            expect(result.findings.every((f) => !/call stack/i.test(f.message))).toBe(true);
          } finally {
            tree.cleanup();
          }
        }),
        { seed: SEED, numRuns: runs(12) },
      );
    },
    TIMEOUT,
  );
});
