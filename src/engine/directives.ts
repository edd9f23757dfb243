// Inline suppression comments: `# tfc-oidc-lint-ignore <rule-id>[, <rule-id>]: <reason>` (or `//`).
// Real comments only (tree-sitter's comment nodes), so the marker inside a string or a heredoc
// is text, not a directive. A comment on its own line covers the block, attribute or object
// element that starts on the next code line; at the end of a line it covers what starts there.
import type { Node } from '../parse/hcl.js';
import type { Range, SourceFile } from '../core/source.js';

export const DIRECTIVE = 'tfc-oidc-lint-ignore';

const COMMENT = new RegExp(`^(?:#|//)\\s*${DIRECTIVE}(?=\\s|:|$)(.*)$`, 's');
const CONSTRUCTS = new Set(['block', 'attribute', 'object_elem']);

export interface Directive {
  /** The comment itself. */
  comment: Range;
  /** What it covers: findings whose range lies inside are suppressed. */
  target: Range;
  ruleIds: string[];
  /** Empty when the comment gives none. */
  reason: string;
}

/** `a, b: reason` → ids and reason; the first colon separates them (rule ids have none). */
export function parseDirectiveText(rest: string): { ruleIds: string[]; reason: string } {
  const colon = rest.indexOf(':');
  const ids = colon < 0 ? rest : rest.slice(0, colon);
  return {
    ruleIds: ids.split(/[\s,]+/).filter(Boolean),
    reason: colon < 0 ? '' : rest.slice(colon + 1).trim(),
  };
}

function firstCodeOffset(file: SourceFile, line: number): number {
  const start = file.lines.offsetAt(line, 1);
  const text = file.lines.lineText(line);
  return start + (text.length - text.trimStart().length);
}

/** The outermost block, attribute or object element that starts exactly at `offset`. */
function constructAt(root: Node, offset: number): Node | undefined {
  let best: Node | undefined;
  for (let n: Node | null = root.descendantForIndex(offset, offset); n && n.startIndex === offset; n = n.parent) {
    if (CONSTRUCTS.has(n.type)) best = n;
  }
  return best;
}

function isCommentOrBlank(text: string): boolean {
  const t = text.trim();
  return t === '' || t.startsWith('#') || t.startsWith('//');
}

function lineRange(file: SourceFile, line: number): Range {
  const start = file.lines.offsetAt(line, 1);
  return file.range(start, start + file.lines.lineText(line).length);
}

function targetOf(file: SourceFile, root: Node, comment: Node): Range {
  const line = comment.startPosition.row + 1;
  const before = file.lines.lineText(line).slice(0, comment.startPosition.column);
  let codeLine = line;
  if (before.trim() === '') {
    // Own line: skip blank lines and further comments (stacked directives) to the code below.
    codeLine = comment.endPosition.row + 2;
    while (codeLine <= file.lines.lineCount && isCommentOrBlank(file.lines.lineText(codeLine))) codeLine++;
    if (codeLine > file.lines.lineCount) return file.range(comment.startIndex, comment.endIndex);
  }
  const node = constructAt(root, firstCodeOffset(file, codeLine));
  return node ? file.range(node.startIndex, node.endIndex) : lineRange(file, codeLine);
}

/** Directives in one HCL file (cheap when the marker does not occur). Never throws. */
export async function findDirectives(file: SourceFile): Promise<Directive[]> {
  if (!file.text.includes(DIRECTIVE) || !/\.tf$/.test(file.path)) return [];
  try {
    // The grammar loads only for a file that holds the marker (a pre-commit run may need none).
    const { initHcl, parseHclText } = await import('../parse/hcl.js');
    await initHcl();
    const root = parseHclText(file.text);
    if (!root) return [];
    const out: Directive[] = [];
    for (const c of root.descendantsOfType('comment')) {
      const m = c ? COMMENT.exec(c.text.trim()) : null;
      if (!c || !m) continue;
      out.push({ comment: file.range(c.startIndex, c.endIndex), target: targetOf(file, root, c), ...parseDirectiveText(m[1]) });
    }
    return out;
  } catch {
    // A file tree-sitter cannot handle at all already yields a parse-error finding.
    return [];
  }
}
