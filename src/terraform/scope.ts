// What an expression can see: the module's names (var, local, module, resources, ...) and the
// iteration symbols introduced by for, %{for}, count, for_each and dynamic blocks.
import type { Range, SourceFile } from '../core/source.js';
import type { Budget } from './budget.js';
import type { Value } from '../core/value.js';

/**
 * The text tree-sitter parsed and how it maps onto `file`: the file itself for .tf files, a
 * synthetic wrapper for .tf.json strings, template files and --var values.
 */
export interface TextSource {
  file: SourceFile;
  text: string;
  /** Parsed-text offset → file offset. */
  toFile(offset: number): number;
  /** Whether parsed text [start, end) is a verbatim copy of the file text it maps to. */
  isLinear(start: number, end: number): boolean;
}

export const identitySource = (file: SourceFile): TextSource => ({ file, text: file.text, toFile: (o) => o, isLinear: () => true });

/** Parsed text = `prefix` + file text (+ anything after), e.g. `x = <<EOF\n` + a template file. */
export function shiftedSource(file: SourceFile, text: string, prefixLength: number): TextSource {
  const clamp = (o: number) => Math.max(0, Math.min(file.text.length, o - prefixLength));
  return { file, text, toFile: clamp, isLinear: (a, b) => a >= prefixLength && b - prefixLength <= file.text.length };
}

export function srcRange(src: TextSource, start: number, end: number): Range {
  return src.file.range(src.toFile(start), src.toFile(end));
}

/** One step after a root name: `.attr`, `[key]`, or a splat applying the rest to each element. */
export type Step =
  { kind: 'attr'; name: string; end: number } | { kind: 'index'; key: Value; end: number } | { kind: 'splat'; steps: Step[]; end: number };

export interface FileReader {
  /** Read a file for file()/templatefile(): inside the scan root, regular, size-capped. */
  read(path: string, baseDir: string, range: Range | undefined): SourceFile | { error: string };
  /** fileset(): regular files under `path` matching `pattern`, relative to `path`, inside the scan root only. */
  list?(path: string, pattern: string, baseDir: string): string[] | { error: string };
}

export interface EvalEnv {
  budget: Budget;
  files: FileReader;
  /** Directory of the module being evaluated (for path.module and relative file() paths). */
  moduleDir: string;
  rootDir: string;
  cwd: string;
}

export interface Resolved {
  value: Value;
  /** How many of the given steps the resolver used (the rest apply generically). */
  consumed: number;
}

export interface Scope {
  env: EvalEnv;
  /**
   * Resolve a root name and some of its steps. `range(n)` is the range of the traversal through
   * its first n steps. Undefined when the name is not known here.
   */
  resolve(name: string, steps: Step[], range: (n: number) => Range): Resolved | undefined;
}

/** A scope with extra local symbols (for-expression variables, each/count, dynamic iterators). */
export function childScope(parent: Scope, symbols: Record<string, Value>): Scope {
  return {
    env: parent.env,
    resolve(name, steps, range) {
      if (Object.prototype.hasOwnProperty.call(symbols, name)) {
        return { value: { ...symbols[name], range: range(0) }, consumed: 0 };
      }
      return parent.resolve(name, steps, range);
    },
  };
}
