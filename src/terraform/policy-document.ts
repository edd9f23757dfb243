// `data "aws_iam_policy_document"`: the document the AWS provider renders (policy_document_data_source.go,
// policy_model.go), built from evaluated arguments so that every leaf keeps its range and origins.
import { type Range, withApproximate } from '../core/source.js';
import { encodeIndentedJson, unknownPlaceholder } from './policy-document-json.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import {
  type ListValue,
  type ObjectEntry,
  type ObjectValue,
  type StringValue,
  type Value,
  asList,
  get,
  getCI,
  knownString,
  unknown,
} from '../core/value.js';

type Resolve = (v: Value) => Value | undefined;

/** A statement on its way into the merged document. `sid` is '' when blank, undefined when unknown. */
interface Stmt {
  sid: string | undefined;
  value: Value;
  sidRange?: Range;
}

interface Doc {
  version?: Value;
  id?: Value;
  statements: Stmt[];
}

interface Ctx {
  instance: ResourceInstance;
  resolve: Resolve;
  diagnostics: Diagnostic[];
}

const STATEMENT_FIELDS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition'];

/**
 * The provider's `json` attribute for an evaluated `aws_iam_policy_document` instance. Problems the
 * provider would fail on (duplicate sids, unreadable source documents) go to `diagnostics`, and the
 * document is still rendered as far as it can be.
 */
export function renderPolicyDocument(instance: ResourceInstance, resolveDocument: Resolve, diagnostics: Diagnostic[] = []): StringValue {
  const ctx: Ctx = { instance, resolve: resolveDocument, diagnostics };
  try {
    const merged: Doc = { statements: [] };
    const sourceSids = new Set<string>();
    asList(get(instance.values, 'source_policy_documents')).forEach((src, i) => {
      if (src.kind === 'null') return;
      const doc = readJsonDocument(src, `source_policy_documents[${i}]`, ctx);
      for (const s of doc.statements) {
        if (!s.sid) continue;
        if (sourceSids.has(s.sid))
          report(
            ctx,
            `duplicate Sid (${s.sid}) in source_policy_documents[${i}]: sids must be unique across source documents`,
            s.sidRange ?? src.range,
          );
        sourceSids.add(s.sid);
      }
      mergeDocument(merged, doc);
    });
    mergeDocument(merged, currentDocument(ctx));
    asList(get(instance.values, 'override_policy_documents')).forEach((o, i) => {
      if (o.kind !== 'null') mergeDocument(merged, readJsonDocument(o, `override_policy_documents[${i}]`, ctx));
    });
    return encodeIndentedJson(documentObject(merged, ctx), instance.range);
  } catch (e) {
    // A bug here must not stop the scan: the document becomes unknown.
    report(ctx, `could not render the policy document: ${(e as Error).message}`, instance.range);
    const v = unknown('policy document could not be rendered', instance.range);
    return {
      kind: 'string',
      value: unknownPlaceholder(v),
      range: instance.range,
      segments: [{ start: 0, end: 0, unknown: { reason: v.reason } }],
    };
  }
}

function report(ctx: Ctx, message: string, range: Range | undefined): void {
  ctx.diagnostics.push({
    code: 'evaluation',
    severity: 'error',
    message: `${ctx.instance.address}: ${message}`,
    range: range ?? ctx.instance.range,
  });
}

/** The provider's Merge: blank sids append, a known sid replaces the statement with that sid. */
function mergeDocument(into: Doc, doc: Doc): void {
  if (doc.id && !(doc.id.kind === 'string' && doc.id.value === '')) into.id = doc.id;
  if (doc.version) {
    const cur = into.version;
    if (!cur || doc.version.kind !== 'string' || (cur.kind === 'string' && doc.version.value > cur.value)) into.version = doc.version;
  }
  for (const s of doc.statements) {
    const at = s.sid ? into.statements.findIndex((x) => x.sid === s.sid) : -1;
    if (at >= 0) into.statements[at] = s;
    else into.statements.push(s);
  }
}

function documentObject(doc: Doc, ctx: Ctx): ObjectValue {
  const block = ctx.instance.blockRange;
  const entries: ObjectEntry[] = [];
  if (doc.version && !(doc.version.kind === 'string' && doc.version.value === '')) entries.push(entry('Version', doc.version));
  if (doc.id) entries.push(entry('Id', doc.id));
  if (doc.statements.length) {
    const range = get(ctx.instance.values, 'statement')?.range ?? block;
    entries.push(entry('Statement', { kind: 'list', items: doc.statements.map((s) => s.value), range }));
  }
  return { kind: 'object', entries, range: block };
}

function entry(key: string, value: Value, keyValue?: StringValue): ObjectEntry {
  return keyValue ? { key, keyValue, value } : { key, value };
}

/** A value the provider fills in (`Allow`, `2012-10-17`), placed at the enclosing block. */
function defaulted(value: string, range: Range): StringValue {
  return { kind: 'string', value, range: withApproximate(range) };
}

// ---- the data source's own arguments --------------------------------------------------------

function currentDocument(ctx: Ctx): Doc {
  const values = ctx.instance.values;
  const versionArg = get(values, 'version');
  const version = versionArg && versionArg.kind !== 'null' ? versionArg : defaulted('2012-10-17', ctx.instance.blockRange);
  const idArg = get(values, 'policy_id');
  const doc: Doc = { version, statements: [] };
  if (idArg && idArg.kind !== 'null') doc.id = idArg;
  const seen = new Set<string>();
  for (const s of asList(get(values, 'statement'))) {
    const stmt = hclStatement(s, knownString(version) ?? '', ctx);
    if (stmt.sid) {
      if (seen.has(stmt.sid)) {
        report(ctx, `duplicate Sid (${stmt.sid}): remove the Sid or make it unique`, stmt.sidRange);
        // The provider fails here; keep both statements (no sid merging) so rules see what was written.
        stmt.sid = undefined;
      }
      seen.add(stmt.sid ?? '');
    }
    doc.statements.push(stmt);
  }
  return doc;
}

function hclStatement(s: Value, version: string, ctx: Ctx): Stmt {
  if (s.kind !== 'object') return { sid: undefined, value: s.kind === 'unknown' ? s : unknown('statement is not an object', s.range) };
  const range = s.range ?? ctx.instance.blockRange;
  const entries: ObjectEntry[] = [];
  const sidArg = get(s, 'sid');
  let sid: string | undefined = '';
  if (sidArg && sidArg.kind !== 'null') {
    sid = knownString(sidArg);
    if (sid !== '') entries.push(entry('Sid', sidArg));
  }
  const effect = get(s, 'effect');
  entries.push(entry('Effect', effect && effect.kind !== 'null' ? effect : defaulted('Allow', range)));
  const add = (key: string, v: Value | undefined) => v && entries.push(entry(key, v));
  add('Action', stringSet(get(s, 'actions'), null, ctx));
  add('NotAction', stringSet(get(s, 'not_actions'), null, ctx));
  add('Resource', stringSet(get(s, 'resources'), version, ctx));
  add('NotResource', stringSet(get(s, 'not_resources'), version, ctx));
  add('Principal', principals(get(s, 'principals'), version, ctx));
  add('NotPrincipal', principals(get(s, 'not_principals'), version, ctx));
  add('Condition', conditions(get(s, 'condition'), version, ctx));
  const stmt: Stmt = { sid, value: { kind: 'object', entries, range, ...(s.origins ? { origins: s.origins } : {}) } };
  if (sidArg?.range) stmt.sidRange = sidArg.range;
  return stmt;
}

/** `&{aws:username}` is how a policy variable is written in HCL; the provider turns it into `${...}`. */
function replaceVars(v: Value, version: string | null, ctx: Ctx): Value {
  if (version === null || v.kind !== 'string' || !v.value.includes('&{')) return v;
  if (version === '2008-10-17')
    report(ctx, `found &{ sequence in (${v.value}), which is not supported in document version 2008-10-17`, v.range);
  // Same length, so the segments still map each character to its place.
  return { ...v, value: v.value.split('&{').join('${') };
}

/**
 * A set-of-strings argument: one element renders as a string, more as a list sorted in reverse
 * (the provider sorts, then reverses). `version` null means no `&{` replacement (actions).
 */
function stringSet(v: Value | undefined, version: string | null, ctx: Ctx): Value | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'unknown') return v;
  const seen = new Set<string>();
  const items: Value[] = [];
  for (const item of asList(v)) {
    const key = knownString(item);
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    items.push(replaceVars(item, version, ctx));
  }
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return { ...listOf(v), items: sortDescending(items) };
}

function listOf(v: Value): ListValue {
  const l: ListValue = { kind: 'list', items: [] };
  if (v.range) l.range = v.range;
  if (v.origins) l.origins = v.origins;
  return l;
}

function sortKey(v: Value): string | undefined {
  return v.kind === 'string' ? v.value : undefined;
}

/** Known strings in reverse byte order; anything else keeps its place after them. */
function sortDescending(items: Value[]): Value[] {
  const known = items.filter((i) => sortKey(i) !== undefined);
  const rest = items.filter((i) => sortKey(i) === undefined);
  known.sort((a, b) => (sortKey(a)! < sortKey(b)! ? 1 : sortKey(a)! > sortKey(b)! ? -1 : 0));
  return [...known, ...rest];
}

/** A map key that may be unknown (`type`, `test`, `variable`): its text and the evaluated key. */
function keyOf(v: Value | undefined, fallback: Range): { key: string; keyValue: StringValue } {
  if (v?.kind === 'string') return { key: v.value, keyValue: v };
  const u = v?.kind === 'unknown' ? v : unknown('missing or not a string', v?.range ?? fallback);
  const text = unknownPlaceholder(u);
  const keyValue: StringValue = { kind: 'string', value: text, range: u.range ?? fallback };
  keyValue.segments = [
    { start: 0, end: text.length, range: keyValue.range, unknown: { reason: u.reason, ...(u.symbol ? { symbol: u.symbol } : {}) } },
  ];
  return { key: text, keyValue };
}

/** Groups of values under one map key, in first-seen order, rendered sorted by key as Go does. */
class Groups {
  private readonly map = new Map<string, { keyValue: StringValue; parts: Value[]; range?: Range }>();

  add(key: string, keyValue: StringValue, part: Value, range: Range | undefined): void {
    const g = this.map.get(key);
    if (g) g.parts.push(part);
    else this.map.set(key, { keyValue, parts: [part], range });
  }

  entries(render: (parts: Value[], range: Range | undefined) => Value): ObjectEntry[] {
    return [...this.map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, g]) => entry(key, render(g.parts, g.range), g.keyValue));
  }
}

/** Several parts under one key: a single item stays a string, otherwise one list of them all. */
function joinParts(parts: Value[], range: Range | undefined): Value {
  if (parts.length === 1) return parts[0];
  const items = parts.flatMap((p) => (p.kind === 'list' ? p.items : [p]));
  return { kind: 'list', items, ...(range ? { range } : {}) };
}

function principals(v: Value | undefined, version: string, ctx: Ctx): Value | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'unknown') return v;
  const blocks = asList(v);
  if (!blocks.length) return undefined;
  const unknownBlock = blocks.find((b) => b.kind !== 'object');
  if (unknownBlock)
    return unknownBlock.kind === 'unknown' ? unknownBlock : unknown('principals block is not an object', unknownBlock.range);
  const range = v.range ?? ctx.instance.blockRange;
  const groups = new Groups();
  for (const b of blocks) {
    const { key, keyValue } = keyOf(get(b, 'type'), b.range ?? range);
    const ids = stringSet(get(b, 'identifiers'), version, ctx) ?? { kind: 'list', items: [], range: b.range ?? range };
    groups.add(key, keyValue, ids, get(b, 'identifiers')?.range);
  }
  const entries = groups.entries(joinParts);
  // `type = "*"`, `identifiers = ["*"]` alone is the bare `"Principal": "*"`.
  if (entries.length === 1 && entries[0].key === '*' && entries[0].value.kind === 'string' && entries[0].value.value === '*')
    return entries[0].value;
  return { kind: 'object', entries, range };
}

function conditions(v: Value | undefined, version: string, ctx: Ctx): Value | undefined {
  if (!v || v.kind === 'null') return undefined;
  if (v.kind === 'unknown') return v;
  const blocks = asList(v);
  if (!blocks.length) return undefined;
  const range = v.range ?? ctx.instance.blockRange;
  const byTest = new Map<string, { keyValue: StringValue; vars: Groups; range?: Range }>();
  for (const b of blocks) {
    if (b.kind !== 'object') return b.kind === 'unknown' ? b : unknown('condition block is not an object', b.range);
    const test = keyOf(get(b, 'test'), b.range ?? range);
    const variable = keyOf(get(b, 'variable'), b.range ?? range);
    let group = byTest.get(test.key);
    if (!group) byTest.set(test.key, (group = { keyValue: test.keyValue, vars: new Groups(), range: b.range }));
    const values = get(b, 'values');
    // `values` is a list (order kept, no de-duplication); an unknown list stays unknown.
    const part: Value =
      !values || values.kind === 'null'
        ? { kind: 'list', items: [], range: b.range ?? range }
        : values.kind === 'unknown'
          ? values
          : { ...listOf(values), items: asList(values).map((x) => replaceVars(x, version, ctx)) };
    group.vars.add(variable.key, variable.keyValue, part, values?.range);
  }
  const single = (parts: Value[], r: Range | undefined): Value => {
    const joined = joinParts(parts, r);
    return joined.kind === 'list' && joined.items.length === 1 ? joined.items[0] : joined;
  };
  const entries = [...byTest.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => entry(key, { kind: 'object', entries: g.vars.entries(single), ...(g.range ? { range: g.range } : {}) }, g.keyValue));
  return { kind: 'object', entries, range };
}

// ---- source and override documents (JSON, read back as the provider's Go structs) ------------

function readJsonDocument(v: Value, label: string, ctx: Ctx): Doc {
  const unknownDoc = (reason: string, at?: Range): Doc => ({
    statements: [{ sid: undefined, value: unknown(`${label}: ${reason}`, at ?? v.range) }],
  });
  if (v.kind === 'unknown') return unknownDoc(v.reason);
  const doc = ctx.resolve(v);
  if (!doc) return unknownDoc('could not be read as a policy document');
  if (doc.kind === 'unknown') return unknownDoc(doc.reason, doc.range);
  if (doc.kind !== 'object') {
    report(ctx, `${label} is not a JSON policy document`, v.range);
    return { statements: [] };
  }
  const out: Doc = { statements: [] };
  const version = getCI(doc, 'Version')?.value;
  if (version && version.kind !== 'null') out.version = version;
  const id = getCI(doc, 'Id')?.value;
  if (id && id.kind !== 'null') out.id = id;
  const st = getCI(doc, 'Statement')?.value;
  if (!st || st.kind === 'null') return out;
  if (st.kind === 'unknown') return { ...out, statements: unknownDoc(st.reason, st.range).statements };
  if (st.kind !== 'list') report(ctx, `${label}: "Statement" must be a list for the provider to merge it`, st.range);
  for (const s of asList(st)) {
    if (s.kind === 'object') out.statements.push(jsonStatement(s));
    else if (s.kind === 'unknown') out.statements.push({ sid: undefined, value: s });
    else report(ctx, `${label}: a statement is not an object`, s.range);
  }
  return out;
}

function jsonStatement(s: ObjectValue): Stmt {
  const entries: ObjectEntry[] = [];
  let sid: string | undefined = '';
  let sidRange: Range | undefined;
  for (const field of STATEMENT_FIELDS) {
    // Go matches field names case-insensitively and keeps the last duplicate.
    const e = getCI(s, field);
    if (!e || e.value.kind === 'null') continue;
    let value: Value = e.value;
    if (field === 'Sid' || field === 'Effect') {
      if (value.kind === 'string' && value.value === '') continue;
      if (field === 'Sid') {
        sid = knownString(value);
        sidRange = value.range;
      }
    } else if (field === 'Principal' || field === 'NotPrincipal') value = jsonPrincipal(value);
    else if (field === 'Condition') value = jsonCondition(value);
    const keyValue: StringValue | undefined = e.keyValue
      ? { ...e.keyValue, value: field, segments: e.key === field ? e.keyValue.segments : undefined }
      : undefined;
    entries.push(entry(field, value, keyValue));
  }
  const stmt: Stmt = { sid, value: { kind: 'object', entries, ...(s.range ? { range: s.range } : {}) } };
  if (sidRange) stmt.sidRange = sidRange;
  return stmt;
}

function sortedEntries(o: ObjectValue, map: (v: Value) => Value): ObjectEntry[] {
  // Go decodes into a map: the last duplicate key wins and keys come out sorted.
  const last = new Map<string, ObjectEntry>();
  for (const e of o.entries) last.set(e.key, e);
  return [...last.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => ({ ...e, value: map(e.value) }));
}

function jsonPrincipal(v: Value): Value {
  if (v.kind === 'string') return v.value === '*' ? v : { ...v, value: '*' };
  if (v.kind !== 'object') return v;
  const entries = sortedEntries(v, (x) => (x.kind === 'list' ? { ...x, items: sortDescending(x.items) } : x));
  if (entries.length === 1 && entries[0].key === '*') {
    const only = entries[0].value;
    const star = only.kind === 'list' && only.items.length === 1 ? only.items[0] : only;
    if (star.kind === 'string' && star.value === '*') return star;
  }
  return { ...v, entries };
}

function jsonCondition(v: Value): Value {
  if (v.kind !== 'object') return v;
  const values = (x: Value): Value => {
    if (x.kind === 'bool') return { kind: 'string', value: String(x.value), ...(x.range ? { range: x.range } : {}) };
    if (x.kind === 'list' && x.items.length === 1) return x.items[0];
    return x;
  };
  return { ...v, entries: sortedEntries(v, (op) => (op.kind === 'object' ? { ...op, entries: sortedEntries(op, values) } : op)) };
}
