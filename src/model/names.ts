// Names the model derives from evaluated values: provider hosts, policy labels, addresses.
import { type Range, samePlace, withSpan, endOffsetOf, startOffsetOf } from '../core/source.js';
import type { SymbolRef } from '../core/value.js';

export { knownString } from '../core/value.js';

/** Full address of a symbolic reference: `module.a.aws_iam_role.x`. */
export function symbolAddress(s: SymbolRef): string {
  return s.module ? `${s.module}.${s.address}` : s.address;
}

/** Prefix an address written inside a module with that module's path. */
export function inModule(module: string, address: string): string {
  return module ? `${module}.${address}` : address;
}

export interface ProviderUrl {
  /** The issuer as IAM prefixes condition keys with it: host (lower case) plus any path. */
  host?: string;
  problems: string[];
}

/**
 * IAM wants `https://<host>` with no port, query, fragment or trailing slash. We still derive a
 * host from a slightly wrong URL so rules can compare it, and say what is wrong.
 */
export function readProviderUrl(url: string): ProviderUrl {
  const problems: string[] = [];
  const trimmed = url.trim();
  if (trimmed !== url) problems.push('the URL has leading or trailing whitespace');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  if (!scheme) problems.push('the URL does not start with https://');
  else if (scheme[1].toLowerCase() !== 'https') problems.push(`the URL uses ${scheme[1]}://; IAM requires https://`);
  let rest = scheme ? trimmed.slice(scheme[0].length) : trimmed;
  const cut = rest.search(/[?#]/);
  if (cut >= 0) {
    problems.push('the URL has a query or fragment; IAM rejects it');
    rest = rest.slice(0, cut);
  }
  if (rest.endsWith('/')) {
    problems.push('the URL ends with "/": the token issuer has none, so the condition keys would not match');
    rest = rest.replace(/\/+$/, '');
  }
  const slash = rest.indexOf('/');
  let hostPart = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : '';
  const port = /:(\d*)$/.exec(hostPart);
  if (port) {
    problems.push('the URL has a port; IAM rejects it');
    hostPart = hostPart.slice(0, port.index);
  }
  if (hostPart.includes('@')) problems.push('the URL has user information; IAM rejects it');
  if (!/^[a-z0-9.-]+$/i.test(hostPart)) {
    problems.push(hostPart ? `"${hostPart}" is not a host name` : 'the URL has no host');
    return { problems };
  }
  return { host: hostPart.toLowerCase() + path, problems };
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/;
const CUSTOMER_MANAGED = /^arn:aws[a-z-]*:iam::\d{12}:policy\/(?:.*\/)?([^/]+)$/;

/** `AdministratorAccess` for `arn:aws:iam::aws:policy/AdministratorAccess`. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED.exec(arn)?.[1];
}

/** The policy name of a customer-managed policy ARN (`arn:aws:iam::123456789012:policy/p/deploy` → `deploy`). */
export function customerPolicyName(arn: string): string | undefined {
  return CUSTOMER_MANAGED.exec(arn)?.[1];
}

/** A range spanning from the start of `a` to the end of `b` when both are in one file. */
export function span(a: Range | undefined, b: Range | undefined, fallback: Range): Range {
  if (!a) return b ?? fallback;
  if (!b || !samePlace(a, b) || endOffsetOf(b) < startOffsetOf(a)) return a;
  const r = withSpan(a, a.start, b.end);
  if (a.approximate || b.approximate) r.approximate = true;
  return r;
}
