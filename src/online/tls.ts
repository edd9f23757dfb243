// Reads the certificate chain a TLS server serves (directly or through an HTTP CONNECT proxy),
// with a hard deadline: used by thumbprint-current and by --fix for current thumbprints.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import type { LiveCertificate, LiveChain } from '../model/types.js';
import { type Env, connectTunnel, describeNetError, proxyFor } from './proxy.js';

/** A certificate and a chain as the model records them (`OidcProvider.live`). */
export type ChainCertificate = LiveCertificate;
export type CertificateChain = LiveChain;

export interface ReadChainOptions {
  /** Deadline for the whole exchange (proxy, TCP, TLS handshake); default 10 s. */
  timeoutMs?: number;
  /** Environment for HTTPS_PROXY / NO_PROXY; default process.env. */
  env?: Env;
  /** Extra trusted roots (PEM) on top of the public store, e.g. a test CA. */
  ca?: string[];
  /** Connect to this address instead of resolving the URL's host (`"127.0.0.1"` or `"127.0.0.1:8443"`), like curl --resolve; SNI and the host check keep the URL's host. */
  connectTo?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const isIp = (host: string): boolean => net.isIP(host) !== 0;

export async function readCertificateChain(url: string, opts: ReadChainOptions = {}): Promise<CertificateChain> {
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `https://${url}`);
  } catch {
    return { host: url, port: 443, certificates: [], trustedPublicly: false, error: `"${url}" is not a URL` };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(parsed.port) || 443;
  const base = { host, port, certificates: [] as ChainCertificate[], trustedPublicly: false };
  if (parsed.protocol !== 'https:') return { ...base, error: `${parsed.protocol}// is not HTTPS: there is no TLS chain to read` };

  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { address, port: connectPort } = splitAddress(opts.connectTo, host, port);
  const { proxy, error: proxyError } = proxyFor(host, port, opts.env ?? process.env);
  if (proxyError) return { ...base, error: proxyError };
  const via = proxy ? { proxy: proxy.display } : {};

  const sockets: net.Socket[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`no TLS handshake with ${host}:${port} within ${timeoutMs} ms${proxy ? ` (through proxy ${proxy.display})` : ''}`),
        ),
      timeoutMs,
    );
  });
  try {
    const attempt = (async () => {
      const tunnel = proxy
        ? await connectTunnel(proxy, `${address.includes(':') ? `[${address}]` : address}:${connectPort}`, (s) => sockets.push(s))
        : undefined;
      return handshake({ host, address, port: connectPort, tunnel, onSocket: (s) => sockets.push(s) });
    })();
    attempt.catch(() => undefined); // the deadline may win; the late rejection is expected
    const peer = await Promise.race([attempt, deadline]);
    const certificates = chainOf(peer);
    const verdict = verify(
      certificates.map((c) => c.x509),
      host,
      opts.ca,
    );
    return {
      ...base,
      ...via,
      certificates: certificates.map((c) => c.info),
      trustedPublicly: verdict.ok,
      ...(verdict.ok ? {} : { untrustedReason: verdict.reason }),
    };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const message = e.code ? describeNetError(e) : e.message;
    return { ...base, ...via, error: message };
  } finally {
    clearTimeout(timer);
    // Only the outermost socket: a TLS socket takes its tunnel down with it, and destroying the
    // tunnel under a live TLS socket crashes Node 20 (segmentation fault).
    sockets.at(-1)?.destroy();
  }
}

function splitAddress(connectTo: string | undefined, host: string, port: number): { address: string; port: number } {
  if (!connectTo) return { address: host, port };
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(connectTo) ?? /^([^:]+)(?::(\d+))?$/.exec(connectTo);
  if (!m) return { address: connectTo, port };
  return { address: m[1], port: m[2] ? Number(m[2]) : port };
}

function handshake(o: {
  host: string;
  address: string;
  port: number;
  tunnel?: net.Socket;
  onSocket(s: net.Socket): void;
}): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    // No CA at all: OpenSSL then cannot append a root from its store, so the chain read back is
    // exactly what the server sent. Trust is decided afterwards by verify().
    const socket = tls.connect({
      ...(o.tunnel ? { socket: o.tunnel } : { host: o.address, port: o.port }),
      servername: isIp(o.host) ? undefined : o.host,
      ca: [],
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    o.onSocket(socket);
    socket.once('secureConnect', () => resolve(socket.getPeerCertificate(true)));
    socket.once('error', (err: Error) => reject(Object.assign(err, { hostname: (err as { hostname?: string }).hostname ?? o.address })));
    socket.once('close', () => reject(new Error(`${o.host}:${o.port} closed the connection during the TLS handshake`)));
  });
}

function chainOf(peer: tls.DetailedPeerCertificate | tls.PeerCertificate): { x509: X509Certificate; info: ChainCertificate }[] {
  const out: { x509: X509Certificate; info: ChainCertificate }[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = peer as tls.DetailedPeerCertificate;
  while (cur?.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    const x509 = new X509Certificate(cur.raw);
    out.push({ x509, info: describe(x509) });
    cur = cur.issuerCertificate;
  }
  return out;
}

export function describe(x509: X509Certificate): ChainCertificate {
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    sha1: x509.fingerprint.replace(/:/g, '').toLowerCase(),
    notAfter: new Date(x509.validTo).toISOString(),
    selfSigned: x509.subject === x509.issuer && x509.verify(x509.publicKey),
  };
}

let publicRoots: X509Certificate[] | undefined;
function roots(extra: string[] | undefined): X509Certificate[] {
  publicRoots ??= tls.rootCertificates.map((pem) => new X509Certificate(pem));
  return [...publicRoots, ...(extra ?? []).flatMap((pem) => splitPem(pem).map((p) => new X509Certificate(p)))];
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Chain links, validity dates, the host name and an anchor in the root store, as a client checks them. */
function verify(chain: X509Certificate[], host: string, ca: string[] | undefined): { ok: boolean; reason?: string } {
  const leaf = chain[0];
  if (!leaf) return { ok: false, reason: 'the server sent no certificate' };
  const now = Date.now();
  for (const c of chain) {
    if (Date.parse(c.validTo) < now || Date.parse(c.validFrom) > now)
      return { ok: false, reason: `certificate "${c.subject.replace(/\n/g, ', ')}" is outside its validity period` };
  }
  for (let i = 0; i + 1 < chain.length; i++) {
    if (!chain[i].checkIssued(chain[i + 1]) || !chain[i].verify(chain[i + 1].publicKey))
      return { ok: false, reason: 'the served chain does not link up' };
  }
  const matches = isIp(host) ? leaf.checkIP(host) : leaf.checkHost(host, { subject: 'default' });
  if (!matches) return { ok: false, reason: `the certificate does not name ${host}` };
  const top = chain[chain.length - 1];
  const anchors = roots(ca);
  const anchored = anchors.some(
    (r) => r.raw.equals(top.raw) || (top.checkIssued(r) && top.verify(r.publicKey) && Date.parse(r.validTo) >= now),
  );
  return anchored ? { ok: true } : { ok: false, reason: `"${top.issuer.replace(/\n/g, ', ')}" is not a publicly trusted root CA` };
}
