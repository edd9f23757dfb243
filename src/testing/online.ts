// Test support for --online: a generated CA → intermediate → leaf, a real TLS server on 127.0.0.1,
// a server that never answers, and a tiny HTTP CONNECT proxy.
import { execFileSync } from 'node:child_process';
import { X509Certificate as NodeX509 } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

export interface TestPki {
  rootPem: string;
  intermediatePem: string;
  leafPem: string;
  leafKeyPem: string;
  /** SHA-1 thumbprints, lower-case hex. */
  sha1: { root: string; intermediate: string; leaf: string };
}

// openssl (Debian ships it) generates the test CA chain: no X.509 library is needed for tests alone.
const EXTENSIONS = `
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:$ENV::LEAF_HOST
`;

/** A private CA hierarchy for `host` (leaf SAN = host), valid from yesterday for 30 days. */
export function makePki(host: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-oidc-lint-pki-'));
  const run = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 30_000, env: { ...process.env, LEAF_HOST: host } });
  try {
    writeFileSync(join(dir, 'ext.cnf'), EXTENSIONS);
    for (const name of ['root', 'int', 'leaf']) run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
    run(
      'req',
      '-new',
      '-x509',
      '-key',
      'root.key',
      '-subj',
      '/CN=Acme Test Root CA',
      '-days',
      '30',
      '-out',
      'root.pem',
      '-extensions',
      'ca',
      '-config',
      'ext.cnf',
    );
    const issue = (name: string, subject: string, issuer: string, section: string) => {
      run('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`, '-config', 'ext.cnf');
      run(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        `${issuer}.pem`,
        '-CAkey',
        `${issuer}.key`,
        '-CAcreateserial',
        '-days',
        '30',
        '-extfile',
        'ext.cnf',
        '-extensions',
        section,
        '-out',
        `${name}.pem`,
      );
    };
    issue('int', '/CN=Acme Test Intermediate CA', 'root', 'ca');
    issue('leaf', `/CN=${host}`, 'int', 'leaf');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    const pems = { rootPem: read('root.pem'), intermediatePem: read('int.pem'), leafPem: read('leaf.pem') };
    const sha1 = (pem: string) => new NodeX509(pem).fingerprint.replace(/:/g, '').toLowerCase();
    return {
      ...pems,
      leafKeyPem: read('leaf.key'),
      sha1: { root: sha1(pems.rootPem), intermediate: sha1(pems.intermediatePem), leaf: sha1(pems.leafPem) },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Listening {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server, sockets: Set<net.Socket>): Promise<Listening> {
  server.on('connection', (s: net.Socket) => {
    // A client that hangs up mid-exchange is normal here; an unhandled 'error' would kill the test worker.
    s.on('error', () => undefined);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A TLS server serving leaf + intermediate (not the root, as real servers do). */
export function startTlsServer(pki: TestPki, opts: { withRoot?: boolean } = {}): Promise<Listening> {
  const chain = pki.leafPem + pki.intermediatePem + (opts.withRoot ? pki.rootPem : '');
  const server = tls.createServer({ key: pki.leafKeyPem, cert: chain }, (s) => {
    s.on('error', () => undefined);
    s.end('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('tlsClientError', () => undefined);
  return listen(server, new Set());
}

/** Accepts TCP connections and never says a word: the client must give up on its own. */
export function startSilentServer(): Promise<Listening> {
  return listen(
    net.createServer(() => undefined),
    new Set(),
  );
}

/** An HTTP CONNECT proxy on 127.0.0.1; records the CONNECT targets it saw. */
export async function startConnectProxy(): Promise<Listening & { targets: string[] }> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const m = /^CONNECT (\S+) HTTP\/1\.[01]/.exec(head);
      if (!m) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\n\r\n');
        return;
      }
      targets.push(m[1]);
      const [host, port] = [m[1].slice(0, m[1].lastIndexOf(':')).replace(/^\[|\]$/g, ''), Number(m[1].slice(m[1].lastIndexOf(':') + 1))];
      const upstream = net.connect({ host, port }, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    client.on('data', onData);
  });
  const listening = await listen(server, sockets);
  return { ...listening, targets };
}
