// Reading what discovery found, and (with the pre-filter) keeping only the modules and JSON
// documents that can hold anything the model reads. Texts of the rest are dropped at once.
import type { Discovery } from '../discover/index.js';
import { readSource } from '../discover/index.js';
import type { SourceFile } from '../parse/source.js';
import type { Diagnostic } from '../terraform/types.js';
import type { ModuleJob } from './evaluate.js';
import { type FileText, ModuleRelevance, documentMayMatter, localCallSources, moduleFileMayMatter } from './prefilter.js';

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
  const out: R[] = new Array(items.length);
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
  /** Undecided: no marker of its own, but a module call that may lead to one. */
  verdict: 'matters' | 'skip' | 'calls';
  /** Display paths of the files read (the texts may already be let go). */
  readable: string[];
}

export async function readSources(found: Discovery, display: (abs: string) => string, prefilter: boolean): Promise<ScanSources> {
  const readOne = async (abs: string) => readSource(abs, display(abs));
  const modules = await mapLimit(found.modules, READ_CONCURRENCY / 4, async (mod): Promise<ReadModule> => {
    const read = await Promise.all(mod.files.map(readOne));
    const files = read.flatMap((r) => (r.file ? [r.file] : []));
    const diagnostics = read.flatMap((r) => (r.diagnostic ? [r.diagnostic] : []));
    if (!prefilter) return { dir: mod.dir, files, diagnostics, verdict: 'matters', readable: files.map((f) => f.path) };
    if (files.some((f) => moduleFileMayMatter(f.absPath, f.text))) return { dir: mod.dir, files, diagnostics, verdict: 'matters', readable: files.map((f) => f.path) };
    const calls = files.some((f) => localCallSources(f.absPath, f.text, true)?.length !== 0);
    // The text of a module that cannot matter is let go here, before the next one is read.
    return { dir: mod.dir, files: calls ? files : [], diagnostics, verdict: calls ? 'calls' : 'skip', readable: files.map((f) => f.path) };
  });

  const known = new Map<string, FileText[]>();
  for (const m of modules) if (m.verdict !== 'skip') known.set(m.dir, m.files.map((f) => ({ path: f.absPath, text: f.text })));
  const relevance = new ModuleRelevance(known);
  const out: ScanSources = { modules: [], documents: [], diagnostics: [], skippedFiles: [], skippedModules: 0, skippedDocuments: 0 };
  for (const m of modules) {
    out.diagnostics.push(...m.diagnostics);
    if (m.verdict === 'matters' || (m.verdict === 'calls' && relevance.rootMatters(m.dir))) {
      out.modules.push({ dir: m.dir, files: m.files });
    } else {
      out.skippedModules++;
      out.skippedFiles.push(...m.readable);
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
