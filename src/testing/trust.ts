// Test builder: model objects (providers, roles, statements, conditions) from a JSON trust policy
// text, with real ranges. `${var.x}` in a string takes a value from a generated variables.tf (with
// its origin); any other `${...}` stays unknown, and `${aws_iam_openid_connect_provider.X.arn}`
// carries the symbol that links a principal to its provider, as the evaluator produces them.
// For the trust analysis's own unit tests (src/trust/); rules are tested through ./rule-tester.ts.
import type { Condition, OidcProvider, PolicyDocument, Principal, PrincipalType, Project, Role, Statement } from '../model/types.js';
import { fileLocator, parseJsonText } from '../parse/json.js';
import { type Range, SourceFile, withSpan } from '../core/source.js';
import { type Origin, type Segment, type StringValue, type Value, asList, getEntry } from '../core/value.js';
import { parseOperatorInfo } from '../trust/operators.js';

export interface PolicyOptions {
  /** `var.name` → value, declared as defaults in a generated `variables.tf`. */
  vars?: Record<string, string>;
  file?: string;
}

function spanRange(a: Range, b: Range): Range {
  return withSpan(a, a.start, b.end);
}

function varsFile(vars: Record<string, string>): { file: SourceFile; origins: Map<string, Origin> } {
  let text = '';
  const at: [string, number, number][] = [];
  for (const [name, value] of Object.entries(vars)) {
    text += `variable "${name.replace(/^var\./, '')}" {\n  default = `;
    at.push([name, text.length, text.length + value.length + 2]);
    text += `${JSON.stringify(value)}\n}\n`;
  }
  const file = new SourceFile('variables.tf', '/virtual/variables.tf', text);
  const origins = new Map<string, Origin>(at.map(([name, s, e]) => [name, { kind: 'variable-default', name, range: file.range(s, e) }]));
  return { file, origins };
}

function sliceSegments(segs: Segment[], a: number, b: number, out: number): Segment[] {
  const r: Segment[] = [];
  for (const s of segs) {
    const lo = Math.max(a, s.start);
    const hi = Math.min(b, s.end);
    if (lo >= hi) continue;
    const seg: Segment = { ...s, start: out + (lo - a), end: out + (hi - a) };
    if (s.linear && s.source && s.range) {
      const base = s.range.start.offset - s.start;
      seg.range = s.source.range(base + lo, base + hi);
    }
    r.push(seg);
  }
  return r;
}

const SYMBOL_RE = /^((?:module\.[\w-]+\.)*)(aws_iam_openid_connect_provider\.[\w-]+(?:\[[^\]]*\])?)\.(\w+)$/;

/** Resolve `${...}` runs of a parsed string the way evaluation would. */
function interpolate(v: StringValue, origins: Map<string, Origin>, vars: Record<string, string>): StringValue {
  if (!v.value.includes('${')) return v;
  const segs = v.segments ?? [];
  const out: Segment[] = [];
  let text = '';
  let last = 0;
  for (const m of v.value.matchAll(/\$\{([^}]*)\}/g)) {
    const a = m.index;
    const b = a + m[0].length;
    out.push(...sliceSegments(segs, last, a, text.length));
    text += v.value.slice(last, a);
    const expr = m[1].trim();
    const where = sliceSegments(segs, a, b, 0)[0]?.range;
    if (expr in vars) {
      const o = origins.get(expr)!;
      out.push({ start: text.length, end: text.length + vars[expr].length, ...(where ? { range: where } : {}), origins: [o] });
      text += vars[expr];
    } else {
      const sym = SYMBOL_RE.exec(expr);
      const unknown = {
        reason: `${expr} is known only after apply`,
        ...(sym ? { symbol: { module: sym[1].replace(/\.$/, ''), address: sym[2], attribute: sym[3] } } : {}),
      };
      out.push({ start: text.length, end: text.length + m[0].length, ...(where ? { range: where } : {}), unknown });
      text += m[0];
    }
    last = b;
  }
  out.push(...sliceSegments(segs, last, v.value.length, text.length));
  text += v.value.slice(last);
  return { ...v, value: text, segments: out };
}

function mapStrings(v: Value, f: (s: StringValue) => StringValue): Value {
  if (v.kind === 'string') return f(v);
  if (v.kind === 'list') return { ...v, items: v.items.map((i) => mapStrings(i, f)) };
  if (v.kind === 'object')
    return { ...v, entries: v.entries.map((e) => ({ ...e, keyValue: e.keyValue && f(e.keyValue), value: mapStrings(e.value, f) })) };
  return v;
}

function readStatement(v: Value): Statement {
  const obj = v.kind === 'object' ? v : { kind: 'object' as const, entries: [] };
  const list = (k: string) => asList(getEntry(obj, k)?.value);
  const effect = getEntry(obj, 'Effect')?.value;
  const principals = (k: string): Principal[] | undefined => {
    const e = getEntry(obj, k);
    if (!e) return undefined;
    const range = spanRange(e.keyValue!.range!, e.value.range!);
    if (e.value.kind === 'string') return [{ type: '*', values: [e.value], range }];
    return (e.value.kind === 'object' ? e.value.entries : []).map((p) => ({
      type: p.key as PrincipalType,
      values: asList(p.value),
      range: spanRange(p.keyValue!.range!, p.value.range!),
    }));
  };
  const conditions: Condition[] = [];
  const cond = getEntry(obj, 'Condition')?.value;
  for (const opEntry of cond?.kind === 'object' ? cond.entries : []) {
    for (const k of opEntry.value.kind === 'object' ? opEntry.value.entries : []) {
      conditions.push({
        operator: opEntry.key,
        op: parseOperatorInfo(opEntry.key),
        operatorRange: opEntry.keyValue!.range!,
        key: k.keyValue!,
        values: asList(k.value),
        range: spanRange(k.keyValue!.range!, k.value.range!),
      });
    }
  }
  const s: Statement = {
    actions: list('Action'),
    notActions: list('NotAction'),
    resources: list('Resource'),
    notResources: list('NotResource'),
    conditions,
    range: v.range!,
  };
  if (effect?.kind === 'string' && (effect.value === 'Allow' || effect.value === 'Deny')) s.effect = effect.value;
  const p = principals('Principal');
  if (p) s.principals = p;
  const np = principals('NotPrincipal');
  if (np) s.notPrincipals = np;
  return s;
}

/** A trust policy document from JSON text; throws on invalid JSON (it is a test helper). */
export function policy(json: string, options: PolicyOptions = {}): { doc: PolicyDocument; file: SourceFile; files: SourceFile[] } {
  const file = new SourceFile(options.file ?? 'trust.json', `/virtual/${options.file ?? 'trust.json'}`, json);
  const parsed = parseJsonText(json, fileLocator(file));
  if (!parsed.value || parsed.errors.length) throw new Error(`bad test JSON: ${parsed.errors[0]?.message}`);
  const vars = options.vars ?? {};
  const vf = varsFile(vars);
  const value = mapStrings(parsed.value, (s) => interpolate(s, vf.origins, vars));
  const statements = asList(getEntry(value as never, 'Statement')?.value).map(readStatement);
  return { doc: { value, range: value.range!, statements, problems: [] }, file, files: [file, vf.file] };
}

export function role(label: string, json: string, options: PolicyOptions = {}): Role {
  const { doc } = policy(json, options);
  return {
    id: `aws_iam_role.${label}`,
    address: `aws_iam_role.${label}`,
    label,
    range: doc.range,
    callChain: [],
    input: 'hcl',
    trust: doc,
    attachments: [],
  };
}

export function provider(
  address: string,
  host: string | undefined,
  clientIds: string[] | 'unknown' = ['aws.workload.identity'],
): OidcProvider {
  const range: Range = { file: 'main.tf', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
  const p: OidcProvider = {
    id: address,
    address,
    range,
    callChain: [],
    input: 'hcl',
    clientIds: clientIds === 'unknown' ? [] : clientIds.map((c) => ({ kind: 'string', value: c })),
    thumbprints: [],
  };
  if (clientIds === 'unknown') p.clientIdList = { kind: 'unknown', reason: 'computed' };
  if (host) {
    p.host = host;
    p.url = { kind: 'string', value: `https://${host}` };
  }
  return p;
}

export function project(providers: OidcProvider[], roles: Role[]): Project {
  return { providers, roles, policies: [], diagnostics: [], files: new Map() };
}

/** The HCP Terraform trust policy text the rule cases use (one copy, in ./rule-cases.ts). */
export { tfcPolicy } from './rule-cases.js';
