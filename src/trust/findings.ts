// What the trust rules share: where a finding points, which open dimension each rule reports
// (one finding per accepting value, at the broadest open level), and how a token reads.
import { displayUnknown } from './pattern.js';
import type { Condition, Statement } from '../model/types.js';
import type { Range } from '../core/source.js';
import type { Origin, Value } from '../core/value.js';
import type { Witness } from '../core/finding.js';
import { type IssuerTrust, toWitness } from './analyze.js';
import type { SubClaim } from './claims.js';
import type { AcceptedToken, Dimension, OpenScope } from './witness.js';

export interface Place {
  range: Range;
  origins?: Origin[];
}

/** The decisive value's range and origins; the condition or statement when there is no value. */
export function placeOf(value: Value | undefined, condition: Condition | undefined, statement: Statement): Place {
  const range = value?.range ?? condition?.range ?? statement.range;
  const p: Place = { range };
  const o: Origin[] = [];
  if (value?.kind === 'string') {
    // A wildcard decides these findings: name where the wildcard came from, not every part of the value.
    const segs = value.segments ?? [];
    const wild = segs.filter((s) => /[*?]/.test(value.value.slice(s.start, s.end)));
    for (const s of wild.length ? wild : segs) for (const x of s.origins ?? []) o.push(x);
  }
  // Then the hops the whole value took (a local that holds the template, a module input).
  for (const x of value?.origins ?? []) o.push(x);
  if (o.length) p.origins = [...new Set(o)];
  return p;
}

/** Text of a policy value as people wrote it (unknown runs as their expression). */
export function showValue(v: Value | undefined): string {
  if (!v) return '';
  if (v.kind === 'string') {
    // Unknown runs read as what they are (`⟨var.org, not set⟩`), never as literal `${…}` text.
    let out = '';
    let at = 0;
    for (const g of [...(v.segments ?? [])].filter((x) => x.unknown).sort((a, b) => a.start - b.start)) {
      out += v.value.slice(at, g.start) + displayUnknown(v.value.slice(g.start, g.end), g.unknown);
      at = Math.max(at, g.end);
    }
    return out + v.value.slice(at);
  }
  if (v.kind === 'number' || v.kind === 'bool') return String(v.value);
  if (v.kind === 'unknown') return displayUnknown(v.symbol ? `${v.symbol.address}.${v.symbol.attribute}` : v.reason, v);
  return `<${v.kind}>`;
}

const BROADER: Record<Dimension, Dimension[]> = {
  organization: [],
  project: ['organization'],
  workspace: ['organization', 'project'],
  runPhase: ['organization'],
  kind: ['organization', 'project', 'workspace'],
};

function groupKey(t: AcceptedToken | OpenScope): Value | Statement {
  return t.value ?? t.statement;
}

/**
 * Open scopes of one dimension that a rule should report: not on a statement that already has
 * no `sub` restriction at all, and not where a broader dimension is open for the same value
 * (`organization:*` is one organization finding, not four).
 */
export function scopesToReport(trust: IssuerTrust, dimension: Dimension): OpenScope[] {
  const scopes = trust.search?.scopes ?? [];
  const unrestricted = new Set(trust.unrestricted.map((u) => u.statement));
  return scopes.filter(
    (s) =>
      s.dimension === dimension &&
      !unrestricted.has(s.statement) &&
      !scopes.some((o) => groupKey(o) === groupKey(s) && BROADER[dimension].includes(o.dimension)),
  );
}

/** Plan/apply pairs to report: the organization is pinned for the plan token's value. */
export function phasePairsToReport(trust: IssuerTrust): [AcceptedToken, AcceptedToken][] {
  const scopes = trust.search?.scopes ?? [];
  const unrestricted = new Set(trust.unrestricted.map((u) => u.statement));
  return (trust.search?.planAndApply ?? []).filter(
    ([plan]) =>
      !unrestricted.has(plan.statement) && !scopes.some((o) => groupKey(o) === groupKey(plan) && BROADER.runPhase.includes(o.dimension)),
  );
}

/** "a plan run of workspace prod (project infra, organization acme)" */
export function describeClaim(c: SubClaim): string {
  const a = /^[aeiou]/.test(c.phase) ? 'an' : 'a';
  const org = `organization ${c.organization}`;
  switch (c.kind) {
    case 'workspace':
      return `${a} ${c.phase} run of workspace ${c.workspace} (project ${c.project}, ${org})`;
    case 'legacy':
      return `${a} ${c.phase} run of workspace ${c.workspace} (${org}, a token without a project)`;
    case 'stack':
      return `${a} ${c.phase} of Stack ${c.stack}, deployment ${c.deployment} (project ${c.project}, ${org})`;
    case 'module-test':
      return `a test run of registry module ${c.module} (${org})`;
  }
}

export function subKey(trust: IssuerTrust): string {
  return `${trust.hostShown ?? trust.host ?? '<host>'}:sub`;
}

/** The witness of a finding, with a one-line note on what the token is. */
export function witnessOf(trust: IssuerTrust, token: AcceptedToken, kind: Witness['kind'] = 'accepted'): Witness {
  const show = (s: string | undefined) => (s === undefined ? undefined : trust.opaque.show(s));
  const c = token.claim;
  const shown = { ...c, organization: show(c.organization)!, project: show(c.project), workspace: show(c.workspace) } as SubClaim;
  return toWitness(trust, token, describeClaim(shown), kind);
}
