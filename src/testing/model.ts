// Test-only: resource instances whose values come from real JSON files on disk (real ranges).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonFile } from '../parse/json.js';
import { SourceFile } from '../core/source.js';
import { writeTree } from './tf.js';
import type { CallFrame, ResourceInstance } from '../core/resource.js';
import type { ObjectValue, Origin, Value } from '../core/value.js';

export interface JsonTree {
  file(path: string): SourceFile;
  /** The parsed top-level value of a file; throws in the test when it is not an object. */
  object(path: string): ObjectValue;
  cleanup: () => void;
}

export function jsonTree(files: Record<string, string>): JsonTree {
  const tree = writeTree(files);
  const cache = new Map<string, SourceFile>();
  const file = (path: string) => {
    let f = cache.get(path);
    if (!f) cache.set(path, (f = new SourceFile(path, join(tree.dir, path), readFileSync(join(tree.dir, path), 'utf8'))));
    return f;
  };
  return {
    file,
    object(path) {
      const { value, diagnostics } = parseJsonFile(file(path));
      if (value?.kind !== 'object' || diagnostics.length) throw new Error(`${path}: not a JSON object`);
      return value;
    },
    cleanup: tree.cleanup,
  };
}

/** The object under `key` of a parsed object (a resource's arguments in a test file). */
export function member(obj: ObjectValue, key: string): ObjectValue {
  const e = obj.entries.find((x) => x.key === key);
  if (e?.value.kind !== 'object') throw new Error(`no object at ${key}`);
  return e.value;
}

/** Replace the value of `key` (as the evaluator would after resolving a reference). */
export function setValue(obj: ObjectValue, key: string, f: (v: Value) => Value): void {
  const e = obj.entries.find((x) => x.key === key);
  if (!e) throw new Error(`no ${key}`);
  e.value = f(e.value);
}

export function roleRef(address: string, attribute = 'name'): Origin {
  return { kind: 'resource-attribute', name: `${address}.${attribute}`, address };
}

export function instance(
  type: string,
  name: string,
  values: ObjectValue,
  opts: { key?: string | number; callChain?: CallFrame[] } = {},
): ResourceInstance {
  const callChain = opts.callChain ?? [];
  const module = callChain.map((f) => f.name).join('.');
  const key = opts.key === undefined ? '' : typeof opts.key === 'number' ? `[${opts.key}]` : `["${opts.key}"]`;
  const local = `${type}.${name}${key}`;
  const r: ResourceInstance = {
    mode: 'managed',
    type,
    name,
    address: module ? `${module}.${local}` : local,
    module,
    callChain,
    values,
    range: values.range!,
    blockRange: values.range!,
    input: 'tf-json',
  };
  if (opts.key !== undefined) r.key = opts.key;
  return r;
}
