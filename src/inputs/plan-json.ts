// Terraform plan JSON (`terraform show -json plan`): planned resources as instances, with the
// attributes the plan cannot know yet turned into symbolic unknowns from the configuration.
import type { Range, SourceFile } from '../core/source.js';
import type { CallFrame, ResourceInstance } from '../core/resource.js';
import { type ObjectValue, type SymbolRef, type Value, asList, get, withOrigin } from '../core/value.js';
import type { Loaded } from './iam-json.js';
import { type Deferred, elementsOf } from '../parse/json-stream.js';

interface ConfigModule {
  resources: Map<string, ObjectValue>;
  calls: Map<string, { source: string; range: Range; module?: ConfigModule }>;
}

interface PlanIndex {
  file: SourceFile;
  config?: ConfigModule;
  afterUnknown: Map<string, Value>;
  /** Known attribute values by full address, from planned values and then the prior state (deferred ones read on first use). */
  known: Map<string, (ObjectValue | Deferred)[]>;
}

const KEY_RE = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)(.+)$/;

/** `module.a["k"].module.b.aws_x.y[0]` → module path `module.a["k"].module.b`, local `aws_x.y[0]`. */
function splitAddress(address: string): { module: string; local: string } {
  const m = KEY_RE.exec(address);
  return m ? { module: m[1].replace(/\.$/, ''), local: m[2] } : { module: '', local: address };
}

function stripKeys(path: string): string {
  return path.replace(/\[[^\]]*\]/g, '');
}

function str(v: Value | undefined): string | undefined {
  return v?.kind === 'string' ? v.value : undefined;
}

function readConfigModule(v: Value | undefined): ConfigModule {
  const mod: ConfigModule = { resources: new Map(), calls: new Map() };
  for (const r of asList(get(v, 'resources'))) {
    const address = str(get(r, 'address'));
    const expressions = get(r, 'expressions');
    if (address && expressions?.kind === 'object') mod.resources.set(address, expressions);
  }
  const calls = get(v, 'module_calls');
  if (calls?.kind === 'object') {
    for (const e of calls.entries) {
      const inner = get(e.value, 'module');
      mod.calls.set(e.key, {
        source: str(get(e.value, 'source')) ?? '',
        range: e.keyValue?.range ?? e.value.range!,
        ...(inner ? { module: readConfigModule(inner) } : {}),
      });
    }
  }
  return mod;
}

/** The configuration module and call chain for a module path with instance keys. */
function configFor(index: PlanIndex, modulePath: string): { mod?: ConfigModule; chain: CallFrame[] } {
  let mod = index.config;
  const chain: CallFrame[] = [];
  const parts = modulePath ? (modulePath.match(/module\.[^.[]+(?:\[[^\]]*\])?/g) ?? []) : [];
  for (const part of parts) {
    const name = stripKeys(part).slice('module.'.length);
    const call = mod?.calls.get(name);
    if (call) chain.push({ name: part, source: call.source, range: call.range });
    mod = call?.module;
  }
  return { mod, chain };
}

/** Candidates in order (planned before prior); the first with known values wins (`knownValues`). */
function indexResources(v: Value | undefined, into: Map<string, (ObjectValue | Deferred)[]>): void {
  const add = (address: string, x: ObjectValue | Deferred) => {
    const had = into.get(address);
    if (had) had.push(x);
    else into.set(address, [x]);
  };
  for (const r of elementsOf(get(v, 'resources'))) {
    if ('deferred' in r) {
      add(r.address, r);
      continue;
    }
    const address = str(get(r, 'address'));
    const values = get(r, 'values');
    if (address && values?.kind === 'object') add(address, values);
  }
  for (const child of asList(get(v, 'child_modules'))) indexResources(child, into);
}

/** The known values of the resource at `full`: the first candidate with values; a deferred one is read now, once. */
function knownValues(index: PlanIndex, full: string): ObjectValue | undefined {
  const candidates = index.known.get(full);
  while (candidates?.length) {
    const k = candidates[0];
    if (!('deferred' in k)) return k;
    const r = k.load();
    const values = str(get(r, 'address')) ? get(r, 'values') : undefined;
    if (values?.kind === 'object') {
      candidates[0] = values;
      return values;
    }
    candidates.shift();
  }
  return undefined;
}

/** `data.aws_iam_policy.admin.arn` → the symbol; references to variables, locals and modules give none. */
function parseReference(ref: string, module: string): SymbolRef | undefined {
  const m = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([A-Za-z0-9_]+)/.exec(ref);
  if (!m || /^(var|local|module|each|count|path|terraform|self)\./.test(ref)) return undefined;
  return { address: m[1], attribute: m[2], module };
}

/** An attribute the plan leaves open: resolved through a referenced data source or resource when known. */
function openAttribute(index: PlanIndex, key: string, expressions: ObjectValue | undefined, module: string, at: Range): Value {
  const expr = get(expressions, key);
  for (const ref of asList(get(expr, 'references'))) {
    const symbol = str(ref) !== undefined ? parseReference(str(ref)!, module) : undefined;
    if (!symbol) continue;
    const full = (module ? module + '.' : '') + symbol.address;
    const known = get(knownValues(index, full), symbol.attribute);
    if (known && known.kind !== 'null' && known.kind !== 'unknown') {
      return withOrigin(known, {
        kind: symbol.address.startsWith('data.') ? 'data-source' : 'resource-attribute',
        name: str(ref)!,
        address: full,
        ...(known.range ? { range: known.range } : {}),
      });
    }
    return { kind: 'unknown', reason: 'known after apply', range: expr?.range ?? at, symbol };
  }
  return { kind: 'unknown', reason: 'known after apply', range: expr?.range ?? at };
}

/** Marks the places `after_unknown` flags (nested ones too) as unknown. */
function applyUnknown(value: Value | undefined, flags: Value, open: () => Value, at: Range): Value | undefined {
  if (flags.kind === 'bool') return flags.value ? open() : value;
  if (flags.kind === 'list' && value?.kind === 'list') {
    return {
      ...value,
      items: value.items.map((item, i) =>
        flags.items[i]
          ? (applyUnknown(item, flags.items[i], () => ({ kind: 'unknown', reason: 'known after apply', range: item.range ?? at }), at) ??
            item)
          : item,
      ),
    };
  }
  if (flags.kind === 'object' && value?.kind === 'object') {
    return {
      ...value,
      entries: value.entries.map((e) => {
        const f = get(flags, e.key);
        return f
          ? {
              ...e,
              value:
                applyUnknown(e.value, f, () => ({ kind: 'unknown', reason: 'known after apply', range: e.value.range ?? at }), at) ??
                e.value,
            }
          : e;
      }),
    };
  }
  return value;
}

function toInstance(index: PlanIndex, r: Value): ResourceInstance | undefined {
  const address = str(get(r, 'address'));
  const type = str(get(r, 'type'));
  const name = str(get(r, 'name'));
  const values = get(r, 'values');
  if (!address || !type || !name || r.kind !== 'object') return undefined;
  const range = r.range ?? index.file.range(0, 0);
  const { module, local } = splitAddress(address);
  const { mod, chain } = configFor(index, module);
  const expressions = mod?.resources.get(stripKeys(local));
  const entries = values?.kind === 'object' ? [...values.entries] : [];
  const flags = index.afterUnknown.get(address);
  const out: ObjectValue = { kind: 'object', entries: [], range: values?.range ?? range };
  for (const e of entries) {
    const f = get(flags, e.key);
    const v = f ? (applyUnknown(e.value, f, () => openAttribute(index, e.key, expressions, module, range), range) ?? e.value) : e.value;
    out.entries.push({ ...e, value: v });
  }
  // Attributes the plan omits altogether but the configuration sets.
  const present = new Set(out.entries.map((e) => e.key));
  for (const e of flags?.kind === 'object' ? flags.entries : []) {
    if (!present.has(e.key) && e.value.kind === 'bool' && e.value.value) {
      out.entries.push({ key: e.key, value: openAttribute(index, e.key, expressions, module, range) });
      present.add(e.key);
    }
  }
  for (const e of expressions?.entries ?? []) {
    if (!present.has(e.key) && get(e.value, 'references'))
      out.entries.push({ key: e.key, value: openAttribute(index, e.key, expressions, module, range) });
  }
  const idx = get(r, 'index');
  const instance: ResourceInstance = {
    mode: str(get(r, 'mode')) === 'data' ? 'data' : 'managed',
    type,
    name,
    address,
    module,
    callChain: chain,
    values: out,
    range,
    blockRange: range,
    input: 'plan',
  };
  if (idx?.kind === 'number' || idx?.kind === 'string') instance.key = idx.value;
  return instance;
}

function collect(index: PlanIndex, v: Value | undefined, out: ResourceInstance[], seen: Set<string>, onlyData: boolean): void {
  for (const r of asList(get(v, 'resources'))) {
    if (onlyData && str(get(r, 'mode')) !== 'data') continue;
    const inst = toInstance(index, r);
    if (inst && !seen.has(inst.address)) {
      seen.add(inst.address);
      out.push(inst);
    }
  }
  for (const child of asList(get(v, 'child_modules'))) collect(index, child, out, seen, onlyData);
}

/**
 * Instances from a plan: every planned resource and data source, plus data sources only the prior
 * state holds. A state file (`terraform show -json` without a plan) is read from `values`.
 */
export function loadPlan(file: SourceFile, root: ObjectValue): Loaded {
  const planned = get(get(root, 'planned_values'), 'root_module') ?? get(get(root, 'values'), 'root_module');
  const prior = get(get(get(root, 'prior_state'), 'values'), 'root_module');
  const index: PlanIndex = { file, afterUnknown: new Map(), known: new Map() };
  const configRoot = get(get(root, 'configuration'), 'root_module');
  if (configRoot) index.config = readConfigModule(configRoot);
  for (const rc of asList(get(root, 'resource_changes'))) {
    const address = str(get(rc, 'address'));
    const au = get(get(rc, 'change'), 'after_unknown');
    if (address && au) index.afterUnknown.set(address, au);
  }
  indexResources(planned, index.known);
  indexResources(prior, index.known);
  const resources: ResourceInstance[] = [];
  const seen = new Set<string>();
  collect(index, planned, resources, seen, false);
  collect(index, prior, resources, seen, true);
  return { resources, diagnostics: [] };
}
