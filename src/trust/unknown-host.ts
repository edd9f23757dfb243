// A trust statement whose host is not known to the scan (`"${var.tfc_hostname}:sub"`,
// `format("%s:sub", var.host)`, a provider with `url = "https://${var.host}"`) is classified by
// the evidence that remains, so every rule still runs on it. docs/unknown-values.md explains the
// assumptions and how findings carry them.
import type { Condition, OidcProvider, Statement } from '../model/types.js';
import { HCP_TERRAFORM, type IssuerProfile } from './issuer.js';
import { type OpaqueTable, hasOpaque } from './pattern.js';

export { ASSUMED_HCP_TERRAFORM } from './assumption-words.js';

/** The HCP Terraform default audience (docs/domain.md#audience). */
const TERRAFORM_AUDIENCE = 'aws.workload.identity';

/** A key prefix that is one value unknown to the scan (one opaque character), or that value after `https://`. */
function opaquePrefix(keyText: string): string | undefined {
  const m = /^(?:https?:\/\/)?([\ue000-\uf8ff])\/?:(sub|aud)$/i.exec(keyText);
  return m?.[1];
}

/** The unknown key prefixes (opaque characters) of a statement's `:sub`/`:aud` keys. */
export function opaqueKeyHosts(statements: Statement[], opaque: OpaqueTable): string[] {
  const out = new Set<string>();
  for (const s of statements) {
    for (const c of s.conditions) {
      const t = opaque.of(c.key);
      const p = t && opaquePrefix(t.text);
      if (p) out.add(p);
    }
  }
  return [...out];
}

/** Does `key` (pattern text) name `<host>:<claim>`, reading a key whose prefix is one of the assumed unknowns as the host's? */
export function keyNamesClaim(keyText: string, host: string, claim: string, assumed: readonly string[]): boolean {
  const k = keyText.toLowerCase();
  if (k === `${host.toLowerCase()}:${claim}`) return true;
  if (!assumed.length) return false;
  const m = /^([\ue000-\uf8ff]):(sub|aud)$/.exec(k);
  return !!m && m[2] === claim && assumed.includes(m[1]);
}

export interface HostEvidence {
  profile: IssuerProfile;
  /** What decided it, for the note: "its sub values follow organization:…". */
  because: string[];
}

/**
 * What remains when the host is unknown: the `sub` grammar `organization:…`, the audience
 * `aws.workload.identity` (an aud value or the provider's client ID). Undefined when nothing says
 * HCP Terraform: the statement is then not classified (another issuer's trust must not get
 * HCP Terraform findings).
 */
export function classifyUnknownHost(
  statements: Statement[],
  keyHosts: string[],
  provider: OidcProvider | undefined,
  opaque: OpaqueTable,
): HostEvidence | undefined {
  const because: string[] = [];
  const valuesOf = (claim: string) =>
    statements
      .flatMap((s) => s.conditions.filter((c) => keyClaim(c, keyHosts, opaque) === claim))
      .flatMap((c) => c.values.flatMap((v) => opaque.of(v)?.text ?? []));
  if (valuesOf('sub').some((t) => t.startsWith('organization:'))) because.push('its sub values follow organization:…');
  const clientIds = provider?.clientIds.flatMap((v) => (v.kind === 'string' && !hasOpaque(v.value) ? [v.value] : [])) ?? [];
  if (valuesOf('aud').includes(TERRAFORM_AUDIENCE) || clientIds.includes(TERRAFORM_AUDIENCE))
    because.push(`the audience is ${TERRAFORM_AUDIENCE}`);
  return because.length ? { profile: HCP_TERRAFORM, because } : undefined;
}

function keyClaim(c: Condition, keyHosts: string[], opaque: OpaqueTable): string | undefined {
  const t = opaque.of(c.key)?.text.toLowerCase();
  const m = t ? /^(?:https?:\/\/)?([\ue000-\uf8ff])\/?:(sub|aud)$/.exec(t) : null;
  return m && keyHosts.includes(m[1]) ? m[2] : undefined;
}
