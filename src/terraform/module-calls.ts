// `module` blocks with local sources: each call instance (count/for_each) evaluates the child
// directory with its arguments bound to the child's variables; outputs flow back by reference.
import { hasWebIdentityEvidence } from '../discover/evidence.js';
import { resolve as resolvePath } from 'node:path';
import { type Range, endOffsetOf, startOffsetOf } from '../core/source.js';
import { LIMITS } from './budget.js';
import { type Block, exprRange } from './config-syntax.js';
import { iterate } from './expr.js';
import { evalConfigExpr } from './json-expr.js';
import { ModuleEvaluator } from './module.js';
import { applySteps } from './refs.js';
import { type Scope, type Step, childScope } from './scope.js';
import { toStr } from './strings.js';
import type { ResourceInstance } from '../core/resource.js';
import { type Value, isFullyKnown, unknown, withOrigin } from '../core/value.js';
import { ifCreatedAssumption, unknownReason } from './assume.js';
import { countObject } from './resources.js';
import { selfRegistryModule } from './registry-self.js';
import { providersMap } from './provider-config.js';

const NOT_INPUTS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

interface CallInstance {
  key?: string | number;
  child?: ModuleEvaluator;
  /** Set when count/for_each is unknown and this stands for "if created" (assume.ts). */
  assumption?: string;
}

interface Call {
  block: Block;
  keyed: 'none' | 'count' | 'for_each';
  instances?: CallInstance[];
}

/** A module call concerns a trust when its text shows web-identity evidence or IAM (src/discover/evidence.ts). */
const concernsTrust = (text: string) => text.includes('aws_iam_') || hasWebIdentityEvidence(text);

export class ModuleCalls {
  private readonly calls = new Map<string, Call>();

  constructor(
    blocks: Block[],
    private readonly mod: ModuleEvaluator,
  ) {
    for (const b of blocks) {
      const names = new Set(b.body.attributes.map((a) => a.name));
      this.calls.set(b.labels[0], { block: b, keyed: names.has('count') ? 'count' : names.has('for_each') ? 'for_each' : 'none' });
    }
  }

  childResources(): ResourceInstance[] {
    const out: ResourceInstance[] = [];
    for (const [name, call] of this.calls)
      for (const inst of this.instancesOf(name, call)) if (inst.child) for (const x of inst.child.allResources()) out.push(x);
    return out;
  }

  /** `module.<name>` followed by `steps` (an instance key when keyed, then an output name). */
  resolve(name: string, steps: Step[], rangeAt: (n: number) => Range, consumed: number): { value: Value; consumed: number } | undefined {
    const call = this.calls.get(name);
    if (!call) return undefined;
    const all = this.instancesOf(name, call);
    let i = 0;
    let inst: CallInstance | undefined = all[0];
    if (call.keyed !== 'none') {
      const first = steps[0];
      if (first?.kind !== 'index') {
        return {
          value: unknown(`module.${name} is referenced without an instance key`, rangeAt(steps.length)),
          consumed: consumed + steps.length,
        };
      }
      const k = first.key.kind === 'number' ? first.key.value : toStr(first.key)?.value;
      inst = all.find((x) => x.key === k || String(x.key) === String(k)) ?? (all.length === 1 && all[0].assumption ? all[0] : undefined);
      i = 1;
    }
    const out = steps[i];
    if (!inst?.child)
      return { value: unknown(`module.${name} could not be evaluated`, rangeAt(steps.length)), consumed: consumed + steps.length };
    if (out?.kind !== 'attr')
      return { value: unknown(`module.${name} referenced as a whole`, rangeAt(steps.length)), consumed: consumed + steps.length };
    const attr = inst.child.outputs.get(out.name);
    const raw = inst.child.output(out.name, rangeAt(i + 1));
    if (!raw || !attr) {
      this.mod.shared.budget.note(`module.${name} has no output "${out.name}"`, rangeAt(i + 1), 'warning');
      return { value: unknown(`no output ${out.name}`, rangeAt(i + 1)), consumed: consumed + steps.length };
    }
    const value = withOrigin(
      { ...raw, range: rangeAt(i + 1) },
      { kind: 'module-output', name: `module.${name}.${out.name}`, range: exprRange(attr.expr) },
    );
    const rest = steps.slice(i + 1);
    return { value: rest.length ? applySteps(value, rest, (n) => rangeAt(i + 1 + n)) : value, consumed: consumed + steps.length };
  }

  private instancesOf(name: string, call: Call): CallInstance[] {
    if (call.instances) return call.instances;
    call.instances = [];
    const { block } = call;
    const budget = this.mod.shared.budget;
    const sourceAttr = block.body.attributes.find((a) => a.name === 'source');
    const source = sourceAttr ? toStr(evalConfigExpr(sourceAttr.expr, this.mod.literalScope))?.value : undefined;
    if (!source) {
      budget.note(`module "${name}" has no literal source; not evaluated`, block.range, 'warning');
      return call.instances;
    }
    const self =
      source.startsWith('./') || source.startsWith('../') ? undefined : selfRegistryModule(this.mod.dir, source, this.mod.shared.rootDir);
    if (self) {
      const show = this.mod.shared.displayPath;
      // Shown as could-not-evaluate ("Not evaluated: …"): what was not read is the published release.
      budget.note(
        `the published release of ${source} (module "${name}"); this repository (${show(self.repo)}) is that module, so its local code in ${show(self.dir)} is evaluated instead`,
        block.range,
      );
    }
    if (!self && !source.startsWith('./') && !source.startsWith('../')) {
      // Said only where the call is about HCP Terraform trust: a note for every VPC or bucket
      // module would bury the one that matters (and the pre-filter keys on the same words).
      const text = block.file.text.slice(startOffsetOf(block.blockRange), endOffsetOf(block.blockRange));
      if (concernsTrust(text)) budget.note(`module "${name}" uses a remote source (${source}); it is not read`, block.range);
      return call.instances;
    }
    const dir = self ? self.dir : resolvePath(this.mod.dir, source);
    const frame = this.mod.frame;
    if (frame.dirs.includes(dir) || frame.callChain.length >= LIMITS.maxModuleDepth) {
      budget.note(`module "${name}" calls ${source} recursively or too deeply; not evaluated`, block.range, 'warning');
      return call.instances;
    }
    for (const [key, scope, assumption] of this.keys(call, name)) {
      const label = key === undefined ? `module.${name}` : `module.${name}[${JSON.stringify(key)}]`;
      const body = this.mod.shared.moduleBody(dir);
      if (!body) {
        budget.note(`module "${name}": directory ${source} could not be read`, block.range, 'warning');
        call.instances.push(assumption ? { key, assumption } : { key });
        continue;
      }
      this.mod.shared.calledDirs.add(dir);
      const inputs = new Map<string, () => Value>();
      for (const a of block.body.attributes) {
        if (NOT_INPUTS.has(a.name)) continue;
        inputs.set(a.name, () =>
          withOrigin(evalConfigExpr(a.expr, scope), { kind: 'module-input', name: `var.${a.name}`, range: exprRange(a.expr) }),
        );
      }
      const child = new ModuleEvaluator(body, dir, this.mod.shared, {
        path: frame.path ? `${frame.path}.${label}` : label,
        callChain: [...frame.callChain, { name: label, source, range: block.range }],
        dirs: [...frame.dirs, dir],
        inputs,
        ...(frame.world ? { world: frame.world } : {}),
        providerName: this.childProviders(block),
        ...(frame.assumptions || assumption ? { assumptions: [...(frame.assumptions ?? []), ...(assumption ? [assumption] : [])] } : {}),
      });
      call.instances.push(assumption ? { key, child, assumption } : { key, child });
    }
    return call.instances;
  }

  /** How the child names its provider configurations: the call's `providers` map, else the same names. */
  private childProviders(block: Block): (local: string) => string {
    const map = providersMap(block);
    return (local) => {
      const given = map?.get(local);
      return this.mod.providerName(given ?? local);
    };
  }

  private keys(call: Call, name: string): [string | number | undefined, Scope, string?][] {
    const scope = this.mod.scope;
    if (call.keyed === 'none') return [[undefined, scope]];
    const attr = call.block.body.attributes.find((a) => a.name === call.keyed)!;
    const v = evalConfigExpr(attr.expr, scope);
    const budget = this.mod.shared.budget;
    if (call.keyed === 'count') {
      if (v.kind === 'number' && v.value > LIMITS.maxExpansion) {
        budget.exceeded(`count of module.${name} is over ${LIMITS.maxExpansion}`, call.block.range);
        return [];
      }
      if (v.kind !== 'number') {
        // Analysed as its first instance "if created" rather than dropped (docs/assumptions.md).
        return [[0, childScope(scope, { count: countObject(0) }), ifCreatedAssumption('count', v)]];
      }
      return Array.from({ length: v.value }, (_, i) => [i, childScope(scope, { count: countObject(i) })]);
    }
    const pairs = iterate(v, scope, call.block.range);
    const out: [string | number | undefined, Scope, string?][] = [];
    const known = pairs?.filter(([k, val]) => isFullyKnown(v.kind === 'list' ? val : k)) ?? [];
    for (const [k, val] of known) {
      const key = v.kind === 'list' ? (toStr(val)?.value ?? '') : (toStr(k)?.value ?? '');
      const each: Value = {
        kind: 'object',
        entries: [
          { key: 'key', value: v.kind === 'list' ? val : k },
          { key: 'value', value: val },
        ],
      };
      out.push([key, childScope(scope, { each })]);
    }
    const unknownPart = !pairs ? v : pairs.find(([k, val]) => !isFullyKnown(v.kind === 'list' ? val : k))?.[1];
    if (unknownPart && v.kind !== 'null') {
      const why = `each of module.${name}: ${unknownReason(unknownPart) ?? 'for_each is not known'}`;
      const each: Value = {
        kind: 'object',
        entries: [
          { key: 'key', value: unknown(why) },
          { key: 'value', value: unknownPart.kind === 'unknown' ? unknownPart : unknown(why) },
        ],
      };
      out.push([undefined, childScope(scope, { each }), ifCreatedAssumption('for_each', unknownPart)]);
    }
    return out;
  }
}
