// `data "template_file"` (the deprecated template provider, still common in older code): its
// `rendered` attribute is its `template` string rendered as a template with `vars`, as
// templatefile() renders a file. Positions map back through the template string's own segments,
// so a finding inside a file()d template points at the template file.
import { findType, parseHclText } from '../parse/hcl.js';
import { type Range, type SourceFile, isLive, startOffsetOf } from '../core/source.js';
import { type Scope, type TextSource, childScope } from './scope.js';
import { evalTemplateBody } from './template.js';
import { templateVar } from './functions-encoding.js';
import { type ObjectValue, type Segment, type StringValue, type Value, getEntry, hasUnknownRun, unknown } from '../core/value.js';
import type { EvalEnv } from './scope.js';

const MARK = 'TFC_OIDC_LINT_TEMPLATE_END';

export function renderTemplateFile(values: ObjectValue, env: EvalEnv, range: Range): Value {
  const tpl = getEntry(values, 'template')?.value;
  const varsV = getEntry(values, 'vars')?.value;
  if (!tpl || tpl.kind === 'unknown') return unknown(tpl ? tpl.reason : 'template_file has no template', range);
  if (tpl.kind !== 'string') return unknown('template_file template is not a string', range);
  if (hasUnknownRun(tpl)) return unknown('template_file template is not known until apply', range);
  const vars: Record<string, Value> = {};
  if (varsV?.kind === 'object') for (const e of varsV.entries) vars[e.key] = templateVar(e.key, e.value);
  else if (varsV && varsV.kind !== 'null')
    return unknown(varsV.kind === 'unknown' ? varsV.reason : 'template_file vars is not an object', range);
  const prefix = `x = <<${MARK}\n`;
  const synthetic = `${prefix}${tpl.value}\n${MARK}\n`;
  const root = parseHclText(synthetic);
  const heredoc = root && findType(root, 'heredoc_template');
  if (!heredoc || heredoc.hasError) {
    env.budget.note('template_file template has a syntax error; rendered is treated as unknown', tpl.range ?? range, 'warning');
    return unknown('template_file template has a syntax error', range);
  }
  const src = templateSource(tpl, synthetic, prefix.length, range);
  if (!src) return unknown('template_file template has no source position', range);
  const isolated: Scope = { env, resolve: () => undefined };
  return evalTemplateBody(heredoc, prefix.length, prefix.length + tpl.value.length, src, childScope(isolated, vars), range);
}

/** Parsed text → file offsets through the template string's segments (exact where they are linear). */
function templateSource(tpl: StringValue, text: string, prefixLength: number, range: Range): TextSource | undefined {
  const segs = tpl.segments ?? [];
  const file: SourceFile | undefined = segs.find((s) => s.source)?.source;
  if (!file) return undefined;
  const at = (o: number): Segment | undefined => {
    const i = o - prefixLength;
    return segs.find((s) => i >= s.start && i < s.end && s.source === file) ?? undefined;
  };
  return {
    file,
    text,
    toFile(o) {
      const s = at(o) ?? at(o - 1);
      if (!s?.range) return !isLive(range) && range.file === file.path ? startOffsetOf(range) : 0;
      return s.linear ? startOffsetOf(s.range) + (Math.min(o - prefixLength, s.end) - s.start) : startOffsetOf(s.range);
    },
    isLinear(a, b) {
      const s = at(a);
      return !!s?.linear && b - prefixLength <= s.end;
    },
  };
}
