// One Terraform module instance: its variables, locals, outputs, resources and module calls,
// all evaluated lazily and memoised, with cycles turned into named unknowns.
import { relative } from 'node:path';
import type { Range } from '../core/source.js';
import { LIMITS } from './budget.js';
import { type Attribute, type Block, type Body, exprRange, exprText } from './config-syntax.js';
import { evalConfigExpr } from './json-expr.js';
import type { ModuleShared } from './module-shared.js';
import { ResourceSet } from './resources.js';
import type { EvalEnv, Scope, Step } from './scope.js';
import type { CallFrame, ResourceInstance } from '../core/resource.js';
import { type Supplied, suppliedValue } from './variables.js';
import { type Origin, type Value, unknown, withOrigin } from '../core/value.js';
import { ModuleCalls } from './module-calls.js';
import { convertToType, typeSpec } from './type-constraint.js';
import { type ProviderAccount, accountOf, providerAccounts } from './provider-config.js';
import { type WorldValue, mergeWorlds, validationValues, worldAssumption, worldsOf } from './enumerate.js';

export interface ModuleFrame {
  /** `module.a.module.b`, '' at the root. */
  path: string;
  callChain: CallFrame[];
  /** Directories of this module and its callers, to refuse recursive calls. */
  dirs: string[];
  /** Values passed by the calling module block (child modules). */
  inputs?: Map<string, () => Value>;
  /** Values supplied from outside (root module only). */
  supplied?: Map<string, Supplied>;
  /** What was assumed to evaluate this module instance at all (a call whose count is unknown). */
  assumptions?: string[];
  /** Values taken for variables without a value, from their validation (enumerate.ts). */
  overrides?: Map<string, Value>;
  /** The assumptions of those values: the world this instance is evaluated in. */
  world?: string[];
  /** A provider configuration's local name → the root module's name for it (module `providers`). */
  providerName?: (local: string) => string;
}

export class ModuleEvaluator {
  readonly variables = new Map<string, Block>();
  readonly locals = new Map<string, Attribute>();
  readonly outputs = new Map<string, Attribute>();
  readonly scope: Scope;
  readonly literalScope: Scope;
  readonly env: EvalEnv;
  readonly resources: ResourceSet;
  readonly calls: ModuleCalls;
  private readonly memo = new Map<string, Value>();

  private readonly active: string[] = [];

  constructor(
    readonly body: Body,
    readonly dir: string,
    readonly shared: ModuleShared,
    readonly frame: ModuleFrame,
  ) {
    this.env = {
      budget: shared.budget,
      files: shared.reader,
      moduleDir: dir,
      rootDir: shared.rootDir,
      cwd: shared.rootModuleDir,
    };
    this.scope = { env: this.env, resolve: (name, steps, range) => this.resolve(name, steps, range) };
    this.literalScope = { env: this.env, resolve: () => undefined };
    const resourceBlocks: Block[] = [];
    const providerBlocks: Block[] = [];
    const moduleBlocks: Block[] = [];
    for (const b of body.blocks) {
      if (b.type === 'variable' && b.labels[0]) this.variables.set(b.labels[0], b);
      else if (b.type === 'locals') for (const a of b.body.attributes) this.locals.set(a.name, a);
      else if (b.type === 'output' && b.labels[0]) {
        const v = b.body.attributes.find((a) => a.name === 'value');
        if (v) this.outputs.set(b.labels[0], v);
      } else if ((b.type === 'resource' || b.type === 'data') && b.labels.length >= 2) resourceBlocks.push(b);
      else if (b.type === 'module' && b.labels[0]) moduleBlocks.push(b);
      else if (b.type === 'provider') providerBlocks.push(b);
    }
    if (frame.path === '' && !shared.rootProviders) shared.rootProviders = { blocks: providerBlocks, scope: this.scope };
    this.resources = new ResourceSet(resourceBlocks, this);
    this.calls = new ModuleCalls(moduleBlocks, this);
  }

  /** The root module's name for a provider configuration this module calls `local`. */
  providerName(local: string): string {
    return this.frame.providerName ? this.frame.providerName(local) : local;
  }

  /** What the root module's provider blocks say about the account of a configuration (root names). */
  providerAccount(rootName: string): ProviderAccount | undefined {
    const shared = this.shared;
    if (!shared.rootAccounts)
      shared.rootAccounts = shared.rootProviders ? providerAccounts(shared.rootProviders.blocks, shared.rootProviders.scope) : new Map();
    // Without a provider block that tells accounts apart, every resource is in one account: say nothing.
    return shared.rootAccounts.size ? accountOf(rootName, shared.rootAccounts) : undefined;
  }

  /** Every resource and data instance of this module and of its local child modules. */
  allResources(): ResourceInstance[] {
    const worlds = this.frame.overrides ? [] : this.worlds();
    if (!worlds.length) return [...this.resources.instances(), ...this.calls.childResources()];
    return mergeWorlds(worlds.map((w) => this.inWorld(w).allResources()));
  }

  /** Variables without a value whose validation lists the values they may take, as worlds. */
  private worlds(): WorldValue[][] {
    const choices: { name: string; values: Value[] }[] = [];
    for (const [name, decl] of this.variables) {
      const values = validationValues(decl, name, this.literalScope);
      if (values && this.variable(name, decl.range)?.kind === 'unknown') choices.push({ name, values });
    }
    return choices.length ? worldsOf(choices) : [];
  }

  private inWorld(w: WorldValue[]): ModuleEvaluator {
    const said = w.map(worldAssumption);
    return new ModuleEvaluator(this.body, this.dir, this.shared, {
      ...this.frame,
      overrides: new Map(w.map((x) => [x.name, x.value])),
      assumptions: [...(this.frame.assumptions ?? []), ...said],
      world: [...(this.frame.world ?? []), ...said],
    });
  }

  /** Evaluate once per key; a key re-entered while it is being computed is a cycle. */
  memoised(key: string, range: Range | undefined, compute: () => Value): Value {
    const hit = this.memo.get(key);
    if (hit) return hit;
    const at = this.active.indexOf(key);
    if (at >= 0) {
      const cycle = [...this.active.slice(at), key].join(' → ');
      this.shared.budget.note(`reference cycle: ${cycle}`, range, 'warning');
      return unknown(`reference cycle: ${cycle}`, range);
    }
    if (this.active.length > LIMITS.maxDepth) return this.shared.budget.exceeded('references nested too deeply', range);
    this.active.push(key);
    try {
      const v = compute();
      this.memo.set(key, v);
      return v;
    } finally {
      this.active.pop();
    }
  }

  variable(name: string, range: Range): Value | undefined {
    const decl = this.variables.get(name);
    if (!decl) return undefined;
    return this.memoised(`var.${name}`, range, () => {
      const typeAttr = decl.body.attributes.find((a) => a.name === 'type');
      const value = this.rawVariable(name, decl, typeAttr);
      // Terraform converts every value of a variable to its declared type (docs/type-conversion.md):
      // `true` for a string is "true", optional() attributes fill in; what cannot convert is noted.
      const spec = typeAttr && typeSpec(typeAttr.expr, this.literalScope);
      const budget = this.shared.budget;
      return spec
        ? convertToType(value, spec, `var.${name}`, (message, at) =>
            budget.note(`${message}; it is treated as unknown`, at ?? decl.range, 'warning'),
          )
        : value;
    });
  }

  private rawVariable(name: string, decl: Block, typeAttr: Attribute | undefined): Value {
    const chosen = this.frame.overrides?.get(name);
    if (chosen)
      return withOrigin(chosen, { kind: 'variable-default', name: `var.${name}`, ...(chosen.range ? { range: chosen.range } : {}) });
    const input = this.frame.inputs?.get(name);
    if (input) return input();
    const supplied = this.frame.supplied?.get(name);
    if (supplied) return suppliedValue(name, supplied, typeAttr ? exprText(typeAttr.expr) : '', this.shared.budget, this.env);
    const def = decl.body.attributes.find((a) => a.name === 'default');
    if (!def) return unknown(`var.${name} has no value (no default, not set)`, decl.range);
    const origin: Origin = { kind: 'variable-default', name: `var.${name}`, range: exprRange(def.expr) };
    // In JSON syntax a default is a literal value, not a template.
    const value = def.expr.kind === 'json' ? def.expr.value : evalConfigExpr(def.expr, this.literalScope);
    return withOrigin(value, origin);
  }

  local(name: string, range: Range): Value | undefined {
    const attr = this.locals.get(name);
    if (!attr) return undefined;
    return this.memoised(`local.${name}`, range, () =>
      withOrigin(evalConfigExpr(attr.expr, this.scope), { kind: 'local', name: `local.${name}`, range: exprRange(attr.expr) }),
    );
  }

  output(name: string, range: Range): Value | undefined {
    const attr = this.outputs.get(name);
    if (!attr) return undefined;
    return this.memoised(`output.${name}`, range, () => evalConfigExpr(attr.expr, this.scope));
  }

  private resolve(name: string, steps: Step[], rangeAt: (n: number) => Range): { value: Value; consumed: number } | undefined {
    const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
    const at = (v: Value | undefined, consumed: number) => (v ? { value: { ...v, range: rangeAt(consumed) }, consumed } : undefined);
    switch (name) {
      case 'var':
        return first === undefined ? undefined : at(this.variable(first, rangeAt(1)) ?? this.missing(`var.${first}`, rangeAt(1)), 1);
      case 'local':
        return first === undefined ? undefined : at(this.local(first, rangeAt(1)) ?? this.missing(`local.${first}`, rangeAt(1)), 1);
      case 'module':
        return first === undefined ? undefined : this.calls.resolve(first, steps.slice(1), (n) => rangeAt(n + 1), 1);
      case 'path':
        return at(this.pathValue(first, rangeAt(1)), 1);
      case 'terraform':
        return at(unknown('terraform.* is only known in a run', rangeAt(1)), 1);
      case 'data':
        if (first === undefined || steps[1]?.kind !== 'attr') return undefined;
        return this.resources.resolve('data', first, steps[1].name, steps.slice(2), (n) => rangeAt(n + 2), 2);
      default:
        if (first === undefined || !this.resources.has('managed', name, first)) return undefined;
        return this.resources.resolve('managed', name, first, steps.slice(1), (n) => rangeAt(n + 1), 1);
    }
  }

  private missing(what: string, range: Range): Value {
    this.shared.budget.note(undeclaredWords(what), range, 'warning');
    return unknown(`undeclared ${what}`, range);
  }

  private pathValue(which: string | undefined, range: Range): Value {
    const root = this.shared.rootModuleDir;
    const rel = relative(root, this.dir) || '.';
    const text = which === 'module' ? rel : '.';
    return { kind: 'string', value: text, range };
  }
}

/** Terraform's own words for a reference to something not declared (`terraform validate` says the same). */
function undeclaredWords(what: string): string {
  const [kind, name] = [what.slice(0, what.indexOf('.')), what.slice(what.indexOf('.') + 1)];
  if (kind === 'var')
    return `Reference to undeclared input variable: an input variable with the name "${name}" has not been declared (${what})`;
  if (kind === 'local') return `Reference to undeclared local value: a local value with the name "${name}" has not been declared (${what})`;
  return `reference to undeclared ${what}`;
}
