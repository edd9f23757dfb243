// `npm run bench`: generate the synthetic monorepos (1,000 / 6,000 / 20,000 files) into a
// temporary folder and time, each in its own process against the built dist/: reading every
// file (the floor), tree-sitter on every file (a naive scan), and the linter itself (cold,
// without the pre-filter, with a warm cache), a pre-commit run on one file, --version and --help.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMonorepo } from './monorepo.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const phaseScript = join(repo, 'scripts/bench-phase.mjs');
const bin = join(repo, 'bin/tfc-oidc-lint.js');
const SIZES = (process.env.BENCH_SIZES ?? '1000,6000,20000').split(',').map(Number);
const REPEAT = 3;

interface Measure {
  wallMs: number;
  ms: number;
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

function median(f: () => number, n = 5): number {
  const xs = Array.from({ length: n }, f).sort((a, b) => a - b);
  return xs[Math.floor(n / 2)];
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const rows: string[] = [];
const row = (...cells: (string | number)[]) => rows.push(`| ${cells.join(' | ')} |`);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`# tfc-oidc-lint bench — ${new Date().toISOString().slice(0, 10)}`);
console.log(`machine: ${availableParallelism()} cores (${cpu}), ${fmt(totalmem() / 2 ** 30, 1)} GB RAM, Node ${process.version}, ${process.platform}`);

row('repository', 'what', 'wall s', 'files/s', 'MB/s', 'peak RSS MB', '× floor');
row('---', '---', '---:', '---:', '---:', '---:', '---:');
for (const size of SIZES) {
  const dir = mkdtempSync(join(tmpdir(), `tfc-oidc-lint-bench-${size}-`));
  try {
    const info = generateMonorepo(dir, size);
    const name = `${info.files} files, ${fmt(info.bytes / 2 ** 20, 1)} MB, ${info.modules} modules (${info.trustModules} with a trust setup)`;
    const floor = phase(['floor', dir]);
    const line = (what: string, m: Measure, wallMs = m.wallMs) =>
      row(name, what, fmt(wallMs / 1000), Math.round(info.files / (wallMs / 1000)), fmt(info.bytes / 2 ** 20 / (wallMs / 1000), 1), Math.round(m.rssMB), fmt(wallMs / floor.wallMs, 1));
    line('floor: list and read every file', floor);
    line('naive: tree-sitter on every file', phase(['parse', dir], 1));
    const cold = phase(['scan', dir]);
    line(`**scan** (cold) — ${cold.note}`, cold);
    const off = phase(['scan', dir, '--no-prefilter'], 1);
    line(`scan --no-prefilter — ${off.note}`, off);
    const cache = join(dir, '.bench-cache');
    phase(['scan', dir, '--cache', cache], 1);
    const warm = phase(['scan', dir, '--cache', cache]);
    line(`scan, warm --cache — ${warm.note}`, warm);
    const hook = median(() => node([bin, '--format', 'json', info.sampleFile], dir).wallMs);
    row(name, 'pre-commit: the CLI on one staged file', fmt(hook / 1000, 3), '', '', '', '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
for (const flag of ['--version', '--help']) row('—', `\`tfc-oidc-lint ${flag}\``, fmt(median(() => node([bin, flag]).wallMs, 9) / 1000, 3), '', '', '', '');
row('—', '`node -e ""` (Node start-up alone)', fmt(median(() => node(['-e', '']).wallMs, 9) / 1000, 3), '', '', '', '');

console.log('');
console.log(rows.join('\n'));
console.log('\nwall: the whole process, start-up included (median of 3; naive parse and --no-prefilter once); × floor: wall time over the floor\'s.');
