// HCL parsing with tree-sitter's Terraform grammar (wasm). Offsets from web-tree-sitter are
// UTF-16 code units when parsing a JS string, which is what our Range offsets use.
import { createRequire } from 'node:module';
import { Language, type Node, Parser } from 'web-tree-sitter';
import type { Diagnostic } from '../core/resource.js';
import type { SourceFile } from '../core/source.js';

export type { Node } from 'web-tree-sitter';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/** Load the wasm runtime and the Terraform grammar once; later calls are free. */
export function initHcl(): Promise<void> {
  loading ??= (async () => {
    await Parser.init();
    const path = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
    const language = await Language.load(path);
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

/** Parse raw HCL text (only `ranges` of it when given); requires initHcl() to have completed. */
export function parseHclText(text: string, ranges?: TsRange[]): Node | undefined {
  if (!parser) throw new Error('initHcl() must complete before parsing HCL');
  return (ranges ? parser.parse(text, null, { includedRanges: ranges }) : parser.parse(text))?.rootNode ?? undefined;
}

/** What tree-sitter takes as an included range: UTF-16 offsets (as our Range offsets) and 0-based points. */
export interface TsRange {
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
}

/** Non-null children of a node. */
export function kids(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

export function namedKids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** The first node of `type` at or below `n`, depth first. */
export function findType(n: Node, type: string): Node | undefined {
  if (n.type === type) return n;
  for (const k of namedKids(n)) {
    const f = findType(k, type);
    if (f) return f;
  }
  return undefined;
}

const MAX_ERRORS = 20;

/** Parse an HCL file; syntax errors become diagnostics, the recovered tree is still returned. */
export function parseHcl(file: SourceFile, only?: { start: number; end: number }[]): { root: Node; diagnostics: Diagnostic[] } {
  const ranges = only?.map((b): TsRange => {
    const r = file.range(b.start, b.end);
    return { startIndex: b.start, endIndex: b.end, startPosition: { row: r.start.line - 1, column: r.start.column - 1 }, endPosition: { row: r.end.line - 1, column: r.end.column - 1 } };
  });
  // An empty selection still parses nothing: one empty range at the start.
  const root = parseHclText(file.text, ranges && (ranges.length ? ranges : [{ startIndex: 0, endIndex: 0, startPosition: { row: 0, column: 0 }, endPosition: { row: 0, column: 0 } }]));
  if (!root) throw new Error(`tree-sitter returned no tree for ${file.path}`);
  const diagnostics: Diagnostic[] = [];
  if (root.hasError) collectErrors(root, file, diagnostics);
  return { root, diagnostics };
}

function collectErrors(node: Node, file: SourceFile, out: Diagnostic[]): void {
  if (out.length >= MAX_ERRORS) return;
  if (node.isMissing) {
    out.push({
      code: 'parse-error',
      severity: 'error',
      message: `missing ${TOKEN_NAMES[node.type] ?? `\`${node.type}\``}`,
      range: file.range(node.startIndex, node.endIndex),
    });
    return;
  }
  if (node.isError) {
    // The last token the grammar could not place is usually the culprit (`k 1` → `1`).
    const leaf = lastLeaf(node);
    const tok = file.text.slice(leaf.startIndex, Math.min(leaf.endIndex, leaf.startIndex + 20)).split('\n')[0];
    out.push({
      code: 'parse-error',
      severity: 'error',
      message: tok ? `unexpected \`${tok}\`` : 'syntax error',
      range: tok ? file.range(leaf.startIndex, leaf.endIndex) : file.range(node.startIndex, node.endIndex),
    });
    return;
  }
  if (!node.hasError) return;
  for (const c of kids(node)) collectErrors(c, file, out);
}

const TOKEN_NAMES: Record<string, string> = {
  quoted_template_end: 'closing `"`',
  heredoc_identifier: 'heredoc end marker',
  template_interpolation_end: '`}` closing the interpolation',
  template_directive_end: '`}` closing the directive',
};

function lastLeaf(node: Node): Node {
  let cur = node;
  while (cur.childCount > 0) {
    const c = cur.child(cur.childCount - 1);
    if (!c) break;
    cur = c;
  }
  return cur;
}
