// Root-module variable values from outside the configuration, with Terraform's precedence:
// TF_VAR_ env < terraform.tfvars(.json) < *.auto.tfvars(.json) (lexical) < -var-file / -var in order.
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { namedKids, parseHcl, parseHclText } from '../parse/hcl.js';
import { parseJsonFile } from '../parse/json.js';
import { SourceFile } from '../core/source.js';
import type { Budget } from './budget.js';
import { hclBody } from './config-syntax.js';
import { evalConfigExpr } from './json-expr.js';
import { evalExpr } from './expr.js';
import type { ScanRootReader } from './files.js';
import { type EvalEnv, type Scope, shiftedSource } from './scope.js';
import { derivedString } from './strings.js';
import type { Diagnostic } from '../core/resource.js';
import { type Origin, type OriginKind, type Value, withOrigin } from '../core/value.js';

/** A value supplied from outside, not yet converted (CLI and env text depends on the declared type). */
export type Supplied =
  | { kind: 'value'; value: Value; origin: OriginKind; file: SourceFile }
  | { kind: 'text'; text: string; origin: OriginKind; file: SourceFile };

export interface VarSourceOptions {
  moduleDir: string;
  vars?: Record<string, string>;
  varFiles?: string[];
  env?: Record<string, string | undefined>;
}

/** Collect supplied values; later sources overwrite earlier ones. */
export function collectSupplied(
  opts: VarSourceOptions,
  reader: ScanRootReader,
  env: EvalEnv,
  diagnostics: Diagnostic[],
): Map<string, Supplied> {
  const out = new Map<string, Supplied>();
  for (const [k, text] of Object.entries(opts.env ?? {})) {
    if (!k.startsWith('TF_VAR_') || text === undefined) continue;
    const name = k.slice('TF_VAR_'.length);
    out.set(name, { kind: 'text', text, origin: 'env-var', file: new SourceFile(`env:${k}`, `env:${k}`, text) });
  }
  let names: string[] = [];
  try {
    names = readdirSync(opts.moduleDir).sort();
  } catch {
    names = [];
  }
  const auto = names.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n));
  const defaults = ['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => names.includes(n));
  for (const n of [...defaults, ...auto]) readVarFile(join(opts.moduleDir, n), 'tfvars', reader, env, diagnostics, out);
  for (const f of opts.varFiles ?? []) readVarFile(f, 'var-file', reader, env, diagnostics, out);
  for (const [name, text] of Object.entries(opts.vars ?? {})) {
    out.set(name, { kind: 'text', text, origin: 'cli-var', file: new SourceFile(`--var ${name}`, `cli:${name}`, text) });
  }
  return out;
}

function readVarFile(
  abs: string,
  origin: OriginKind,
  reader: ScanRootReader,
  env: EvalEnv,
  diagnostics: Diagnostic[],
  out: Map<string, Supplied>,
): void {
  const f = reader.read(abs, env.moduleDir, undefined, origin === 'var-file');
  if (!(f instanceof SourceFile)) {
    diagnostics.push({ code: 'parse-error', severity: 'error', message: f.error, file: basename(abs) });
    return;
  }
  if (abs.endsWith('.json')) {
    const { value, diagnostics: d } = parseJsonFile(f);
    for (const x of d) diagnostics.push(x);
    if (value?.kind === 'object') for (const e of value.entries) out.set(e.key, { kind: 'value', value: e.value, origin, file: f });
    return;
  }
  const { root, diagnostics: d, tooDeep } = parseHcl(f);
  for (const x of d) diagnostics.push(x);
  if (tooDeep) return;
  const literal: Scope = { env, resolve: () => undefined };
  for (const a of hclBody(
    namedKids(root).find((k) => k.type === 'body'),
    f,
  ).attributes) {
    out.set(a.name, { kind: 'value', value: evalConfigExpr(a.expr, literal), origin, file: f });
  }
}

/**
 * The value of a supplied variable. String-typed (and untyped) variables take CLI/env text
 * verbatim; other types parse it as an HCL expression, as Terraform does.
 */
export function suppliedValue(name: string, s: Supplied, type: string, budget: Budget, env: EvalEnv): Value {
  const origin: Origin = {
    kind: s.origin,
    name: `var.${name}`,
    range: s.kind === 'value' ? s.value.range : s.file.range(0, s.file.text.length),
  };
  if (s.kind === 'value') return withOrigin(s.value, origin);
  const t = type.replace(/\s/g, '');
  if (t === '' || t === 'string' || t === 'any') {
    const v = derivedString(s.text, origin.range);
    if (v.segments?.[0]) Object.assign(v.segments[0], { source: s.file, linear: true });
    return withOrigin(v, origin);
  }
  const prefix = 'x = ';
  const synthetic = prefix + s.text + '\n';
  const root = parseHclText(synthetic);
  const expr = root && findExpression(root);
  if (!root || !expr || root.hasError) {
    budget.note(`cannot parse the value of var.${name} as ${type}`, origin.range, 'warning');
    return withOrigin({ kind: 'unknown', reason: `unparseable value for var.${name}`, range: origin.range }, origin);
  }
  const src = shiftedSource(s.file, synthetic, prefix.length);
  const literal: Scope = { env, resolve: () => undefined };
  return withOrigin(evalExpr(expr, src, literal), origin);
}

function findExpression(n: ReturnType<typeof parseHclText> & object): ReturnType<typeof parseHclText> {
  const body = namedKids(n).find((k) => k.type === 'body');
  const attr = body && namedKids(body).find((k) => k.type === 'attribute');
  return attr ? namedKids(attr).find((k) => k.type === 'expression') : undefined;
}
