// Evaluating the modules of a scan: from the cache when it has them, in a worker pool when
// there is enough to parse to pay for the workers, else here, one after the other.
import { availableParallelism } from 'node:os';
import { displayPath } from '../discover/paths.js';
import { modelWants } from '../model/extract.js';
import { SourceFile } from '../core/source.js';
import { evaluateModule, type ModuleEvaluation } from '../terraform/index.js';
import { initHcl } from '../parse/hcl.js';
import type { EvaluationCache } from './cache.js';
import { reasonOf } from './rule-crash.js';
import { type Encoded, type FileData, decode, encode } from './codec.js';
import { WorkerPool, WorkerTimeout, workerScript } from './pool.js';

/** Everything an evaluation depends on besides the module's files; plain data, for workers too. */
export interface EvalSettings {
  cwd: string;
  rootDir: string;
  vars?: Record<string, string>;
  /** Absolute. */
  varFiles: string[];
  /** Only `TF_VAR_*`: the evaluator reads nothing else from the environment. */
  env: Record<string, string>;
  /** Parse only the blocks the model needs in large files (off with --no-prefilter). */
  lazy?: boolean;
}

export interface ModuleJob {
  dir: string;
  files: SourceFile[];
  /** Only with --no-prefilter: a module the pre-filter would have left out (no web-identity evidence, no tie to one). */
  outOfScope?: boolean;
}

export interface WorkerTask {
  dir: string;
  files: FileData[];
}

/**
 * Below this many bytes to parse, starting workers (each loads the grammar and the evaluator)
 * costs more than it saves. Measured on the shared 2-core machine (docs/performance.md): with the
 * web-identity pre-filter a realistic 20,000-file scan keeps about 1 MB and `--jobs 2` was slower
 * than one thread (+35% wall, +40% CPU); even parsing everything (8 MB, `--no-prefilter`) two
 * workers did not beat one while the machine was busy. So the pool starts only for large parse work.
 */
export const POOL_MIN_BYTES = 4_000_000;
/** Give each worker at least this much to parse. */
const BYTES_PER_WORKER = 2_000_000;

export { tfVarEnv } from './tf-vars.js';

/** Compile the grammar ahead of the first module (src/engine/lint.ts starts it while files are read). */
export function prepareEvaluator(): Promise<void> {
  return initHcl();
}

/**
 * Evaluate one module in this thread. A crash of the evaluator on this module becomes an
 * internal-error diagnostic at its first file; the other modules are evaluated as usual.
 */
export async function evaluateHere(job: ModuleJob, s: EvalSettings): Promise<ModuleEvaluation> {
  try {
    return await evaluateModule(
      { dir: job.dir, files: job.files },
      {
        rootDir: s.rootDir,
        vars: s.vars,
        varFiles: s.varFiles,
        env: s.env,
        displayPath: (abs) => displayPath(abs, s.cwd),
        wanted: modelWants,
        lazy: s.lazy,
      },
    );
  } catch (err) {
    const first = [...job.files].sort((a, b) => (a.path < b.path ? -1 : 1))[0];
    return {
      resources: [],
      diagnostics: [
        {
          code: 'internal-error',
          severity: 'error',
          message: `The evaluator crashed on module ${displayPath(job.dir, s.cwd) || '.'}, so its findings are missing: ${reasonOf(err)}`,
          ...(first
            ? { range: { file: first.path, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } }
            : { file: displayPath(job.dir, s.cwd) }),
        },
      ],
      files: [],
      calledDirs: [],
    };
  }
}

export const fileData = (f: SourceFile): FileData => ({ path: f.path, absPath: f.absPath, text: f.text });

export interface EvaluateAllOptions {
  settings: EvalSettings;
  /** 1: never a pool; more: a pool of that many workers; unset: decided by the work there is. */
  jobs?: number;
  cache?: EvaluationCache;
}

export interface EvaluateAllStats {
  cacheHits: number;
  workers: number;
}

/** One SourceFile per file across the run: decoded results reuse the ones read here. */
function fileFactory(jobs: ModuleJob[]): (f: FileData) => SourceFile {
  const known = new Map<string, SourceFile>();
  for (const j of jobs) for (const f of j.files) known.set(f.absPath, f);
  return (f) => {
    const k = known.get(f.absPath);
    if (k && k.text === f.text && k.path === f.path) return k;
    const made = new SourceFile(f.path, f.absPath, f.text);
    // Pseudo files (`env:TF_VAR_x`) are per evaluation; files on disk are shared.
    if (!k) known.set(f.absPath, made);
    return made;
  };
}

export async function evaluateAll(
  jobs: ModuleJob[],
  opts: EvaluateAllOptions,
): Promise<{ evaluations: ModuleEvaluation[]; stats: EvaluateAllStats }> {
  const s = opts.settings;
  const fileFor = fileFactory(jobs);
  const results = new Array<ModuleEvaluation | undefined>(jobs.length);
  const keys = new Array<string | undefined>(jobs.length);
  let cacheHits = 0;
  const todo: number[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const key = opts.cache?.key(jobs[i], s);
    keys[i] = key;
    const hit = key === undefined ? undefined : opts.cache!.get(key);
    if (hit && (results[i] = decodeOrUndefined(hit, fileFor))) cacheHits++;
    else todo.push(i);
  }

  const bytes = todo.reduce((n, i) => n + jobs[i].files.reduce((m, f) => m + f.text.length, 0), 0);
  const size = poolSize(opts.jobs, bytes, todo.length);
  const script = size > 1 ? workerScript() : undefined;
  let workers = 0;
  const here = async (i: number) => {
    results[i] = await evaluateHere(jobs[i], s);
    if (keys[i] !== undefined) opts.cache!.set(keys[i], jobs[i].dir, results[i], encodeOrUndefined(results[i]));
  };
  if (script) {
    const pool = new WorkerPool<WorkerTask, Encoded>(script, size, s);
    workers = pool.size;
    try {
      // Largest first, so that one big module does not start last and hold up the end.
      const order = [...todo].sort((a, b) => weight(jobs[b]) - weight(jobs[a]));
      await Promise.all(
        order.map(async (i) => {
          let encoded: Encoded;
          try {
            encoded = await pool.run({ dir: jobs[i].dir, files: jobs[i].files.map(fileData) });
          } catch (e) {
            if (e instanceof WorkerTimeout) {
              results[i] = timedOut(jobs[i], s, e);
              return;
            }
            // A worker failed (or could not start): this module is evaluated here instead.
            return here(i);
          }
          results[i] = decode<ModuleEvaluation>(encoded, fileFor);
          if (keys[i] !== undefined) opts.cache!.set(keys[i], jobs[i].dir, results[i], encoded);
        }),
      );
    } finally {
      await pool.close();
    }
  } else {
    for (const i of todo) await here(i);
  }
  return { evaluations: results as ModuleEvaluation[], stats: { cacheHits, workers } };
}

function weight(j: ModuleJob): number {
  return j.files.reduce((m, f) => m + f.text.length, 0);
}

function poolSize(jobs: number | undefined, bytes: number, modules: number): number {
  if (jobs !== undefined) return Math.max(1, Math.min(Math.floor(jobs), modules));
  if (bytes < POOL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(bytes / BYTES_PER_WORKER), modules));
}

function decodeOrUndefined(data: Encoded, fileFor: (f: FileData) => SourceFile): ModuleEvaluation | undefined {
  try {
    const r = decode<ModuleEvaluation>(data, fileFor);
    // A cache file is outside our control: a result without the expected lists is a miss.
    return Array.isArray(r?.resources) && Array.isArray(r.diagnostics) && Array.isArray(r.files) && Array.isArray(r.calledDirs)
      ? r
      : undefined;
  } catch {
    return undefined;
  }
}

function encodeOrUndefined(r: ModuleEvaluation): Encoded | undefined {
  try {
    return encode(r);
  } catch {
    // Something the encoding does not know: this module is simply not cached.
    return undefined;
  }
}

function timedOut(job: ModuleJob, s: EvalSettings, e: Error): ModuleEvaluation {
  return {
    resources: [],
    diagnostics: [
      { code: 'evaluation', severity: 'error', message: `evaluation stopped: ${e.message}`, file: displayPath(job.dir, s.cwd) },
    ],
    files: [],
    calledDirs: [],
  };
}
