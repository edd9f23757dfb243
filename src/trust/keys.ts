// What a condition key means for an issuer's tokens: a claim IAM fills in (`<host>:sub`,
// `<host>:aud`), a claim it never fills in for a generic OIDC provider, another host's key, or a
// global key. And what a condition does when its key is absent: pass (fails open) or not.
import type { Condition, Statement } from '../model/types.js';
import type { IssuerTrust, TrustStatement } from './analyze.js';
import { normalizeHost } from './issuer.js';
import { type Tri, evaluateCondition } from './operators.js';
import { hasOpaque } from './pattern.js';
import { knownString } from '../core/value.js';

/** The claims AWS turns into condition keys for a generic OIDC provider (docs/domain.md#claims-aws-cannot-see). */
export const POPULATED_CLAIMS = ['sub', 'aud'];

/** Hosts a statement's `<host>:sub` / `<host>:aud` keys name (normalised), and its literal sub values. */
export function conditionKeyHosts(s: Statement): { hosts: string[]; subs: string[] } {
  const hosts = new Set<string>();
  const subs: string[] = [];
  for (const c of s.conditions) {
    const k = knownString(c.key);
    const m = k && /^(.+):(sub|aud)$/i.exec(k);
    if (!m || /^(aws|sts)$/i.test(m[1])) continue;
    hosts.add(normalizeHost(m[1]));
    if (m[2].toLowerCase() === 'sub') for (const x of c.values.flatMap((v) => knownString(v) ?? [])) subs.push(x);
  }
  return { hosts: [...hosts], subs };
}

export type KeyKind = 'claim' | 'custom-claim' | 'other-host' | 'global' | 'unknown';

export interface KeyInfo {
  kind: KeyKind;
  /** The key as written (unknown runs shown as their expression). */
  text: string;
  /** The part before the last `:` (`app.terraform.io`, `https://app.terraform.io`). */
  prefix?: string;
  /** The part after it (`sub`, `terraform_organization_name`). */
  claim?: string;
}

export function classifyKey(c: Condition, trust: IssuerTrust): KeyInfo {
  const t = trust.opaque.of(c.key);
  const text = trust.opaque.show(t?.text ?? c.key.value);
  if (!t || !trust.host) return { kind: 'unknown', text };
  const i = t.text.lastIndexOf(':');
  if (i < 0) return { kind: 'unknown', text };
  const prefix = t.text.slice(0, i);
  const claim = t.text.slice(i + 1).toLowerCase();
  if (hasOpaque(t.text)) {
    // An unknown host part is decided only where it is the unknown the analysis read as this
    // issuer's host (src/trust/unknown-host.ts), or that same unknown misspelt (`https://${var.host}`).
    const assumed = trust.evaluation?.ctx.who.assumedKeyHosts ?? [];
    if (hasOpaque(claim)) return { kind: 'unknown', text };
    if (prefix === trust.host || assumed.includes(prefix))
      return { kind: POPULATED_CLAIMS.includes(claim) ? 'claim' : 'custom-claim', text, prefix, claim };
    if (normalizeHost(prefix) === normalizeHost(trust.host) || assumed.includes(normalizeHost(prefix)))
      return { kind: 'other-host', text, prefix: trust.opaque.show(prefix), claim };
    return { kind: 'unknown', text };
  }
  if (/^(aws|sts)$/i.test(prefix)) return { kind: 'global', text, prefix, claim };
  if (prefix.toLowerCase() !== trust.host.toLowerCase()) return { kind: 'other-host', text, prefix, claim };
  return { kind: POPULATED_CLAIMS.includes(claim) ? 'claim' : 'custom-claim', text, prefix, claim };
}

/** How a key of another host relates to the provider's: the same host misspelt (https://, a slash), or another one. */
export function hostMismatch(prefix: string, host: string): 'scheme' | 'slash' | 'other' {
  if (normalizeHost(prefix) !== normalizeHost(host)) return 'other';
  return /^https?:\/\//i.test(prefix.trim()) ? 'scheme' : 'slash';
}

/**
 * A host that reads like the provider's with a slip: letters and digits alike once dots and dashes
 * go (`githubuser.content.com` in `token.actions.githubusercontent.com`), or two edits apart.
 */
export function nearMissHost(prefix: string, host: string): boolean {
  const a = normalizeHost(prefix).replace(/[^a-z0-9]/g, '');
  const b = host.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!a || !b || normalizeHost(prefix) === host.toLowerCase()) return false;
  if (a.length >= 8 && (b.includes(a) || a.includes(b))) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] <= 2;
}

/** What the condition says for a token that lacks the key: true = it passes (fails open). */
export function whenKeyMissing(c: Condition, trust: IssuerTrust): Tri {
  const values: string[] = [];
  let unknown = false;
  for (const v of c.values) {
    const t = trust.opaque.of(v);
    if (t) values.push(t.text);
    else unknown = true;
  }
  return evaluateCondition(c.op, values, undefined, unknown);
}

/**
 * Every key names one other proper host and none names the provider's: the keys agree with each
 * other, so the principal is the suspect (federated-principal-matches-provider reports it).
 */
export function principalOwnsMismatch(t: TrustStatement, trust: IssuerTrust): boolean {
  // Keys of another provider named in the same statement are that provider's, not a mismatch.
  const keys = t.statement.conditions
    .map((c) => classifyKey(c, trust))
    .filter((k) => !(k.kind === 'other-host' && trust.host && keyOfOtherPrincipal(k.prefix!, t.statement, trust.host)));
  // For issuers other than Terraform, keys that misspell the provider's host are the suspects, not the principal.
  const suspect = (k: KeyInfo) =>
    k.kind === 'other-host' &&
    hostMismatch(k.prefix!, trust.hostShown ?? trust.host!) === 'other' &&
    (trust.profile.terraform || !nearMissHost(k.prefix!, trust.host!));
  return keys.some(suspect) && !keys.some((k) => k.kind === 'claim' || k.kind === 'custom-claim');
}

/**
 * Whether a key's host is the provider of another Federated principal of the same statement (a
 * statement shared by HCP Terraform and GitHub, say): such a key belongs to that principal.
 */
export function keyOfOtherPrincipal(prefix: string, statement: Statement, host: string): boolean {
  // A misspelt key (`https://host:sub`, `host/:sub`) still belongs to that host's provider.
  const want = normalizeHost(prefix).toLowerCase();
  if (want === host.toLowerCase()) return false;
  for (const p of statement.principals ?? []) {
    if (p.type !== 'Federated') continue;
    for (const v of p.values) {
      if (v.kind !== 'string') continue;
      const text = v.value.toLowerCase();
      const named = text.includes(':oidc-provider/') ? text.slice(text.indexOf(':oidc-provider/') + ':oidc-provider/'.length) : text;
      if (named === want) return true;
    }
  }
  return false;
}
