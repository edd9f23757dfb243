// State shared by every module instance of one evaluation: limits, the file reader, parsed
// module directories, and what is reported back to the caller.
import { namedKids, parseHcl } from '../parse/hcl.js';
import { parseJsonFile } from '../parse/json.js';
import type { SourceFile } from '../parse/source.js';
import { Budget } from './budget.js';
import { type Block, type Body, hclBody, jsonFileBody } from './config.js';
import type { Scope } from './scope.js';
import { isOverrideFile, mergeOverride } from './override.js';
import { ScanRootReader } from './files.js';
import type { Diagnostic } from './types.js';
import type { ProviderAccount } from './provider-config.js';

export class ModuleShared {
  readonly budget = new Budget();
  readonly reader: ScanRootReader;
  /** Parse errors and read errors (evaluation notes live in the budget). */
  readonly diagnostics: Diagnostic[] = [];
  readonly calledDirs = new Set<string>();
  /** The accounts of the root module's provider configurations (src/terraform/provider-config.ts). */
  rootAccounts?: Map<string, ProviderAccount>;
  /** The root module's provider blocks and scope, read into rootAccounts when first needed. */
  rootProviders?: { blocks: Block[]; scope: Scope };
  /** Syntax trees live in wasm memory, outside the garbage collector: freed by release(). */
  private readonly trees: { delete(): void }[] = [];
  private readonly bodies = new Map<string, Body | undefined>();

  constructor(
    readonly rootDir: string,
    readonly rootModuleDir: string,
    readonly displayPath: (abs: string) => string,
    readonly wanted: (mode: 'managed' | 'data', type: string) => boolean = () => true,
  ) {
    this.reader = new ScanRootReader(rootDir, displayPath);
  }

  /** Parse the files of one module into one body (blocks of all files, in file order). */
  bodyOf(files: SourceFile[]): Body {
    // override.tf and *_override.tf merge into the other files' blocks, last (docs/override-files.md).
    const primary = files.filter((f) => !isOverrideFile(f.absPath));
    const overrides = files.filter((f) => isOverrideFile(f.absPath)).sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
    const body = this.plainBody(primary);
    for (const f of overrides) mergeOverride(body, this.plainBody([f]), (message, range) => this.budget.note(message, range, 'warning'));
    return body;
  }

  private plainBody(files: SourceFile[]): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const f of files) {
      if (f.path.endsWith('.json') || f.absPath.endsWith('.json')) {
        const { value, diagnostics } = parseJsonFile(f);
        this.diagnostics.push(...diagnostics);
        body.blocks.push(...jsonFileBody(value, f).blocks);
      } else {
        const { root, diagnostics } = parseHcl(f);
        this.trees.push(root.tree);
        this.diagnostics.push(...diagnostics);
        body.blocks.push(...hclBody(namedKids(root).find((k) => k.type === 'body'), f).blocks);
      }
    }
    return body;
  }

  /** Free the syntax trees once evaluation has produced plain values. */
  release(): void {
    for (const t of this.trees.splice(0)) t.delete();
  }

  /** A child module directory read from disk, once. */
  moduleBody(dir: string): Body | undefined {
    if (this.bodies.has(dir)) return this.bodies.get(dir);
    const { files, errors } = this.reader.moduleFiles(dir);
    for (const e of errors) this.diagnostics.push({ code: 'evaluation', severity: 'warning', message: e, file: this.displayPath(dir) });
    const body = errors.length && !files.length ? undefined : this.bodyOf(files);
    this.bodies.set(dir, body);
    return body;
  }
}
