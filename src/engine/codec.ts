// Evaluation results as plain data, for a worker's message and for the cache file. Values are
// plain objects except `SourceFile` (a class, referenced by string segments) and `OffsetRange`
// (a file range kept as offsets, which travels as its file and offsets); shared objects stay
// shared (a value can be reached from several places), so the encoding keeps identity.
import { OffsetRange, SourceFile } from '../core/source.js';

/** A file as data: the main thread rebuilds (or reuses) the SourceFile from it. */
export interface FileData {
  path: string;
  absPath: string;
  text: string;
}

export interface Encoded {
  files: FileData[];
  /** JSON-safe graph: `{ [FILE]: i }` for files, `{ [RANGE]: [i, start, end, approximate] }` for
   *  offset ranges, `{ [REF]: n }` for an object seen before, arrays boxed. */
  root: unknown;
}

// NUL-prefixed keys: no property of our own types starts with one.
const FILE = '\u0000f';
const ID = '\u0000i';
const REF = '\u0000r';
const ARR = '\u0000a';
const RANGE = '\u0000g';

/** Thrown for data the encoding does not know (a class other than SourceFile, a function). */
export class NotEncodable extends Error {}

export function encode(root: unknown): Encoded {
  const files: FileData[] = [];
  const fileIds = new Map<SourceFile, number>();
  const seen = new Map<object, Record<string, unknown> | unknown[]>();
  let nextId = 0;

  const fileId = (f: SourceFile): number => {
    let id = fileIds.get(f);
    if (id === undefined) {
      id = files.push({ path: f.path, absPath: f.absPath, text: f.text }) - 1;
      fileIds.set(f, id);
    }
    return id;
  };

  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') throw new NotEncodable(`cannot encode a ${typeof v}`);
      if (typeof v === 'number' && !Number.isFinite(v)) throw new NotEncodable('cannot encode a non-finite number');
      return v;
    }
    if (v instanceof SourceFile) return { [FILE]: fileId(v) };
    // Ranges are values, not shared state: each is written out where it is met.
    if (v instanceof OffsetRange) return { [RANGE]: [fileId(v.source), v.startOffset, v.endOffset, v.approximate ? 1 : 0] };
    const prior = seen.get(v);
    if (prior) {
      // Arrays are wrapped on first sight (see below), so every prior is an object here.
      const p = prior as Record<string, unknown>;
      if (p[ID] === undefined) p[ID] = nextId++;
      return { [REF]: p[ID] };
    }
    if (Array.isArray(v)) {
      const items: unknown[] = [];
      // An array cannot carry an id, so it travels boxed: `{ [ARR]: [...], [ID]? }`.
      const box: Record<string, unknown> = { [ARR]: items };
      seen.set(v, box);
      for (const x of v) items.push(walk(x));
      return box;
    }
    const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
    if (proto !== Object.prototype && proto !== null)
      throw new NotEncodable(`cannot encode a ${proto?.constructor?.name ?? 'class'} instance`);
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x);
    return out;
  };

  const encoded = walk(root);
  return { files, root: encoded };
}

/**
 * Rebuild the graph. `file` turns file data into a SourceFile; the caller reuses the ones it
 * already holds so that one file has one SourceFile across the run.
 */
export function decode<T>(data: Encoded, file: (f: FileData) => SourceFile): T {
  const files = data.files.map(file);
  const byId = new Map<number, unknown>();

  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (FILE in o) return files[o[FILE] as number];
    if (RANGE in o) {
      const [f, start, end, approximate] = o[RANGE] as number[];
      return new OffsetRange(files[f], start, end, approximate === 1);
    }
    if (REF in o) return byId.get(o[REF] as number);
    // Depth-first in the order of encoding: an object is registered before any reference to it.
    if (ARR in o) {
      const items: unknown[] = [];
      if (o[ID] !== undefined) byId.set(o[ID] as number, items);
      for (const x of o[ARR] as unknown[]) items.push(walk(x));
      return items;
    }
    const out: Record<string, unknown> = {};
    if (o[ID] !== undefined) byId.set(o[ID] as number, out);
    for (const [k, x] of Object.entries(o)) if (k !== ID) out[k] = walk(x);
    return out;
  };

  return walk(data.root) as T;
}
