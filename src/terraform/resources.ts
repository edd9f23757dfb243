// Resource and data blocks of one module: count/for_each instances, their evaluated arguments,
// and references to them (configured arguments resolve, computed ones stay symbolic).
import type { Range } from '../core/source.js';
import { LIMITS } from './budget.js';
import type { Block } from './config-syntax.js';
import { evalBody } from './body.js';
import { evalConfigExpr } from './json-expr.js';
import type { ModuleEvaluator } from './module.js';
import { computedAttribute, derivableAttributes } from './computed.js';
import { applySteps, inheritOrigins } from './refs.js';
import { type Scope, type Step, childScope } from './scope.js';
import { toStr } from './strings.js';
import { providerRef } from './provider-config.js';
import { ifCreatedAssumption, unknownReason } from './assume.js';
import type { ResourceInstance } from '../core/resource.js';
import { type ObjectValue, type Value, getEntry, hasUnknownRun, unknown, withOrigin } from '../core/value.js';

export interface Instance {
  key?: string | number;
  /** `aws_iam_role.x["k"]`, `data.tls_certificate.y[0]`: no module prefix. */
  localAddress: string;
  scope: Scope;
  /** Set when count/for_each is unknown and this stands for "if created" (assume.ts). */
  assumption?: string;
}

interface Decl {
  mode: 'managed' | 'data';
  type: string;
  name: string;
  block: Block;
  instances?: Instance[];
  /** Keyed like the block's count/for_each: none, numbers or strings. */
  keyed: 'none' | 'count' | 'for_each';
}

const META = new Set(['count', 'for_each', 'depends_on', 'provider']);

export class ResourceSet {
  private readonly decls = new Map<string, Decl>();

  constructor(
    blocks: Block[],
    private readonly mod: ModuleEvaluator,
  ) {
    for (const b of blocks) {
      const mode = b.type === 'data' ? 'data' : 'managed';
      const [type, name] = b.labels;
      const keyed = b.body.attributes.some((a) => a.name === 'count')
        ? 'count'
        : b.body.attributes.some((a) => a.name === 'for_each')
          ? 'for_each'
          : 'none';
      this.decls.set(`${mode}.${type}.${name}`, { mode, type, name, block: b, keyed });
    }
  }

  has(mode: 'managed' | 'data', type: string, name: string): boolean {
    return this.decls.has(`${mode}.${type}.${name}`);
  }

  /** All instances as handed to the model. */
  instances(): ResourceInstance[] {
    const out: ResourceInstance[] = [];
    const wanted = this.mod.shared.wanted;
    for (const d of this.decls.values()) {
      if (!wanted(d.mode, d.type)) continue;
      for (const inst of this.instancesOf(d)) out.push(this.toResourceInstance(d, inst));
    }
    return out;
  }

  toResourceInstance(d: Decl, inst: Instance): ResourceInstance {
    const { frame } = this.mod;
    const r: ResourceInstance = {
      mode: d.mode,
      type: d.type,
      name: d.name,
      address: frame.path ? `${frame.path}.${inst.localAddress}` : inst.localAddress,
      module: frame.path,
      callChain: frame.callChain,
      values: this.valuesOf(d, inst),
      range: d.block.range,
      blockRange: d.block.blockRange,
      input: d.block.file.path.endsWith('.json') ? 'tf-json' : 'hcl',
    };
    if (inst.key !== undefined) r.key = inst.key;
    const assumptions = [...(frame.assumptions ?? []), ...(inst.assumption ? [inst.assumption] : [])];
    if (assumptions.length) r.assumptions = assumptions;
    if (frame.world?.length) r.world = frame.world.join('\n');
    const provider = this.providerOf(d);
    if (provider) {
      r.provider = provider;
      const account = this.mod.providerAccount(provider);
      if (account) r.account = account;
    }
    return r;
  }

  /** The root module's name of the AWS provider configuration managing `d` (others: undefined). */
  private providerOf(d: Decl): string | undefined {
    const local = providerRef(d.block);
    return local === 'aws' || local.startsWith('aws.') ? this.mod.providerName(local) : undefined;
  }

  private baseAddress(d: Decl): string {
    return d.mode === 'data' ? `data.${d.type}.${d.name}` : `${d.type}.${d.name}`;
  }

  private instancesOf(d: Decl): Instance[] {
    if (d.instances) return d.instances;
    d.instances = [];
    const base = this.baseAddress(d);
    const scope = this.mod.scope;
    const attr = d.block.body.attributes.find((a) => a.name === d.keyed);
    if (!attr) {
      d.instances = [{ localAddress: base, scope }];
      return d.instances;
    }
    const budget = this.mod.shared.budget;
    const v = evalConfigExpr(attr.expr, scope);
    if (d.keyed === 'count') {
      if (v.kind !== 'number') {
        // Analysed as its first instance "if created" rather than dropped (docs/assumptions.md).
        const assumption = ifCreatedAssumption('count', v);
        d.instances.push({ key: 0, localAddress: `${base}[0]`, scope: childScope(scope, { count: countObject(0) }), assumption });
        return d.instances;
      }
      if (v.value > LIMITS.maxExpansion) {
        budget.exceeded(`count of ${base} is over ${LIMITS.maxExpansion}`, d.block.range);
        return d.instances;
      }
      for (let i = 0; i < v.value; i++) {
        d.instances.push({ key: i, localAddress: `${base}[${i}]`, scope: childScope(scope, { count: countObject(i) }) });
      }
      return d.instances;
    }
    const { pairs, unknownPart } = forEachPairs(v);
    if (pairs.length > LIMITS.maxExpansion) {
      budget.exceeded(`for_each of ${base} has more than ${LIMITS.maxExpansion} elements`, d.block.range);
      return d.instances;
    }
    for (const [key, keyValue, value] of pairs) {
      const each: Value = {
        kind: 'object',
        entries: [
          { key: 'key', value: keyValue },
          { key: 'value', value },
        ],
      };
      d.instances.push({ key, localAddress: `${base}[${JSON.stringify(key)}]`, scope: childScope(scope, { each }) });
    }
    if (unknownPart) {
      // The unknown elements are analysed as one instance "if created" (docs/assumptions.md).
      const assumption = ifCreatedAssumption('for_each', unknownPart);
      const why = `each of ${base}: ${unknownReason(unknownPart) ?? 'for_each is not known'}`;
      // A set element partly known (`"app-${var.env}"`) keeps its known part as each.key/each.value.
      const element = unknownPart.kind === 'string' ? unknownPart : undefined;
      const each: Value = {
        kind: 'object',
        entries: [
          { key: 'key', value: element ?? unknown(why) },
          { key: 'value', value: element ?? (unknownPart.kind === 'unknown' ? unknownPart : unknown(why)) },
        ],
      };
      d.instances.push({ localAddress: base, scope: childScope(scope, { each }), assumption });
    }
    return d.instances;
  }

  private valuesOf(d: Decl, inst: Instance): ObjectValue {
    const v = this.mod.memoised(`values:${inst.localAddress}`, d.block.range, () =>
      evalBody(d.block.body, inst.scope, d.block.blockRange, META),
    );
    return v.kind === 'object' ? v : { kind: 'object', entries: [], range: d.block.blockRange };
  }

  /**
   * `type.name` followed by `steps`: an instance key, then an attribute. `consumed` counts the
   * steps the caller already used (for the returned count).
   */
  resolve(
    mode: 'managed' | 'data',
    type: string,
    name: string,
    steps: Step[],
    rangeAt: (n: number) => Range,
    consumed: number,
  ): { value: Value; consumed: number } {
    const d = this.decls.get(`${mode}.${type}.${name}`);
    if (!d) {
      this.mod.shared.budget.note(
        `Reference to undeclared resource: a ${mode === 'data' ? 'data' : 'managed'} resource "${type}" "${name}" has not been declared (${mode === 'data' ? 'data.' : ''}${type}.${name})`,
        rangeAt(0),
        'warning',
      );
      return { value: unknown(`undeclared ${type}.${name}`, rangeAt(steps.length)), consumed: consumed + steps.length };
    }
    const all = this.instancesOf(d);
    let i = 0;
    let targets: Instance[];
    let splat = false;
    const first = steps[0];
    if (d.keyed !== 'none' && first?.kind === 'index') {
      const k = first.key.kind === 'number' ? first.key.value : toStr(first.key)?.value;
      // `this[each.key]` / `this[count.index]` beside an instance assumed created: that instance.
      const assumed = all.length === 1 && all[0].assumption ? all[0] : undefined;
      if (first.key.kind === 'unknown' && !assumed)
        return { value: unknown(first.key.reason, rangeAt(steps.length)), consumed: consumed + steps.length };
      targets =
        first.key.kind === 'unknown'
          ? [assumed!]
          : all.filter((x) => x.key === k || (typeof x.key === 'number' && String(x.key) === String(k)));
      if (!targets.length && assumed && assumed.key === undefined) targets = [assumed];
      if (!targets.length)
        return {
          value: unknown(`no instance ${this.baseAddress(d)}[${JSON.stringify(k)}]`, rangeAt(1)),
          consumed: consumed + steps.length,
        };
      i = 1;
    } else if (d.keyed !== 'none') {
      targets = all;
      splat = true;
      if (first?.kind === 'splat') {
        const items = all.map((inst) => this.attributeOrObject(d, inst, first.steps, () => rangeAt(1)));
        const v: Value = { kind: 'list', items, range: rangeAt(1) };
        return { value: steps.length > 1 ? applySteps(v, steps.slice(1), (n) => rangeAt(n + 1)) : v, consumed: consumed + steps.length };
      }
    } else {
      targets = all;
      if (first?.kind === 'splat') {
        const v: Value = {
          kind: 'list',
          items: all.map((inst) => this.attributeOrObject(d, inst, first.steps, () => rangeAt(1))),
          range: rangeAt(1),
        };
        return { value: steps.length > 1 ? applySteps(v, steps.slice(1), (n) => rangeAt(n + 1)) : v, consumed: consumed + steps.length };
      }
    }
    if (splat) {
      // A counted resource referenced as a whole: a list (count) or map (for_each) of instances.
      const value: Value =
        d.keyed === 'count'
          ? { kind: 'list', items: targets.map((t) => this.wholeInstance(d, t, rangeAt(0))), range: rangeAt(0) }
          : {
              kind: 'object',
              entries: targets.map((t) => ({ key: String(t.key), value: this.wholeInstance(d, t, rangeAt(0)) })),
              range: rangeAt(0),
            };
      return { value: steps.length ? applySteps(value, steps, (n) => rangeAt(n)) : value, consumed: consumed + steps.length };
    }
    const inst = targets[0];
    if (!inst)
      return { value: unknown(`${this.baseAddress(d)} has no instances`, rangeAt(steps.length)), consumed: consumed + steps.length };
    const rest = steps.slice(i);
    const v = this.attributeOrObject(d, inst, rest, (n) => rangeAt(i + n));
    return { value: v, consumed: consumed + steps.length };
  }

  private attributeOrObject(d: Decl, inst: Instance, steps: Step[], rangeAt: (n: number) => Range): Value {
    const first = steps[0];
    if (first?.kind !== 'attr') {
      const obj = this.wholeInstance(d, inst, rangeAt(0));
      return steps.length ? applySteps(obj, steps, rangeAt) : obj;
    }
    const v = this.attribute(d, inst, first.name, rangeAt(1));
    return steps.length > 1 ? applySteps(v, steps.slice(1), (n) => rangeAt(n + 1)) : v;
  }

  /**
   * An instance as one value (`aws_iam_role.r`, each element of `for_each = data.tfe_workspace.ws`):
   * its configured arguments, the attributes that follow from them, and a marker so that any
   * other attribute (`.id`, `.arn`) is the same symbolic unknown a direct reference gives.
   */
  private wholeInstance(d: Decl, inst: Instance, range: Range): ObjectValue {
    const values = this.valuesOf(d, inst);
    const derived = derivableAttributes(d.mode, d.type)
      .filter((a) => a === 'json' || a === 'minified_json' || !getEntry(values, a))
      .map((a) => ({ key: a, value: this.attribute(d, inst, a, range) }));
    const entries = derived.length ? [...values.entries.filter((e) => !derived.some((x) => x.key === e.key)), ...derived] : values.entries;
    return { ...values, entries, range, instance: { address: inst.localAddress, attribute: '', module: this.mod.frame.path } };
  }

  /** One attribute of one instance: configured → its value with an origin; else computed. */
  private attribute(d: Decl, inst: Instance, attr: string, range: Range): Value {
    const values = this.valuesOf(d, inst);
    const name = `${inst.localAddress}.${attr}`;
    const origin = (v: Value) =>
      withOrigin({ ...v, range }, { kind: 'resource-attribute', name, address: inst.localAddress, range: v.range });
    const configured = getEntry(values, attr);
    // A null `name` beside `name_prefix` (or none) is chosen by the provider at apply time: it is
    // the computed name, not null, or `role = aws_iam_role.this.name` would name no role.
    const computedWhenNull = configured?.value.kind === 'null' && attr === 'name' && d.mode === 'managed';
    if (configured && !computedWhenNull && attr !== 'json' && !(d.type === 'aws_iam_policy_document' && attr === 'minified_json'))
      return origin(configured.value);
    const provider = this.providerOf(d);
    const account = provider ? this.mod.providerAccount(provider) : undefined;
    const symbol = { address: inst.localAddress, attribute: attr, module: this.mod.frame.path, ...(account ? { account } : {}) };
    const computed = computedAttribute(d.mode, d.type, attr, values, () => this.toResourceInstance(d, inst), this.mod);
    if (computed) return computed.origin === 'resource' ? origin(computed.value) : { ...computed.value, range };
    return unknown(`${name} is computed at apply time`, range, symbol);
  }
}

/**
 * for_each over a map/object (keys) or a set/list of strings (each value is its own key). Elements
 * whose key is not known come back as `unknownPart` (the first of them, or the whole value).
 */
export function forEachPairs(v: Value): { pairs: [string, Value, Value][]; unknownPart?: Value } {
  // each.value keeps where the collection came from, narrowed to its own line (refs.ts).
  const el = (x: Value, label: string): Value => (v.origins?.length ? { ...x, origins: inheritOrigins(v, x, label) } : x);
  if (v.kind === 'object')
    return {
      pairs: v.entries.map((e) => [e.key, e.keyValue ?? { kind: 'string', value: e.key }, el(e.value, `[${JSON.stringify(e.key)}]`)]),
    };
  if (v.kind === 'list') {
    const pairs: [string, Value, Value][] = [];
    let unknownPart: Value | undefined;
    for (const it of v.items) {
      const s = toStr(it);
      if (!s || hasUnknownRun(s)) unknownPart ??= it;
      else pairs.push([s.value, el(it, `[${JSON.stringify(s.value)}]`), el(it, `[${JSON.stringify(s.value)}]`)]);
    }
    return unknownPart ? { pairs, unknownPart } : { pairs };
  }
  if (v.kind === 'null') return { pairs: [] };
  return { pairs: [], unknownPart: v };
}

export const countObject = (i: number): Value => ({ kind: 'object', entries: [{ key: 'index', value: { kind: 'number', value: i } }] });
