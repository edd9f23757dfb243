// Ties attachments to their role and policy: by the reference the value was evaluated from
// (an origin or an unknown's symbol, in the same module), else by a known name.
import { posix } from 'node:path';
import type { CallFrame } from '../core/resource.js';
import { type Range, isLive, samePlace } from '../core/source.js';
import type { Origin, SymbolRef, Value } from '../core/value.js';
import type { PendingAttachment } from './resource-elements.js';
import { awsManagedPolicyName, customerPolicyName, inModule, knownString, symbolAddress } from './names.js';
import type { ManagedPolicy, PolicyAttachment, Role } from './types.js';

export interface ModelIndex {
  rolesByAddress: Map<string, Role>;
  rolesByName: Map<string, Role[]>;
  rolesByArn: Map<string, Role>;
  policiesByAddress: Map<string, ManagedPolicy>;
  policiesByArn: Map<string, ManagedPolicy>;
  policiesByName: Map<string, ManagedPolicy[]>;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * The scan unit an element belongs to: the directory of its root module (Terraform references
 * never leave it; a plan file sits in its own). Two root modules may both declare
 * `aws_iam_role.plan`, so addresses are looked up within one unit. A resource read from a live
 * account is a unit of its own: its address is its ARN, unique already.
 */
export function unitOf(e: { callChain?: readonly { range: Range }[]; range: Range }): string {
  const root = e.callChain?.[0]?.range ?? e.range;
  return isLive(root) ? root.arn : posix.dirname(root.file);
}

const unitKey = (unit: string, address: string) => `${unit}\0${address}`;

export function indexModel(roles: Role[], policies: ManagedPolicy[]): ModelIndex {
  const ix: ModelIndex = {
    rolesByAddress: new Map(),
    rolesByName: new Map(),
    rolesByArn: new Map(),
    policiesByAddress: new Map(),
    policiesByArn: new Map(),
    policiesByName: new Map(),
  };
  for (const r of roles) {
    ix.rolesByAddress.set(unitKey(unitOf(r), r.id), r);
    const n = knownString(r.name);
    if (n !== undefined) push(ix.rolesByName, n, r);
    if (r.arn) ix.rolesByArn.set(r.arn, r);
  }
  for (const p of policies) {
    ix.policiesByAddress.set(unitKey(unitOf(p), p.id), p);
    const n = knownString(p.name);
    if (n !== undefined) push(ix.policiesByName, n, p);
    if (p.arn) ix.policiesByArn.set(p.arn, p);
  }
  return ix;
}

/** The symbols of unknown parts of a value: the whole value, or unknown runs of a string. */
function symbols(v: Value): SymbolRef[] {
  if (v.kind === 'unknown') return v.symbol ? [v.symbol] : [];
  if (v.kind === 'string') return (v.segments ?? []).flatMap((s) => (s.unknown?.symbol ? [s.unknown.symbol] : []));
  return [];
}

/** Origin chains of a value and of each run of a string, each in travel order. */
function originChains(v: Value): Origin[][] {
  const chains = v.origins?.length ? [v.origins] : [];
  if (v.kind === 'string') for (const s of v.segments ?? []) if (s.origins?.length) chains.push(s.origins);
  return chains;
}

/**
 * The module a reference was written in: each later `module-input` hop moved the value one call
 * down, so the resource sits that many levels up. After a `module-output` hop we cannot tell
 * which child it was written in.
 */
function referenceModule(chain: Origin[], at: number, callChain: CallFrame[], module: string): string | undefined {
  const later = chain.slice(at + 1);
  if (later.some((o) => o.kind === 'module-output')) return undefined;
  const up = later.filter((o) => o.kind === 'module-input').length;
  if (!up) return module;
  if (up > callChain.length) return undefined;
  return callChain
    .slice(0, callChain.length - up)
    .map((f) => f.name)
    .join('.');
}

/** Full addresses of resources of `type` that a value was evaluated from. */
export function referencedAddresses(v: Value, type: string, module: string, callChain: CallFrame[]): string[] {
  const out: string[] = [];
  const isType = (a: string) => a.startsWith(`${type}.`) || a.includes(`.${type}.`);
  for (const s of symbols(v)) if (isType(s.address)) out.push(symbolAddress(s));
  for (const chain of originChains(v)) {
    chain.forEach((o, i) => {
      if (o.kind !== 'resource-attribute' || !o.address || !isType(o.address)) return;
      if (o.address.startsWith('module.')) return void out.push(o.address);
      const m = referenceModule(chain, i, callChain, module);
      if (m !== undefined) out.push(inModule(m, o.address));
    });
  }
  return out;
}

/** True when `address` is declared in `module` itself, not in a child of it. */
function directlyIn(address: string, module: string): boolean {
  const local = module ? (address.startsWith(`${module}.`) ? address.slice(module.length + 1) : undefined) : address;
  return local !== undefined && !local.startsWith('module.');
}

/** Exact address, or the one instance of a resource declared with count/for_each and referenced without a key. */
export function byAddress<T>(m: Map<string, T>, address: string): T | undefined {
  const exact = m.get(address);
  if (exact || address.endsWith(']')) return exact;
  const keyed = [...m.keys()].filter((k) => k.startsWith(`${address}[`));
  return keyed.length === 1 ? m.get(keyed[0]) : undefined;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/;

/** The role `ref` names, for an element at `from` (its range and call chain), in `module`. */
export function findRole(ref: Value, module: string, from: { callChain: CallFrame[]; range: Range }, ix: ModelIndex): Role | undefined {
  const { callChain } = from;
  const unit = unitOf(from);
  for (const a of referencedAddresses(ref, 'aws_iam_role', module, callChain)) {
    const r = byAddress(ix.rolesByAddress, unitKey(unit, a));
    if (r) return r;
  }
  const name = knownString(ref);
  if (name === undefined) return undefined;
  const byArn = ix.rolesByArn.get(name);
  if (byArn) return byArn;
  const roleName = ROLE_ARN.exec(name)?.[1] ?? name;
  const named = ix.rolesByName.get(roleName) ?? [];
  // Names are unique per account only: prefer the role declared beside the attachment (same
  // module, then same file, as in an account-details dump), and take no guess among several.
  const near = named.filter((r) => directlyIn(r.address ?? '', module));
  const pool = near.length ? near : named;
  const sameFile = pool.filter((r) => samePlace(r.range, from.range));
  if (sameFile.length === 1) return sameFile[0];
  return pool.length === 1 ? pool[0] : undefined;
}

const MANAGED_TAIL = /^:iam::aws:policy\/(?:[^*?]*\/)?([^/*?]+)$/;

/**
 * The AWS-managed policy name of a policy ARN value, also when only its partition is unknown
 * (`arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess`): the name alone decides.
 */
export function awsManagedPolicyNameOf(v: Value): string | undefined {
  const known = knownString(v);
  if (known !== undefined) return awsManagedPolicyName(known);
  if (v.kind !== 'string' || !v.segments) return undefined;
  const unknown = v.segments.filter((g) => g.unknown);
  if (!unknown.length) return undefined;
  const from = unknown[0].start;
  const to = unknown[unknown.length - 1].end;
  // Unknown runs must make up the partition field only: `arn:` before, no `:` between, the managed path after.
  const between = v.segments
    .filter((g) => !g.unknown && g.start >= from && g.end <= to)
    .map((g) => v.value.slice(g.start, g.end))
    .join('');
  if (v.value.slice(0, from) !== 'arn:' || between.includes(':')) return undefined;
  return MANAGED_TAIL.exec(v.value.slice(to))?.[1];
}

/** Fill in the label and, for a customer-managed policy found in the input, its document. */
export function resolvePolicy(a: PolicyAttachment, module: string, ix: ModelIndex): void {
  const ref = a.policyArn;
  if (!ref) return;
  let mp: ManagedPolicy | undefined;
  const unit = unitOf(a);
  for (const addr of referencedAddresses(ref, 'aws_iam_policy', module, a.callChain)) {
    mp = byAddress(ix.policiesByAddress, unitKey(unit, addr));
    if (mp) break;
  }
  const arn = knownString(ref);
  const aws = mp ? undefined : awsManagedPolicyNameOf(ref);
  if (aws) {
    a.label = aws;
    return;
  }
  if (!mp && arn !== undefined) {
    mp = ix.policiesByArn.get(arn);
    const customer = customerPolicyName(arn);
    const named = customer ? ix.policiesByName.get(customer) : undefined;
    if (!mp && named?.length === 1) mp = named[0];
    if (!mp) {
      a.label = customer ?? arn;
      return;
    }
  }
  if (mp) {
    a.label = mp.address ?? knownString(mp.name) ?? mp.id;
    if (mp.policy) a.policy = mp.policy;
    return;
  }
  // Not known and not ours: name what it was evaluated from (`data.aws_iam_policy.admin`).
  const sym = symbols(ref)[0];
  if (sym) a.label = symbolAddress(sym);
}

/** Attach each pending attachment to its role; returns those no role could be found for. */
export function linkAttachments(pending: PendingAttachment[], ix: ModelIndex): PendingAttachment[] {
  const unlinked: PendingAttachment[] = [];
  for (const p of pending) {
    const role = findRole(p.roleRef, p.module, p.attachment, ix);
    if (role) role.attachments.push(p.attachment);
    else unlinked.push(p);
  }
  return unlinked;
}

/**
 * `aws_iam_role_policies_exclusive` only names inline policies; give each name the document of the
 * role's inline policy of that name (the same object, so a rule can tell it is one policy).
 */
export function shareInlineDocuments(role: Role): void {
  for (const a of role.attachments) {
    if (a.kind !== 'aws_iam_role_policies_exclusive' || a.policy) continue;
    const named = role.attachments.find(
      (b) => (b.kind === 'aws_iam_role_policy' || b.kind === 'inline_policy') && b.label === a.label && b.policy,
    );
    if (named?.policy) a.policy = named.policy;
  }
}
