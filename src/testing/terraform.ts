// Test support: evaluate real files written to a temporary directory.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SourceFile } from '../core/source.js';
import { writeTree } from './tf.js';
import { type EvaluateOptions, type ModuleEvaluation, evaluateModule } from '../terraform/index.js';
import type { ResourceInstance } from '../core/resource.js';
import { type Value, get } from '../core/value.js';

export interface Evaluated extends ModuleEvaluation {
  dir: string;
  resource(address: string): ResourceInstance;
  /** Argument `name` of the instance at `address`. */
  arg(address: string, name: string): Value;
}

/** Write `files`, evaluate the root module (files at the top level), clean up. */
export async function evaluateFiles(
  files: Record<string, string>,
  opts: Partial<EvaluateOptions> = {},
  rootSubdir = '',
  prepare?: (dir: string) => void,
): Promise<Evaluated> {
  const { dir, cleanup } = writeTree(files);
  try {
    prepare?.(dir);
    const modDir = join(dir, rootSubdir);
    const display = (abs: string) => relative(dir, abs) || '.';
    const sources = readdirSync(modDir)
      .filter((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))
      .sort()
      .map((n) => new SourceFile(display(join(modDir, n)), join(modDir, n), readFileSync(join(modDir, n), 'utf8')));
    const r = await evaluateModule(
      { dir: modDir, files: sources },
      { rootDir: dir, displayPath: display, ...opts, ...(opts.varFiles ? { varFiles: opts.varFiles.map((f) => join(dir, f)) } : {}) },
    );
    const resource = (address: string) => {
      const found = r.resources.find((x) => x.address === address);
      if (!found) throw new Error(`no ${address}; have ${r.resources.map((x) => x.address).join(', ')}`);
      return found;
    };
    return {
      ...r,
      dir,
      resource,
      arg: (address, name) => get(resource(address).values, name) ?? { kind: 'unknown', reason: `no argument ${name}` },
    };
  } finally {
    cleanup();
  }
}

/** Evaluate `resource "test" "t" {` (line 1), `body` (from line 2), `}`, then `extra`; return its arguments. */
export async function evalArgs(body: string, extra = ''): Promise<Evaluated & { v(name: string): Value }> {
  const r = await evaluateFiles({ 'main.tf': `resource "test" "t" {\n${body}\n}\n${extra}` });
  return { ...r, v: (name: string) => r.arg('test.t', name) };
}

/** A plain JS view of a value (unknowns as `?reason`), for compact assertions. */
export function plain(v: Value | undefined): unknown {
  if (!v) return undefined;
  switch (v.kind) {
    case 'list':
      return v.items.map(plain);
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
    case 'null':
      return null;
    case 'unknown':
      return `?${v.reason}`;
    default:
      return v.value;
  }
}
