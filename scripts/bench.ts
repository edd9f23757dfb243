// `npm run bench`: generate synthetic repositories into a temporary folder and time, each in its
// own process against the built dist/: reading every file (the floor), tree-sitter on every file
// (a naive scan), and the linter itself (cold, --jobs 1 and 2, without the pre-filter, with a warm
// cache), a pre-commit run on one file, --version and --help. Shapes (docs/performance.md):
//   classic    mostly ordinary resources, few IAM roles outside the trust modules (1k/6k/20k files)
//   realistic  a service role in nearly every module, one module in twenty with a web-identity trust (6.1k/20k files)
//   dump       get-account-authorization-details output with URL-encoded documents (1k/9k roles)
//   bigtf      one .tf file of IAM policy heredocs, all attached to a web-identity role (2/10 MB)
// Choose with `npm run bench -- --shape realistic --sizes 6100 --quick` (--quick: one run per row,
// no naive parse, no --no-prefilter, no cache rows). Each row gives wall time and CPU time (user +
// system of the whole process, worker threads included): on a shared machine CPU time is the
// figure to compare. The run ends with the short table for the README (date, machine, load).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateAccountDump } from './account-dump.js';
import { generateBigTf } from './big-tf.js';
import { type Monorepo, generateMonorepo } from './monorepo.js';
import { generateRealistic } from './realistic.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const phaseScript = join(repo, 'scripts/bench-phase.mjs');
const bin = join(repo, 'bin/tfc-oidc-lint.js');
const { values: args } = parseArgs({
  options: {
    shape: { type: 'string', multiple: true },
    sizes: { type: 'string' },
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string' },
  },
});
const DEFAULT_SIZES: Record<string, number[]> = {
  classic: [1000, 6000, 20000],
  realistic: [6100, 20000],
  dump: [1000, 9000],
  bigtf: [2, 10],
};
const SHAPES = (args.shape ?? ['classic', 'realistic', 'dump', 'bigtf']).flatMap((s) => s.split(','));
for (const s of SHAPES) if (!DEFAULT_SIZES[s]) throw new Error(`unknown shape ${s}: classic, realistic, dump or bigtf`);
const SIZES = args.sizes ?? process.env.BENCH_SIZES;
/** `--sizes 600,2000` (every shape) or per shape: `--sizes realistic=600,dump=300,bigtf=1` (bigtf in MB). */
function sizesOf(shape: string): number[] {
  if (!SIZES) return DEFAULT_SIZES[shape];
  const parts = SIZES.split(',');
  if (!parts.some((p) => p.includes('='))) return parts.map(Number);
  const mine = parts.filter((p) => p.startsWith(`${shape}=`)).map((p) => Number(p.slice(shape.length + 1)));
  return mine.length ? mine : DEFAULT_SIZES[shape];
}
const QUICK = args.quick;
const REPEAT = args.repeat ? Number(args.repeat) : QUICK ? 1 : 3;

interface Measure {
  wallMs: number;
  ms: number;
  cpuMs: number;
  files: number;
  bytes: number;
  rssMB: number;
}

function node(args: string[], cwd = repo): { wallMs: number; stdout: string; stderr: string; status: number | null } {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { wallMs: performance.now() - t, stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** The median run of `REPEAT` by wall time. */
function phase(args: string[], repeat = REPEAT): Measure & { note: string } {
  const runs = Array.from({ length: repeat }, () => {
    const r = node([phaseScript, ...args]);
    if (r.status !== 0) throw new Error(`bench phase ${args.join(' ')} failed:\n${r.stderr}`);
    return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as Omit<Measure, 'wallMs'>), wallMs: r.wallMs, note: r.stderr.trim() };
  });
  runs.sort((a, b) => a.wallMs - b.wallMs);
  return runs[Math.floor(runs.length / 2)];
}

function median(f: () => number, n = QUICK ? 3 : 5): number {
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)];
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const rows: string[] = [];
const row = (...cells: (string | number)[]) => rows.push(`| ${cells.join(' | ')} |`);
/** The README's short table: one row per target the issue set. */
const short: string[] = [];
const shortRow = (what: string, m: { wallMs: number; cpuMs?: number; rssMB?: number }, floor: Measure | undefined, target: string) =>
  short.push(
    `| ${what} | ${fmt(m.wallMs / 1000)} | ${m.cpuMs === undefined ? '' : fmt(m.cpuMs / 1000)} | ${m.rssMB === undefined ? '' : Math.round(m.rssMB)} | ${floor ? `${fmt(m.wallMs / floor.wallMs, 1)} (CPU ${fmt(m.cpuMs! / floor.cpuMs, 1)})` : ''} | ${target} |`,
  );

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const date = new Date().toISOString().slice(0, 10);
const machine = `${availableParallelism()} cores (${cpu}), ${fmt(totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}, ${process.platform}`;
const loadBefore = loadavg()[0];
console.log(`# tfc-oidc-lint bench — ${date}`);
console.log(`machine: ${machine}; load average ${fmt(loadBefore)} at the start`);

row('repository', 'what', 'wall s', 'CPU s', 'files/s', 'MB/s', 'peak RSS MB', '× floor (wall)', '× floor (CPU)');
row('---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:');
for (const shape of SHAPES) {
  for (const size of sizesOf(shape)) {
    const dir = mkdtempSync(join(tmpdir(), `tfc-oidc-lint-bench-${shape}-${size}-`));
    try {
      if (shape === 'dump') benchDump(dir, size);
      else if (shape === 'bigtf') benchBigTf(dir, size);
      else benchRepo(dir, shape, size);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function benchRepo(dir: string, shape: string, size: number): void {
  const info: Monorepo = shape === 'realistic' ? generateRealistic(dir, size) : generateMonorepo(dir, size);
  const name = `${shape}: ${info.files} files, ${fmt(info.bytes / 2 ** 20, 1)} MB, ${info.modules} modules (${info.trustModules} with a trust setup)`;
  const floor = phase(['floor', dir]);
  const line = (what: string, m: Measure, wallMs = m.wallMs) =>
    row(
      name,
      what,
      fmt(wallMs / 1000),
      fmt(m.cpuMs / 1000),
      Math.round(info.files / (wallMs / 1000)),
      fmt(info.bytes / 2 ** 20 / (wallMs / 1000), 1),
      Math.round(m.rssMB),
      fmt(wallMs / floor.wallMs, 1),
      fmt(m.cpuMs / floor.cpuMs, 1),
    );
  line('floor: list and read every file', floor);
  if (!QUICK) line('naive: tree-sitter on every file', phase(['parse', dir], 1));
  const cold = phase(['scan', dir]);
  line(`**scan** (cold) — ${cold.note}`, cold);
  if (shape === 'realistic')
    shortRow(
      `realistic, ${info.files.toLocaleString('en')} files: scan`,
      cold,
      floor,
      size >= 20000 ? '≤ 3 s, ≤ 400 MB' : size >= 6000 ? '≤ 1.0 s, ≤ 8× floor' : '',
    );
  for (const jobs of ['1', '2']) {
    const j = phase(['scan', dir, '--jobs', jobs]);
    line(`scan --jobs ${jobs} — ${j.note}`, j);
  }
  if (!QUICK) {
    const off = phase(['scan', dir, '--no-prefilter'], 1);
    line(`scan --no-prefilter — ${off.note}`, off);
    const cache = join(dir, '.bench-cache');
    phase(['scan', dir, '--cache', cache], 1);
    const warm = phase(['scan', dir, '--cache', cache]);
    line(`scan, warm --cache — ${warm.note}`, warm);
  }
  const hook = median(() => node([bin, '--format', 'json', info.sampleFile], dir).wallMs);
  row(name, 'pre-commit: the CLI on one staged file', fmt(hook / 1000, 3), '', '', '', '', '', '');
  if (shape === 'realistic')
    shortRow(
      `realistic, ${info.files.toLocaleString('en')} files: pre-commit on one staged file`,
      { wallMs: hook },
      undefined,
      size >= 20000 ? '≤ 0.3 s' : '',
    );
  if (info.sampleTrustFile) {
    const trustHook = median(() => node([bin, '--format', 'json', info.sampleTrustFile!], dir).wallMs);
    row(name, 'pre-commit: one staged file of a trust module', fmt(trustHook / 1000, 3), '', '', '', '', '', '');
  }
}

function benchDump(dir: string, roles: number): void {
  mkdirSync(dir, { recursive: true });
  const info = generateAccountDump(join(dir, 'account-authorization-details.json'), roles);
  const name = `dump: ${roles} roles (${info.trustRoles} web-identity), ${fmt(info.bytes / 2 ** 20, 1)} MB`;
  const floor = phase(['floor', dir]);
  const line = (what: string, m: Measure) =>
    row(
      name,
      what,
      fmt(m.wallMs / 1000),
      fmt(m.cpuMs / 1000),
      '',
      fmt(info.bytes / 2 ** 20 / (m.wallMs / 1000), 1),
      Math.round(m.rssMB),
      fmt(m.wallMs / floor.wallMs, 1),
      fmt(m.cpuMs / floor.cpuMs, 1),
    );
  line('floor: list and read the file', floor);
  const scan = phase(['scan', dir]);
  line(`**scan** — ${scan.note}`, scan);
  shortRow(
    `account dump, ${roles.toLocaleString('en')} roles (${fmt(info.bytes / 2 ** 20, 1)} MB)`,
    scan,
    floor,
    roles >= 9000 ? '≤ 2 s, ≤ 500 MB' : '',
  );
}

function benchBigTf(dir: string, mb: number): void {
  const info = generateBigTf(dir, mb);
  const name = `bigtf: one ${fmt(info.bytes / 2 ** 20, 1)} MB .tf, ${info.policies} policy heredocs`;
  const floor = phase(['floor', dir]);
  const line = (what: string, m: Measure) =>
    row(
      name,
      what,
      fmt(m.wallMs / 1000),
      fmt(m.cpuMs / 1000),
      '',
      fmt(info.bytes / 2 ** 20 / (m.wallMs / 1000), 1),
      Math.round(m.rssMB),
      fmt(m.wallMs / floor.wallMs, 1),
      fmt(m.cpuMs / floor.cpuMs, 1),
    );
  line('floor: read the file', floor);
  const scan = phase(['scan', dir]);
  line(`**scan** — ${scan.note}`, scan);
  shortRow(`one ${fmt(info.bytes / 2 ** 20, 1)} MB .tf of IAM policy heredocs`, scan, floor, mb >= 10 ? '≤ 600 MB' : '');
}

const startup: Record<string, number> = {};
for (const flag of ['--version', '--help']) {
  startup[flag] = median(() => node([bin, flag]).wallMs, 9);
  row('—', `\`tfc-oidc-lint ${flag}\``, fmt(startup[flag] / 1000, 3), '', '', '', '', '', '');
}
const bare = median(() => node(['-e', '']).wallMs, 9);
row('—', '`node -e ""` (Node start-up alone)', fmt(bare / 1000, 3), '', '', '', '', '', '');
short.push(`| \`--version\` (Node alone: ${fmt(bare / 1000, 3)} s) | ${fmt(startup['--version'] / 1000, 3)} | | | | ≤ Node + 0.05 s |`);

console.log('');
console.log(rows.join('\n'));
console.log(
  `\nwall: the whole process, start-up included (median of ${REPEAT} by wall time; naive parse and --no-prefilter once). CPU: user + system time of that run's process. × floor: over listing and reading every file, measured in the same minute.`,
);
console.log(`\n## Short table (for the README)\n`);
console.log(
  `Measured ${date} on ${machine}; load average ${fmt(loadBefore)} at the start, ${fmt(loadavg()[0])} at the end (\`npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}\`).\n`,
);
console.log('| what | wall s | CPU s | peak RSS MB | × floor | target |');
console.log('|---|---:|---:|---:|---:|---|');
console.log(short.join('\n'));
