// --online: read the TLS chain each HCP Terraform / Terraform Enterprise issuer host serves into
// the model (OidcProvider.live), so that thumbprint-current stays a pure function of the model.
import type { OidcProvider, Project } from '../model/types.js';
import { terraformProviders } from '../trust/index.js';
import { readCertificateChain } from './tls.js';

export { readCertificateChain } from './tls.js';
export type { CertificateChain, ChainCertificate, ReadChainOptions } from './tls.js';

export interface OnlineOptions {
  /** Deadline per host (proxy, TCP and TLS handshake together); default 10 s. */
  timeoutMs?: number;
  /** Environment for HTTPS_PROXY / NO_PROXY; default process.env. */
  env?: Record<string, string | undefined>;
  /** Connect to another address for a host, like curl --resolve: `{ "tfe.acme.example": "127.0.0.1:8443" }`. For tests. */
  resolve?: Record<string, string>;
  /** Extra roots (PEM) to count as publicly trusted. For tests. */
  ca?: string[];
  /** Hosts to treat as Terraform Enterprise (the config's hostnames). */
  terraformHosts?: string[];
}

export async function enrichOnline(project: Project, options: OnlineOptions = {}): Promise<void> {
  let providers: OidcProvider[];
  try {
    providers = terraformProviders({ project, settings: { hostnames: options.terraformHosts } }).filter((p) => p.host);
  } catch (err) {
    project.diagnostics.push({
      code: 'evaluation',
      severity: 'warning',
      message: `--online: could not list the issuer hosts: ${(err as Error).message}`,
    });
    return;
  }
  // One connection per host, however many providers (accounts, modules) name it.
  const byHost = new Map<string, OidcProvider[]>();
  for (const p of providers) byHost.set(p.host!, [...(byHost.get(p.host!) ?? []), p]);
  await Promise.all(
    [...byHost].map(async ([host, list]) => {
      const chain = await readCertificateChain(`https://${host}`, {
        timeoutMs: options.timeoutMs,
        env: options.env,
        ca: options.ca,
        connectTo: options.resolve?.[host],
      }).catch((err: Error) => ({ host, port: 443, certificates: [], trustedPublicly: false, error: err.message }));
      for (const p of list) p.live = chain;
    }),
  );
}
