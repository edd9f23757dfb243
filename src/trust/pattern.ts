// Policy values as plain text for matching. A run that is unknown until apply becomes one
// private-use character: an opaque fixed name, never a wildcard.
import type { Origin, StringValue, SymbolRef, Unknown, Value } from '../core/value.js';

const OPAQUE_FIRST = 0xe000;
const OPAQUE_LAST = 0xf8ff;
const OPAQUE_RE = /[\ue000-\uf8ff]/;

export function hasOpaque(text: string): boolean {
  return OPAQUE_RE.test(text);
}

export interface PatternText {
  /** The value's characters, with each unknown run replaced by one opaque character. */
  text: string;
  /** The whole value is unknown (not a string with an unknown run inside). */
  fullyUnknown: boolean;
  /** text index → index in the original value's string (for ranges and origins). */
  sourceIndex: number[];
  value: Value;
}

/** Gives each distinct unknown run one opaque character, and turns them back into display text. */
export class OpaqueTable {
  private readonly byText = new Map<string, string>();
  private readonly display = new Map<string, string>();
  private readonly symbols = new Map<string, SymbolRef>();
  private readonly cache = new WeakMap<Value, PatternText | null>();

  charFor(text: string, why?: Unknown): string {
    let c = this.byText.get(text);
    if (!c) {
      c = String.fromCharCode(Math.min(OPAQUE_LAST, OPAQUE_FIRST + this.byText.size));
      this.byText.set(text, c);
      this.display.set(c, displayUnknown(text, why));
    }
    if (why?.symbol && !this.symbols.has(c)) this.symbols.set(c, why.symbol);
    return c;
  }

  /** The computed attribute an opaque character stands for (`tfe_workspace.app.id`), when it is one. */
  symbolOf(c: string): SymbolRef | undefined {
    return this.symbols.get(c);
  }

  /** Text for people: opaque characters shown as the expression they stand for. */
  show(text: string): string {
    return text.replace(/[\ue000-\uf8ff]/g, (c) => this.display.get(c) ?? '<unknown>');
  }

  /** A policy value as pattern text; undefined for values IAM would not compare (lists, objects, null). */
  of(v: Value): PatternText | undefined {
    const hit = this.cache.get(v);
    if (hit !== undefined) return hit ?? undefined;
    const r = this.convert(v);
    this.cache.set(v, r ?? null);
    return r;
  }

  private convert(v: Value): PatternText | undefined {
    switch (v.kind) {
      case 'string':
        return this.fromString(v);
      case 'number':
      case 'bool': {
        const text = String(v.value);
        return { text, fullyUnknown: false, sourceIndex: [...text].map((_, i) => i), value: v };
      }
      case 'unknown':
        return {
          text: this.charFor(`<${v.symbol ? `${v.symbol.address}.${v.symbol.attribute}` : v.reason}>`, v),
          fullyUnknown: true,
          sourceIndex: [0],
          value: v,
        };
      default:
        return undefined;
    }
  }

  private fromString(v: StringValue): PatternText {
    let text = '';
    const sourceIndex: number[] = [];
    const unknownRuns = (v.segments ?? []).filter((s) => s.unknown).sort((a, b) => a.start - b.start);
    let i = 0;
    for (const run of unknownRuns) {
      for (; i < run.start; i++) {
        text += v.value[i];
        sourceIndex.push(i);
      }
      text += this.charFor(v.value.slice(run.start, run.end) || `<${run.unknown!.reason}>`, run.unknown);
      sourceIndex.push(run.start);
      i = Math.max(i, run.end);
    }
    for (; i < v.value.length; i++) {
      text += v.value[i];
      sourceIndex.push(i);
    }
    return { text, fullyUnknown: false, sourceIndex, value: v };
  }
}

/**
 * An unknown as people read it: what it is and why it is not known (`⟨var.org, not set⟩`,
 * `⟨aws_iam_role.x.arn, known after apply⟩`), never `${…}` text that looks like a literal value.
 */
export function displayUnknown(text: string, why?: Unknown): string {
  const expr = text.replace(/^\$\{\s*([\s\S]*?)\s*\}$/, '$1').replace(/^<([\s\S]*)>$/, '$1');
  if (why?.symbol) return `⟨${expr}, known after apply⟩`;
  if (why && /has no value|not set/.test(why.reason)) return `⟨${expr}, not set⟩`;
  return `⟨${expr}⟩`;
}

/** Origins of the characters [start, end) of a string value: those of its segments, else the value's. */
export function originsOf(v: Value, start: number, end: number): Origin[] {
  const out: Origin[] = [];
  if (v.kind === 'string') {
    for (const s of v.segments ?? []) if (s.start < end && start < s.end && s.origins) for (const x of s.origins) out.push(x);
  }
  return out.length ? out : (v.origins ?? []);
}
