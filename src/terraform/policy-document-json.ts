// JSON text for an evaluated document, as Go's encoding/json writes it (the AWS provider's
// `json`), with segments that map every character of the text back to the value it came from.
import type { Range } from '../core/source.js';
import { StringBuilder, formatNumber } from './strings.js';
import type { StringValue, UnknownValue, Value } from '../core/value.js';

/** Go escapes <, > and & (HTML-safe output) and the JavaScript line separators, as does the provider. */
export function goJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029)
      out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

/** Text a still-unknown value stands in for: `${aws_iam_role.x.arn}` or `${unknown}`. */
export function unknownPlaceholder(v: UnknownValue): string {
  const s = v.symbol;
  if (!s) return '${unknown}';
  return '${' + (s.module ? s.module + '.' : '') + s.address + '.' + s.attribute + '}';
}

class Writer {
  readonly b = new StringBuilder();

  /** Structural characters: mapped (not linearly) to the construct they belong to. */
  punct(s: string, range: Range | undefined): void {
    this.b.append(s, range ? { range } : {});
  }

  string(v: StringValue, fallback: Range | undefined): void {
    const token = goJsonString(v.value);
    const range = v.range ?? fallback;
    if (token.length === v.value.length + 2 && v.segments?.length) {
      this.punct('"', range);
      this.b.appendValue(v);
      return this.punct('"', range);
    }
    // Escapes change the length: the characters can no longer be mapped one by one.
    const u = v.segments?.find((s) => s.unknown)?.unknown;
    this.b.append(token, { ...(range ? { range } : {}), ...(v.origins ? { origins: v.origins } : {}), ...(u ? { unknown: u } : {}) });
  }

  unknown(v: UnknownValue, fallback: Range | undefined): void {
    const range = v.range ?? fallback;
    this.b.append(goJsonString(unknownPlaceholder(v)), {
      ...(range ? { range } : {}),
      unknown: { reason: v.reason, ...(v.symbol ? { symbol: v.symbol } : {}) },
    });
  }

  value(v: Value, indent: string, fallback: Range | undefined): void {
    const range = v.range ?? fallback;
    switch (v.kind) {
      case 'string':
        return this.string(v, fallback);
      case 'unknown':
        return this.unknown(v, fallback);
      case 'number':
        return this.punct(Number.isFinite(v.value) ? formatNumber(v.value) : 'null', range);
      case 'bool':
        return this.punct(String(v.value), range);
      case 'null':
        return this.punct('null', range);
      case 'list': {
        if (!v.items.length) return this.punct('[]', range);
        const inner = indent + '  ';
        this.punct('[', range);
        v.items.forEach((item, i) => {
          this.punct((i ? ',' : '') + '\n' + inner, range);
          this.value(item, inner, range);
        });
        return this.punct('\n' + indent + ']', range);
      }
      case 'object': {
        if (!v.entries.length) return this.punct('{}', range);
        const inner = indent + '  ';
        this.punct('{', range);
        v.entries.forEach((e, i) => {
          this.punct((i ? ',' : '') + '\n' + inner, range);
          if (e.keyValue && e.keyValue.value === e.key) this.string(e.keyValue, range);
          else this.punct(goJsonString(e.key), e.keyValue?.range ?? range);
          this.punct(': ', range);
          this.value(e.value, inner, range);
        });
        return this.punct('\n' + indent + '}', range);
      }
    }
  }
}

/**
 * Indented JSON text (two spaces, as `json.MarshalIndent(doc, "", "  ")`), `encodedFrom` the
 * value. Unknown parts are written as `"${...}"` placeholders whose segments say why.
 */
export function encodeIndentedJson(v: Value, range: Range): StringValue {
  const w = new Writer();
  w.value(v, '', range);
  const out = w.b.build(range);
  out.encodedFrom = v;
  return out;
}
