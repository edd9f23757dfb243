// State shared by every module instance of one evaluation: limits, the file reader, parsed
// module directories, and what is reported back to the caller.
import { namedKids, parseHcl } from '../parse/hcl.js';
import { type TextRun, parseRanges, selectBlocks } from '../parse/hcl-blocks.js';
import { parseJsonFile } from '../parse/json.js';
import type { SourceFile } from '../core/source.js';
import { Budget } from './budget.js';
import { type Block, type Body, hclBody, jsonFileBody } from './config-syntax.js';
import type { Scope } from './scope.js';
import { isOverrideFile, mergeOverride } from './override.js';
import { ScanRootReader } from './files.js';
import type { Diagnostic } from '../core/resource.js';
import type { ProviderAccount } from './provider-config.js';

/** Files smaller than this are parsed whole: the block scan would save less than it costs. */
const LAZY_MIN_CHARS = 64 * 1024;

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
    /** Parse only the blocks the scan needs in large files (src/parse/hcl-blocks.ts); false parses everything. */
    readonly lazy = false,
  ) {
    this.reader = new ScanRootReader(rootDir, displayPath);
  }

  /** Parse the files of one module into one body (blocks of all files, in file order). */
  bodyOf(files: SourceFile[]): Body {
    // override.tf and *_override.tf merge into the other files' blocks, last (docs/override-files.md).
    const primary = files.filter((f) => !isOverrideFile(f.absPath));
    const overrides = files
      .filter((f) => isOverrideFile(f.absPath))
      .sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
    // Lazy parsing looks at the whole module: an override block may refer to what only it names.
    const body = this.plainBody(primary, overrides.length > 0);
    for (const f of overrides)
      mergeOverride(body, this.plainBody([f], true), (message, range) => this.budget.note(message, range, 'warning'));
    return body;
  }

  private plainBody(files: SourceFile[], withOverrides: boolean): Body {
    const body: Body = { attributes: [], blocks: [] };
    const only = this.selection(files, withOverrides);
    for (const [i, f] of files.entries()) {
      if (f.path.endsWith('.json') || f.absPath.endsWith('.json')) {
        const { value, diagnostics } = parseJsonFile(f);
        for (const x of diagnostics) this.diagnostics.push(x);
        for (const x of jsonFileBody(value, f).blocks) body.blocks.push(x);
      } else {
        const { root, diagnostics, tooDeep } = parseHcl(f, only?.[i]);
        this.trees.push(root.tree);
        for (const x of diagnostics) this.diagnostics.push(x);
        if (!tooDeep)
          for (const x of hclBody(
            namedKids(root).find((k) => k.type === 'body'),
            f,
          ).blocks)
            body.blocks.push(x);
      }
    }
    return body;
  }

  /**
   * Lazy parsing: what tree-sitter is given of each file (undefined: the whole file). In a module
   * with a large HCL file, only the blocks the scan needs — not when the module has an override
   * file (`withOverrides`: its blocks merge into others and may name what no other block does),
   * nor in a file that names the tool (its comments are suppressions). In
   * every HCL file, the plain-text lines of heredoc bodies are left out (src/parse/hcl-blocks.ts).
   */
  private selection(files: SourceFile[], withOverrides: boolean): (TextRun[] | undefined)[] | undefined {
    if (!this.lazy) return undefined;
    const hcl = files.map((f) => !(f.path.endsWith('.json') || f.absPath.endsWith('.json')));
    const large = (f: SourceFile, i: number) => hcl[i] && f.text.length >= LAZY_MIN_CHARS;
    const keep =
      files.some(large) && !withOverrides
        ? selectBlocks(
            files.map((f) => f.text),
            this.wanted,
          ).keep
        : undefined;
    return files.map((f, i) => {
      if (!hcl[i]) return undefined;
      const blocks = keep && large(f, i) && !f.text.includes('tfc-oidc-lint') ? keep[i] : undefined;
      return parseRanges(f.text, blocks);
    });
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
