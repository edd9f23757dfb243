// Reading what discovery found, and (with the pre-filter) keeping only the modules and JSON
// documents that can hold anything the model reads. Texts of the rest are dropped at once.
import type { Discovery } from '../discover/index.js';
import { readSource } from '../discover/index.js';
import type { SourceFile } from '../core/source.js';
import type { Diagnostic } from '../core/resource.js';
import type { ModuleJob } from './evaluate.js';
import { resolve } from 'node:path';
import {
  type FileText,
  type IamFacts,
  ModuleRelevance,
  documentMayMatter,
  localCallSources,
  mentionsIam,
  moduleFileMayMatter,
  namesReferred,
} from './prefilter.js';

export interface ScanSources {
  /** Modules to evaluate, in discovery order. */
  modules: ModuleJob[];
  /** JSON documents to load, in discovery order. */
  documents: SourceFile[];
  /** Read problems (unreadable, binary, too big, not UTF-8), in discovery order: every file is read. */
  diagnostics: Diagnostic[];
  /** Display paths of files read but left out by the pre-filter. */
  skippedFiles: string[];
  skippedModules: number;
  skippedDocuments: number;
}

/** Reads run this many at a time: enough to keep the disk busy, few enough for file descriptors. */
const READ_CONCURRENCY = 64;

export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

interface ReadModule {
  dir: string;
  files: SourceFile[];
  diagnostics: Diagnostic[];
  /** 'maybe': no evidence of its own, but IAM text or a module call that may tie it to one. */
  verdict: 'matters' | 'skip' | 'maybe';
  /** Display paths of the files read (the texts may already be let go). */
  readable: string[];
}

export interface ReadSourcesOptions {
  /** Parse only what can matter (default); false parses everything and marks what is out of scope. */
  prefilter: boolean;
  /** Values given from outside (--var, --var-file, TF_VAR_) show web-identity evidence. */
  varsShowEvidence?: boolean;
  /** Bytes; larger files are reported, not read. */
  maxFileSize?: number;
}

/** Modules read between two turns of the event loop. */
const YIELD_EVERY = 8;

/** Rounds of "a module that matters names a role or policy declared elsewhere" before giving up and keeping all. */
const NAME_ROUNDS = 4;

export async function readSources(found: Discovery, display: (abs: string) => string, opts: ReadSourcesOptions): Promise<ScanSources> {
  const { prefilter } = opts;
  const readOne = async (abs: string) => readSource(abs, display(abs), opts.maxFileSize);
  const readModule = async (mod: Discovery['modules'][number]): Promise<ReadModule> => {
    const read = await Promise.all(mod.files.map(readOne));
    const files = read.flatMap((r) => (r.file ? [r.file] : []));
    const diagnostics = read.flatMap((r) => (r.diagnostic ? [r.diagnostic] : []));
    const readable = files.map((f) => f.path);
    if (files.some((f) => moduleFileMayMatter(f.absPath, f.text)))
      return { dir: mod.dir, files, diagnostics, verdict: 'matters', readable };
    const maybe = files.some((f) => mentionsIam(f.text) || localCallSources(f.absPath, f.text, true)?.length !== 0);
    // The text of a module that cannot matter is let go here, before the next one is read.
    return { dir: mod.dir, files: maybe || !prefilter ? files : [], diagnostics, verdict: maybe ? 'maybe' : 'skip', readable };
  };
  // One module after the other (reads are synchronous, src/discover/read.ts), and now and then a
  // turn of the event loop, so that what loads meanwhile (the evaluator and the grammar,
  // src/engine/lint.ts) gets on.
  const modules: ReadModule[] = [];
  for (const [i, mod] of found.modules.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((done) => setImmediate(done));
    modules.push(await readModule(mod));
  }

  const known = new Map<string, FileText[]>();
  for (const m of modules)
    if (m.verdict !== 'skip')
      known.set(
        m.dir,
        m.files.map((f) => ({ path: f.absPath, text: f.text, noEvidence: m.verdict === 'maybe' })),
      );
  decideMaybes(modules, known, opts.varsShowEvidence === true, found.listed);

  const out: ScanSources = { modules: [], documents: [], diagnostics: [], skippedFiles: [], skippedModules: 0, skippedDocuments: 0 };
  for (const m of modules) {
    for (const x of m.diagnostics) out.diagnostics.push(x);
    if (m.verdict === 'matters') out.modules.push({ dir: m.dir, files: m.files });
    else if (!prefilter) out.modules.push({ dir: m.dir, files: m.files, outOfScope: true });
    else {
      out.skippedModules++;
      for (const x of m.readable) out.skippedFiles.push(x);
    }
  }

  const docs = await mapLimit(found.documents, READ_CONCURRENCY, readOne);
  for (const d of docs) {
    if (d.diagnostic) out.diagnostics.push(d.diagnostic);
    if (!d.file) continue;
    if (!prefilter || documentMayMatter(d.file.text)) out.documents.push(d.file);
    else {
      out.skippedDocuments++;
      out.skippedFiles.push(d.file.path);
    }
  }
  return out;
}

/**
 * Turn each 'maybe' into 'matters' or 'skip': through calls (either direction: a module that feeds
 * one that matters, src/engine/prefilter.ts ModuleRelevance) and through the role and policy names
 * that modules which matter refer to, until no new name appears.
 */
function decideMaybes(modules: ReadModule[], known: Map<string, FileText[]>, allIam: boolean, listed: ReadonlyMap<string, boolean>): void {
  const names = new Set<string>();
  const named = new Set<string>();
  const addNames = (dir: string) => {
    if (named.has(dir)) return;
    named.add(dir);
    const files = known.get(dir) ?? [];
    for (const f of files) {
      for (const n of namesReferred(f.text)) names.add(n);
      // What it calls is evaluated with it: the names those modules use count too.
      for (const s of localCallSources(f.path, f.text) ?? []) addNames(resolve(dir, s));
    }
  };
  for (const m of modules) if (m.verdict === 'matters') addNames(m.dir);
  const facts = new Map<string, IamFacts>();
  for (let round = 0; ; round++) {
    const before = names.size;
    const relevance = new ModuleRelevance(known, names, allIam || round >= NAME_ROUNDS, facts, listed);
    for (const m of modules) {
      if (m.verdict !== 'maybe' || !relevance.rootMatters(m.dir)) continue;
      m.verdict = 'matters';
      addNames(m.dir);
    }
    if (names.size === before) break;
  }
  for (const m of modules) if (m.verdict === 'maybe') m.verdict = 'skip';
}
