// One shape for configuration from native syntax (.tf) and JSON syntax (.tf.json): bodies of
// attributes and blocks whose expressions are either tree-sitter nodes or JSON values.
import { type Node, kids, namedKids } from '../parse/hcl.js';
import { type Range, type SourceFile, spanOf, startOffsetOf } from '../core/source.js';
import { type TextSource, identitySource } from './scope.js';
import type { ObjectValue, Value } from '../core/value.js';

export type Expr = { kind: 'hcl'; node: Node; src: TextSource } | { kind: 'json'; value: Value; file: SourceFile };

export interface Attribute {
  name: string;
  nameRange: Range;
  expr: Expr;
  /** The whole `name = value`. */
  range: Range;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  /** From the block type to the opening brace (the JSON key and its `{` for JSON). */
  range: Range;
  blockRange: Range;
  file: SourceFile;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export function exprRange(e: Expr): Range {
  if (e.kind === 'json') return e.value.range ?? e.file.range(0, 0);
  return e.src.file.range(e.src.toFile(e.node.startIndex), e.src.toFile(e.node.endIndex));
}

/** The expression's source text (`string`, `list(string)`), for variable types. */
export function exprText(e: Expr): string {
  if (e.kind === 'json') return e.value.kind === 'string' ? e.value.value : '';
  return e.node.text;
}

// ---- native syntax

export function hclBody(body: Node | undefined, file: SourceFile): Body {
  const out: Body = { attributes: [], blocks: [] };
  if (!body) return out;
  const src = identitySource(file);
  for (const k of namedKids(body)) {
    if (k.type === 'attribute') {
      const id = namedKids(k).find((c) => c.type === 'identifier');
      const expr = namedKids(k).find((c) => c.type === 'expression');
      if (!id || !expr) continue;
      out.attributes.push({
        name: id.text,
        nameRange: file.range(id.startIndex, id.endIndex),
        expr: { kind: 'hcl', node: expr, src },
        range: file.range(k.startIndex, k.endIndex),
      });
    } else if (k.type === 'block') {
      const ks = kids(k);
      const type = ks.find((c) => c.type === 'identifier');
      if (!type) continue;
      const labels = ks.filter((c) => c.type === 'string_lit' || (c.type === 'identifier' && c !== type)).map(labelText);
      const open = ks.find((c) => c.type === 'block_start');
      out.blocks.push({
        type: type.text,
        labels,
        body: hclBody(
          ks.find((c) => c.type === 'body'),
          file,
        ),
        range: file.range(k.startIndex, open?.endIndex ?? k.endIndex),
        blockRange: file.range(k.startIndex, k.endIndex),
        file,
      });
    }
  }
  return out;
}

function labelText(n: Node): string {
  if (n.type === 'identifier') return n.text;
  return kids(n)
    .filter((c) => c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
}

// ---- JSON syntax: which keys are blocks depends on where they are (Terraform's JSON rules)

/** Nested block types that policy code uses; in JSON they may be one object or an array of them. */
export const NESTED_BLOCKS = new Set([
  'statement',
  'condition',
  'principals',
  'not_principals',
  'inline_policy',
  'dynamic',
  'lifecycle',
  'provisioner',
  'connection',
  'content',
]);

const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  variable: 1,
  module: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  check: 1,
};

export function jsonFileBody(root: Value | undefined, file: SourceFile): Body {
  const out: Body = { attributes: [], blocks: [] };
  if (root?.kind !== 'object') return out;
  for (const e of root.entries) {
    const depth = LABELS[e.key];
    if (depth === undefined) continue;
    for (const x of jsonBlocks(e.key, e.value, depth, [], file, e.keyValue?.range)) out.blocks.push(x);
  }
  return out;
}

function jsonBlocks(type: string, v: Value, labelsLeft: number, labels: string[], file: SourceFile, keyRange: Range | undefined): Block[] {
  if (v.kind === 'list') return v.items.flatMap((it) => jsonBlocks(type, it, labelsLeft, labels, file, keyRange));
  if (v.kind !== 'object') return [];
  if (labelsLeft > 0)
    return v.entries.flatMap((e) => jsonBlocks(type, e.value, labelsLeft - 1, [...labels, e.key], file, e.keyValue?.range ?? keyRange));
  const whole = v.range ?? file.range(0, 0);
  // The header runs from the innermost label key to the object's opening brace.
  const from = keyRange && startOffsetOf(keyRange) <= startOffsetOf(whole) ? startOffsetOf(keyRange) : startOffsetOf(whole);
  const header = file.range(from, startOffsetOf(whole) + 1);
  return [{ type, labels, body: jsonBody(v, file, type), range: header, blockRange: whole, file }];
}

/** A JSON object as a body: known nested block types become blocks, `//` keys are comments. */
export function jsonBody(obj: ObjectValue, file: SourceFile, blockType = ''): Body {
  const out: Body = { attributes: [], blocks: [] };
  for (const e of obj.entries) {
    if (e.key === '//') continue;
    const keyRange = e.keyValue?.range ?? obj.range ?? file.range(0, 0);
    const isBlock =
      NESTED_BLOCKS.has(e.key) &&
      blockType !== 'locals' &&
      blockType !== 'variable' &&
      blockType !== 'output' &&
      (e.value.kind === 'object' || e.value.kind === 'list');
    if (isBlock && e.key === 'dynamic') {
      for (const x of jsonBlocks('dynamic', e.value, 1, [], file, keyRange)) out.blocks.push(x);
    } else if (isBlock) {
      for (const x of jsonBlocks(e.key, e.value, 0, [], file, keyRange)) out.blocks.push(x);
    } else {
      const vr = e.value.range ?? keyRange;
      out.attributes.push({
        name: e.key,
        nameRange: keyRange,
        expr: { kind: 'json', value: e.value, file },
        range: spanOf(keyRange, vr),
      });
    }
  }
  return out;
}
