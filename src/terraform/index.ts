// The evaluator's entry point: a root module's files (and the local modules it calls) →
// resource and data instances with evaluated, provenance-carrying arguments.
import type { SourceFile } from '../core/source.js';
import { initHcl } from '../parse/hcl.js';
import { ModuleEvaluator } from './module.js';
import { ModuleShared } from './module-shared.js';
import { crashReason } from '../core/crash.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { collectSupplied } from './variables.js';

export { locatorForString } from './string-locator.js';

export interface ModuleSource {
  /** Absolute directory of the module. */
  dir: string;
  /** Its .tf and .tf.json files. */
  files: SourceFile[];
}

export interface EvaluateOptions {
  /** Absolute scan root; file()/templatefile() stay inside it and read regular files only. */
  rootDir: string;
  /** --var k=v */
  vars?: Record<string, string>;
  /** Absolute paths of --var-file, root module only. */
  varFiles?: string[];
  /** TF_VAR_name, root module only. */
  env?: Record<string, string | undefined>;
  displayPath: (abs: string) => string;
  /**
   * Which instances to hand back. Others are still evaluated when something refers to them, but
   * a scan need not evaluate every bucket and instance in a large module up front.
   */
  wanted?: (mode: 'managed' | 'data', type: string) => boolean;
  /** In large files, parse only the blocks `wanted` names and what they refer to (docs/performance.md). */
  lazy?: boolean;
}

export interface ModuleEvaluation {
  resources: ResourceInstance[];
  diagnostics: Diagnostic[];
  files: SourceFile[];
  calledDirs: string[];
}

export async function evaluateModule(mod: ModuleSource, opts: EvaluateOptions): Promise<ModuleEvaluation> {
  await initHcl();
  const shared = new ModuleShared(opts.rootDir, mod.dir, opts.displayPath, opts.wanted, opts.lazy === true);
  let resources: ResourceInstance[] = [];
  try {
    const body = shared.bodyOf(mod.files);
    const root = new ModuleEvaluator(body, mod.dir, shared, { path: '', callChain: [], dirs: [mod.dir] });
    const supplied = collectSupplied(
      { moduleDir: mod.dir, vars: opts.vars, varFiles: opts.varFiles, env: opts.env },
      shared.reader,
      root.env,
      shared.diagnostics,
    );
    root.frame.supplied = supplied;
    resources = root.allResources();
  } catch (e) {
    // Evaluation must never take the scan down: report (an internal-error finding, high) and
    // return what we have.
    const first = [...mod.files].sort((a, b) => (a.path < b.path ? -1 : 1))[0];
    shared.diagnostics.push({
      code: 'internal-error',
      severity: 'error',
      message: `The evaluator crashed on module ${opts.displayPath(mod.dir) || '.'}, so its findings are missing: ${crashReason(e)}`,
      ...(first
        ? { range: { file: first.path, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } }
        : { file: opts.displayPath(mod.dir) }),
    });
  } finally {
    shared.release();
  }
  return {
    resources,
    diagnostics: [...shared.diagnostics, ...shared.budget.diagnostics],
    files: shared.reader.files,
    calledDirs: [...shared.calledDirs],
  };
}
