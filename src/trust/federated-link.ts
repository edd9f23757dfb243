// Which OIDC provider a `Federated` principal names: through the symbolic reference Terraform
// keeps (`aws_iam_openid_connect_provider.x.arn`), or a literal provider ARN.
import type { OidcProvider, Principal, Project } from '../model/types.js';
import { posix } from 'node:path';
import { unitOf } from '../model/link.js';
import { type Range, isLive } from '../core/source.js';
import type { SymbolRef, Value } from '../core/value.js';
import { normalizeHost } from './issuer.js';
import type { Tri } from './operators.js';
import { or3 } from './operators.js';

export interface FederatedLink {
  kind: 'provider' | 'arn' | 'wildcard' | 'unknown';
  provider?: OidcProvider;
  host?: string;
  /** For 'unknown': why the principal could not be linked. */
  reason?: string;
}

const PROVIDER_TYPE = 'aws_iam_openid_connect_provider.';
const ARN_RE = /^arn:aws[a-z-]*:iam::[^:]*:oidc-provider\/(.+)$/i;

function fullAddress(s: SymbolRef): string {
  return s.module ? `${s.module}.${s.address}` : s.address;
}

function bySymbol(s: SymbolRef, project: Project, at?: Range): OidcProvider | undefined {
  if (!s.address.startsWith(PROVIDER_TYPE) || s.attribute !== 'arn') return undefined;
  return nearest(candidates(project, fullAddress(s)), at);
}

interface Candidates {
  found: OidcProvider[];
  /** `found` by the directory of the file each is declared in. */
  byDir?: Map<string, OidcProvider[]>;
}

/**
 * The providers a reference to `want` may mean, by address. Every role of a scan links its
 * principal, and many roots may each declare `aws_iam_openid_connect_provider.tfc`: the answer
 * per address is kept for the project's provider list (as long as it is that list, that long).
 */
const candidatesOf = new WeakMap<OidcProvider[], { length: number; byWant: Map<string, Candidates> }>();

function candidates(project: Project, want: string): Candidates {
  let known = candidatesOf.get(project.providers);
  if (!known || known.length !== project.providers.length) {
    known = { length: project.providers.length, byWant: new Map() };
    candidatesOf.set(project.providers, known);
  }
  let c = known.byWant.get(want);
  if (!c) {
    let found = project.providers.filter((p) => p.address === want || p.id === want);
    // A reference without an instance key to a provider declared with count/for_each of one.
    if (!found.length) found = project.providers.filter((p) => p.address?.startsWith(`${want}[`));
    known.byWant.set(want, (c = { found }));
  }
  return c;
}

/**
 * Several root modules scanned together may each declare `aws_iam_openid_connect_provider.tfc`:
 * take the one declared beside the reference, then the one of the same root module.
 */
function nearest(candidates: Candidates, at: Range | undefined): OidcProvider | undefined {
  const { found } = candidates;
  // A live account has no files to be beside: its providers are told apart by ARN alone.
  if (found.length <= 1 || !at || isLive(at)) return found.length === 1 ? found[0] : undefined;
  const dir = posix.dirname(at.file);
  if (!candidates.byDir) {
    candidates.byDir = new Map();
    for (const p of found) {
      if (isLive(p.range)) continue;
      const d = posix.dirname(p.range.file);
      const list = candidates.byDir.get(d);
      if (list) list.push(p);
      else candidates.byDir.set(d, [p]);
    }
  }
  const beside = candidates.byDir.get(dir) ?? [];
  if (beside.length === 1) return beside[0];
  const sameRoot = found.filter((p) => unitOf(p) === dir || at.file.startsWith(`${unitOf(p)}/`));
  return sameRoot.length === 1 ? sameRoot[0] : undefined;
}

function fromProvider(p: OidcProvider): FederatedLink {
  const link: FederatedLink = { kind: 'provider', provider: p };
  if (p.host) link.host = p.host;
  return link;
}

export function linkFederated(v: Value, project: Project): FederatedLink {
  if (v.kind === 'unknown') {
    const p = v.symbol && bySymbol(v.symbol, project, v.range);
    return p ? fromProvider(p) : { kind: 'unknown', reason: v.reason };
  }
  if (v.kind !== 'string') return { kind: 'unknown', reason: `a ${v.kind} is not a provider ARN` };
  const unknownRuns = (v.segments ?? []).filter((s) => s.unknown);
  if (unknownRuns.length) {
    for (const run of unknownRuns) {
      const p = run.unknown?.symbol && bySymbol(run.unknown.symbol, project, run.range ?? v.range);
      if (p) return fromProvider(p);
    }
    return byWrittenHost(v.value, unknownRuns, project) ?? { kind: 'unknown', reason: unknownRuns[0].unknown!.reason };
  }
  if (v.value === '*') return { kind: 'wildcard' };
  const m = ARN_RE.exec(v.value);
  if (!m) return { kind: 'unknown', reason: `"${v.value}" is not an OIDC provider ARN` };
  const host = normalizeHost(m[1]);
  const provider = project.providers.find((p) => p.arn === v.value) ?? project.providers.find((p) => p.host === host);
  return byHost(host, provider);
}

function byHost(host: string, provider: OidcProvider | undefined): FederatedLink {
  const link: FederatedLink = { kind: 'arn', host };
  if (provider) link.provider = provider;
  return link;
}

// The partition or account may be unknown until apply; the host names the provider all the same.
const MASKED_ARN_RE = /^arn:(?:aws[a-z-]*|\0):iam::[^:]*:oidc-provider\/([^\0]+)$/i;

/** `arn:aws:iam::${var.account}:oidc-provider/app.terraform.io`: linked by the host written out. */
function byWrittenHost(text: string, unknownRuns: { start: number; end: number }[], project: Project): FederatedLink | undefined {
  let masked = '';
  let i = 0;
  for (const run of [...unknownRuns].sort((a, b) => a.start - b.start)) {
    masked += `${text.slice(i, Math.max(i, run.start))}\0`;
    i = Math.max(i, run.end);
  }
  masked += text.slice(i);
  const m = MASKED_ARN_RE.exec(masked);
  if (!m) return undefined;
  const host = normalizeHost(m[1]);
  return byHost(
    host,
    project.providers.find((p) => p.host === host),
  );
}

/** The identity a request comes from: one provider, or at least its host. */
export interface IssuerIdentity {
  host: string;
  provider?: OidcProvider;
  /** Unknown key prefixes (opaque characters) read as this host's (src/trust/unknown-host.ts). */
  assumedKeyHosts?: string[];
}

export function linkMatches(link: FederatedLink, who: IssuerIdentity): Tri {
  if (link.kind === 'wildcard') return true;
  if (link.kind === 'unknown') return 'unknown';
  if (link.provider && who.provider) return link.provider === who.provider;
  return link.host !== undefined ? link.host === who.host : 'unknown';
}

/** Do a statement's principals name this issuer? `*` and `AWS: *` name everyone. */
export function principalsMatch(principals: Principal[], who: IssuerIdentity, project: Project): Tri {
  let r: Tri = false;
  for (const p of principals) {
    if (p.type === '*') return true;
    if (p.type === 'AWS' && p.values.some((v) => v.kind === 'string' && v.value === '*')) return true;
    if (p.type !== 'Federated') continue;
    for (const v of p.values) r = or3(r, linkMatches(linkFederated(v, project), who));
  }
  return r;
}
