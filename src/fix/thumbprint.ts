// The thumbprint a provider should hold: given with --thumbprint, or read from the issuer's TLS
// chain (the top certificate of the served chain, the one IAM itself would take).
import type { ReadChainOptions } from '../online/tls.js';

export interface CurrentThumbprints {
  /** Lower-case 40-hex SHA-1s, the one to add first. */
  thumbprints: string[];
  /** Every certificate of the served chain (an existing thumbprint of one of them is still current). */
  chain: string[];
  source: string;
  error?: string;
}

export async function currentThumbprints(host: string, given: string[], chainOptions: ReadChainOptions = {}): Promise<CurrentThumbprints> {
  if (given.length) return { thumbprints: [...new Set(given.map((t) => t.toLowerCase()))], chain: [], source: '--thumbprint' };
  // Loaded only when needed: --thumbprint works offline.
  const { readCertificateChain } = await import('../online/tls.js');
  const chain = await readCertificateChain(`https://${host}`, { timeoutMs: 10_000, ...chainOptions });
  const certs = chain.certificates;
  if (chain.error || !certs.length)
    return { thumbprints: [], chain: [], source: `https://${host}`, error: chain.error ?? 'the server sent no certificate' };
  return {
    thumbprints: [certs[certs.length - 1].sha1.toLowerCase()],
    chain: certs.map((c) => c.sha1.toLowerCase()),
    source: `the TLS chain of https://${host}`,
  };
}

/**
 * The list a provider should hold: unchanged when it already has a current thumbprint, else the
 * current one first, then existing ones that are still in the chain.
 */
export function desiredThumbprints(existing: string[], current: CurrentThumbprints): string[] {
  const have = existing.map((t) => t.toLowerCase());
  if (current.thumbprints.every((t) => have.includes(t))) return existing;
  const keep = have.filter((t) => current.chain.includes(t) && !current.thumbprints.includes(t));
  return [...current.thumbprints, ...keep];
}
