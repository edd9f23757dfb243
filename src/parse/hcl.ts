// HCL parsing with tree-sitter's Terraform grammar (wasm). Offsets from web-tree-sitter are
// UTF-16 code units when parsing a JS string, which is what our Range offsets use.
import { createRequire } from 'node:module';
import { Language, type Node, Parser } from 'web-tree-sitter';
import type { Diagnostic } from '../core/resource.js';
import { roughHclNesting } from './depth.js';
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

/** The first node of `type` at or below `n`, depth first (iterative: no stack limit). */
export function findType(n: Node, type: string): Node | undefined {
  const stack: Node[] = [n];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur.type === type) return cur;
    const children = namedKids(cur);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return undefined;
}

/**
 * Deepest syntax tree read (docs/limits.md): far beyond real code (a block in a block in a
 * resource is a handful of levels; the evaluator itself stops at 200 nested expressions), and
 * low enough that the recursive walks over the tree stay within Node's stack.
 */
export const HCL_MAX_TREE_DEPTH = 5000;

/** Bracket nesting below which a tree cannot reach HCL_MAX_TREE_DEPTH through brackets and blocks. */
const ROUGH_NESTING_CHECK = 200;

/** The first node deeper than `limit`, found with a cursor (no recursion), or undefined. */
export function overDeepNode(root: Node, limit = HCL_MAX_TREE_DEPTH): Node | undefined {
  const cursor = root.walk();
  try {
    let depth = 0;
    for (;;) {
      if (depth > limit) return cursor.currentNode;
      if (cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

const MAX_ERRORS = 20;

/** Parse an HCL file; syntax errors become diagnostics, the recovered tree is still returned. */
export function parseHcl(
  file: SourceFile,
  only?: { start: number; end: number }[],
): { root: Node; diagnostics: Diagnostic[]; tooDeep?: boolean } {
  const ranges = only?.map((b): TsRange => {
    const r = file.range(b.start, b.end);
    return {
      startIndex: b.start,
      endIndex: b.end,
      startPosition: { row: r.start.line - 1, column: r.start.column - 1 },
      endPosition: { row: r.end.line - 1, column: r.end.column - 1 },
    };
  });
  // An empty selection still parses nothing: one empty range at the start.
  const root = parseHclText(
    file.text,
    ranges &&
      (ranges.length ? ranges : [{ startIndex: 0, endIndex: 0, startPosition: { row: 0, column: 0 }, endPosition: { row: 0, column: 0 } }]),
  );
  if (!root) throw new Error(`tree-sitter returned no tree for ${file.path}`);
  const diagnostics: Diagnostic[] = [];
  // A file nested thousands of levels deep is one parse-error and is not read further: every
  // walk over the tree (blocks, errors, comments) would otherwise need that much stack.
  // The exact check walks every node (costly on a big file), so only text with deep brackets gets it.
  const deep = roughHclNesting(file.text) > ROUGH_NESTING_CHECK ? overDeepNode(root) : undefined;
  if (deep) {
    diagnostics.push({
      code: 'parse-error',
      severity: 'error',
      message: `nested deeper than ${HCL_MAX_TREE_DEPTH} syntax levels; this file was not read (docs/limits.md)`,
      range: file.range(deep.startIndex, Math.min(deep.endIndex, deep.startIndex + 1)),
    });
    return { root, diagnostics, tooDeep: true };
  }
  if (root.hasError) collectErrors(root, file, diagnostics);
  return { root, diagnostics };
}

/** Syntax errors in document order, at most MAX_ERRORS (iterative: a deep broken tree needs no stack). */
function collectErrors(root: Node, file: SourceFile, out: Diagnostic[]): void {
  const stack: Node[] = [root];
  while (stack.length && out.length < MAX_ERRORS) {
    const node = stack.pop()!;
    if (node.isMissing) {
      out.push({
        code: 'parse-error',
        severity: 'error',
        message: `missing ${TOKEN_NAMES[node.type] ?? `\`${node.type}\``}`,
        range: file.range(node.startIndex, node.endIndex),
      });
      continue;
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
      continue;
    }
    if (!node.hasError) continue;
    const children = kids(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
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
