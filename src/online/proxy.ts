// Which proxy (if any) an HTTPS connection to a host goes through, from HTTPS_PROXY / NO_PROXY,
// and the HTTP CONNECT handshake that opens a tunnel through it.
import net from 'node:net';

export type Env = Record<string, string | undefined>;

export interface Proxy {
  url: URL;
  /** The proxy URL without credentials, for messages. */
  display: string;
}

function envValue(env: Env, name: string): string | undefined {
  // curl and most tools honour both spellings; the lower-case one wins when both are set.
  const v = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return v && v.trim() ? v.trim() : undefined;
}

/** True when NO_PROXY exempts host:port (entries: `*`, `host`, `.suffix`, `*.suffix`, `host:port`). */
export function bypassesProxy(host: string, port: number, env: Env): boolean {
  const list = envValue(env, 'no_proxy');
  if (!list) return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of list.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const portMatch = /^(.*):(\d+)$/.exec(entry);
    if (portMatch && !entry.includes(']') && portMatch[1].split(':').length === 1) {
      if (Number(portMatch[2]) !== port) continue;
      entry = portMatch[1]!;
    }
    entry = entry.replace(/^\*?\./, '');
    if (h === entry || h.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy for an HTTPS connection to host:port, or an error when HTTPS_PROXY cannot be used. */
export function proxyFor(host: string, port: number, env: Env): { proxy?: Proxy; error?: string } {
  const raw = envValue(env, 'https_proxy');
  if (!raw || bypassesProxy(host, port, env)) return {};
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return { error: `HTTPS_PROXY "${raw}" is not a URL` };
  }
  const display = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'http:') return { error: `proxy ${display}: only http:// proxies are supported (HTTP CONNECT)` };
  return { proxy: { url, display } };
}

/**
 * Opens a CONNECT tunnel to target through the proxy; resolves with the raw socket once the proxy
 * answered 2xx. The caller owns the deadline (it destroys the socket on timeout).
 */
export function connectTunnel(proxy: Proxy, target: string, onSocket: (s: net.Socket) => void): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const port = Number(proxy.url.port) || 80;
    const socket = net.connect({ host: proxy.url.hostname.replace(/^\[|\]$/g, ''), port });
    onSocket(socket);
    let head = Buffer.alloc(0);
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.once('error', (err) => fail(`proxy ${proxy.display}: ${describeNetError(err)}`));
    socket.once('close', () => fail(`proxy ${proxy.display} closed the connection before answering CONNECT`));
    socket.once('connect', () => {
      const auth = proxy.url.username
        ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.url.username)}:${decodeURIComponent(proxy.url.password)}`).toString('base64')}\r\n`
        : '';
      socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth}\r\n`);
    });
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > 16_384) fail(`proxy ${proxy.display} sent an oversized answer to CONNECT`);
        return;
      }
      socket.off('data', onData);
      socket.removeAllListeners('close');
      socket.removeAllListeners('error');
      const status = /^HTTP\/\d(?:\.\d)? (\d{3})(.*)$/m.exec(head.subarray(0, end).toString('latin1').split('\r\n')[0] ?? '');
      if (!status || !status[1].startsWith('2')) {
        const line = head.subarray(0, end).toString('latin1').split('\r\n')[0] ?? '';
        fail(`proxy ${proxy.display} refused CONNECT ${target}: ${line.trim() || 'no status line'}`);
        return;
      }
      // Bytes after the header belong to the tunnelled stream (the server speaks first only in TLS 1.3 edge cases).
      const rest = head.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
  });
}

/** A sentence for a socket error: DNS failure, refusal, reset. */
export function describeNetError(err: NodeJS.ErrnoException & { hostname?: string }): string {
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DNS lookup of ${err.hostname ?? 'the host'} failed (${err.code})`;
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `network unreachable (${err.code})`;
    default:
      return err.message || String(err);
  }
}
