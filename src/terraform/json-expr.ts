// Expressions of either syntax. In Terraform's JSON syntax every string (and object key) is a
// template: we parse the JSON string token itself as an HCL quoted template, so offsets map back
// to the .tf.json file with a constant shift.
import { findType, parseHclText } from '../parse/hcl.js';
import { type SourceFile, endOffsetOf, startOffsetOf } from '../core/source.js';
import type { Expr } from './config-syntax.js';
import { evalExpr } from './expr.js';
import type { Scope, TextSource } from './scope.js';
import { evalTemplateBody } from './template.js';
import type { ObjectEntry, StringValue, Value } from '../core/value.js';

export function evalConfigExpr(e: Expr, scope: Scope): Value {
  if (e.kind === 'hcl') return evalExpr(e.node, e.src, scope);
  return evalJsonValue(e.value, e.file, scope);
}

export function evalJsonValue(v: Value, file: SourceFile, scope: Scope): Value {
  switch (v.kind) {
    case 'string':
      return jsonTemplate(v, file, scope);
    case 'list':
      return { ...v, items: v.items.map((it) => evalJsonValue(it, file, scope)) };
    case 'object':
      return {
        ...v,
        entries: v.entries.map((e): ObjectEntry => {
          const k = e.keyValue ? jsonTemplate(e.keyValue, file, scope) : undefined;
          const keyValue = k?.kind === 'string' ? k : e.keyValue;
          return { key: keyValue?.value ?? e.key, keyValue, value: evalJsonValue(e.value, file, scope) };
        }),
      };
    default:
      return v;
  }
}

const MARK = 'TFC_OIDC_LINT_JSON_END';
const PREFIX = `x = <<${MARK}\n`;

/**
 * Terraform decodes the JSON string first, then parses the result as a template. We parse the
 * decoded text wrapped in a heredoc (quotes and backslashes need no escaping there) and map
 * offsets back to the .tf.json file through the string's segments.
 */
function jsonTemplate(v: StringValue, file: SourceFile, scope: Scope): Value {
  if (!v.value.includes('${') && !v.value.includes('%{')) return v;
  const range = v.range;
  if (!range || v.value.includes(`\n${MARK}`)) return v;
  const synthetic = `${PREFIX}${v.value}\n${MARK}\n`;
  const root = parseHclText(synthetic);
  const heredoc = root && findType(root, 'heredoc_template');
  if (!heredoc || heredoc.hasError) {
    scope.env.budget.note('could not parse this JSON string as a template; it is used literally', range);
    return v;
  }
  const src = decodedSource(v, file, synthetic);
  return evalTemplateBody(heredoc, PREFIX.length, PREFIX.length + v.value.length, src, scope, range, true);
}

/** Offsets of the decoded string's characters in the JSON file (escapes span their sequence). */
function decodedSource(v: StringValue, file: SourceFile, text: string): TextSource {
  const n = v.value.length;
  const at = new Array<number>(n + 1).fill(-1);
  for (const seg of v.segments ?? []) {
    if (!seg.range) continue;
    if (seg.linear) for (let k = seg.start; k < seg.end; k++) at[k] = startOffsetOf(seg.range) + (k - seg.start);
    else at[seg.start] = startOffsetOf(seg.range);
    at[seg.end] = endOffsetOf(seg.range);
  }
  // Characters without a mapping (should not happen) fall back to the token's start.
  const tokenStart = (v.range?.start.offset ?? 0) + 1;
  for (let k = 0; k <= n; k++) if (at[k] < 0) at[k] = k > 0 ? at[k - 1] : tokenStart;
  const index = (o: number) => Math.max(0, Math.min(n, o - PREFIX.length));
  return {
    file,
    text,
    toFile: (o) => at[index(o)],
    isLinear: (a, b) => {
      const x = index(a);
      const y = index(b);
      for (let k = x; k < y; k++) if (at[k + 1] - at[k] !== 1) return false;
      return y - x === b - a;
    },
  };
}
