// Evaluated values with provenance. Every value may carry the range it was written at and the
// chain of places it travelled through (variable default, tfvars, local, module input, ...).
import type { Range, SourceFile } from './source.js';

export type OriginKind =
  | 'variable-default'
  | 'tfvars'
  | 'var-file'
  | 'cli-var'
  | 'env-var'
  | 'local'
  | 'module-input'
  | 'module-output'
  | 'resource-attribute'
  | 'data-source'
  | 'file'
  /** A variable of templatefile() or data "template_file" (`vars = { sub = … }`), where it is given. */
  | 'template-var';

/** One step of where a value came from, e.g. `var.org` default at variables.tf:12. */
export interface Origin {
  kind: OriginKind;
  /** What the user wrote to reach it: `var.tfc_organization_name`, `local.sub`, `aws_iam_role.x.name`. */
  name: string;
  /** Where the value itself is written (the default's expression, the tfvars line, ...). */
  range?: Range;
  /** For resource-attribute origins: the referenced resource address (`aws_iam_role.x`). */
  address?: string;
}

/** A symbolic reference to an attribute that Terraform computes at apply time. */
export interface SymbolRef {
  /** Address without module prefix: `aws_iam_openid_connect_provider.tfc` or with instance key `aws_x.y["k"]`. */
  address: string;
  attribute: string;
  /** Module path (`module.a.module.b`), '' at the root. */
  module: string;
  /** For AWS resources: the account of the provider configuration that manages it (provider-config.ts). */
  account?: { key: string; id?: string; label: string };
}

export interface Unknown {
  reason: string;
  symbol?: SymbolRef;
}

/**
 * A run [start, end) of a string value's characters and where it came from. When `linear` is
 * set, character i of the run is at `range.start.offset + (i - start)` in `source`.
 */
export interface Segment {
  start: number;
  end: number;
  range?: Range;
  source?: SourceFile;
  linear?: boolean;
  origins?: Origin[];
  /** This run is a placeholder for a value not known until apply (the text is the expression). */
  unknown?: Unknown;
}

interface Base {
  range?: Range;
  /** The way the value travelled, in order: where it was written first (a variable default), then
   *  each hop (a local, a module input) that passed it on. */
  origins?: Origin[];
}

export interface StringValue extends Base {
  kind: 'string';
  value: string;
  /** Sorted, non-overlapping, covering [0, value.length) when present. */
  segments?: Segment[];
  /** For strings produced by jsonencode or a policy document's `json`: the value encoded. */
  encodedFrom?: Value;
}
export interface NumberValue extends Base {
  kind: 'number';
  value: number;
}
export interface BoolValue extends Base {
  kind: 'bool';
  value: boolean;
}
export interface NullValue extends Base {
  kind: 'null';
}
export interface ListValue extends Base {
  kind: 'list';
  items: Value[];
  /** Produced by toset(): order carries no meaning and duplicates are gone. */
  set?: boolean;
}
export interface ObjectEntry {
  key: string;
  /** The key as evaluated, with its range and segments (keys such as `"${var.host}:sub"`). */
  keyValue?: StringValue;
  value: Value;
}
export interface ObjectValue extends Base {
  kind: 'object';
  /** In source order. JSON input may repeat a key: all are kept, look-ups take the last. */
  entries: ObjectEntry[];
  /** A resource instance referenced as a whole (`each.value` over `data.tfe_workspace.ws`): an
   *  attribute it does not configure is computed, a symbolic unknown named after the instance. */
  instance?: SymbolRef;
}
export interface UnknownValue extends Base {
  kind: 'unknown';
  reason: string;
  symbol?: SymbolRef;
}

export type Value = StringValue | NumberValue | BoolValue | NullValue | ListValue | ObjectValue | UnknownValue;

export function str(value: string, range?: Range, origins?: Origin[]): StringValue {
  const v: StringValue = { kind: 'string', value };
  if (range) v.range = range;
  if (origins?.length) v.origins = origins;
  return v;
}

export function unknown(reason: string, range?: Range, symbol?: SymbolRef): UnknownValue {
  const v: UnknownValue = { kind: 'unknown', reason };
  if (range) v.range = range;
  if (symbol) v.symbol = symbol;
  return v;
}

export function getEntry(obj: ObjectValue, key: string): ObjectEntry | undefined {
  for (let i = obj.entries.length - 1; i >= 0; i--) if (obj.entries[i].key === key) return obj.entries[i];
  return undefined;
}

export function get(obj: Value | undefined, key: string): Value | undefined {
  return obj?.kind === 'object' ? getEntry(obj, key)?.value : undefined;
}

/** Case-insensitive look-up, for IAM element names written as `effect` or `Effect`. */
export function getCI(obj: Value | undefined, key: string): ObjectEntry | undefined {
  if (obj?.kind !== 'object') return undefined;
  const k = key.toLowerCase();
  for (let i = obj.entries.length - 1; i >= 0; i--) if (obj.entries[i].key.toLowerCase() === k) return obj.entries[i];
  return undefined;
}

/** True when part of the string is known only at apply (a segment with `unknown`). */
export function hasUnknownRun(v: StringValue): v is StringValue & { segments: Segment[] } {
  return !!v.segments?.some((s) => s.unknown);
}

/** The text of a string value with no unknown run; undefined for anything else. */
export function knownString(v: Value | undefined): string | undefined {
  return v?.kind === 'string' && !hasUnknownRun(v) ? v.value : undefined;
}

/** True when nothing in the value (a string's runs, a list's items, an object's values) is unknown. */
export function isFullyKnown(v: Value): boolean {
  if (v.kind === 'unknown') return false;
  if (v.kind === 'string') return !hasUnknownRun(v);
  if (v.kind === 'list') return v.items.every(isFullyKnown);
  if (v.kind === 'object') return v.entries.every((e) => isFullyKnown(e.value));
  return true;
}

/** A list of values from a value that IAM or Terraform accepts as "one or many". */
export function asList(v: Value | undefined): Value[] {
  if (!v || v.kind === 'null') return [];
  return v.kind === 'list' ? v.items : [v];
}

export function withOrigin<T extends Value>(v: T, origin: Origin): T {
  return { ...v, origins: [...(v.origins ?? []), origin] };
}
