// --online against real local servers: the TLS reader (a server on a generated private CA, a
// server that never answers, an HTTP CONNECT proxy) and the seed fixture through lint().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LintOptions, lint } from '../src/index.js';
import { readCertificateChain } from '../src/online/tls.js';
import { type Listening, type TestPki, makePki, startConnectProxy, startSilentServer, startTlsServer } from '../src/testing/online.js';

const HOST = 'tfe.acme.example';
let pki: TestPki;
let server: Listening;

beforeAll(async () => {
  pki = makePki(HOST);
  server = await startTlsServer(pki);
});
afterAll(async () => {
  await server?.close();
});

describe('readCertificateChain', () => {
  it('reads the served chain leaf first, with the intermediate as its top', async () => {
    const chain = await readCertificateChain(`https://${HOST}`, { env: {}, connectTo: `127.0.0.1:${server.port}` });
    expect(chain.error).toBeUndefined();
    expect(chain.host).toBe(HOST);
    expect(chain.certificates.map((c) => c.sha1)).toEqual([pki.sha1.leaf, pki.sha1.intermediate]);
    expect(chain.certificates[0].subject).toContain(`CN=${HOST}`);
    expect(chain.certificates[1].issuer).toContain('Acme Test Root CA');
    expect(chain.certificates.map((c) => c.selfSigned)).toEqual([false, false]);
    expect(chain.trustedPublicly).toBe(false);
    expect(chain.untrustedReason).toMatch(/Acme Test Root CA.*not a publicly trusted root/);
  });

  it('counts the chain as trusted when its root is among the given CAs', async () => {
    const chain = await readCertificateChain(`https://${HOST}/`, { env: {}, connectTo: `127.0.0.1:${server.port}`, ca: [pki.rootPem] });
    expect(chain.trustedPublicly).toBe(true);
    expect(chain.certificates).toHaveLength(2);
  });

  it('does not trust the chain for another host name', async () => {
    const chain = await readCertificateChain('https://other.acme.example', {
      env: {},
      connectTo: `127.0.0.1:${server.port}`,
      ca: [pki.rootPem],
    });
    expect(chain.trustedPublicly).toBe(false);
    expect(chain.untrustedReason).toMatch(/does not name other\.acme\.example/);
  });

  it('includes a served root as the top of the chain', async () => {
    const withRoot = await startTlsServer(pki, { withRoot: true });
    try {
      const chain = await readCertificateChain(`https://${HOST}`, { env: {}, connectTo: `127.0.0.1:${withRoot.port}` });
      expect(chain.certificates.map((c) => c.sha1)).toEqual([pki.sha1.leaf, pki.sha1.intermediate, pki.sha1.root]);
      expect(chain.certificates[2].selfSigned).toBe(true);
    } finally {
      await withRoot.close();
    }
  });

  it('gives up on a server that accepts and never answers, with a note', async () => {
    const silent = await startSilentServer();
    try {
      const chain = await readCertificateChain(`https://${HOST}`, { env: {}, connectTo: `127.0.0.1:${silent.port}`, timeoutMs: 300 });
      expect(chain.certificates).toEqual([]);
      expect(chain.error).toMatch(/no TLS handshake with tfe\.acme\.example:443 within 300 ms/);
    } finally {
      await silent.close();
    }
  });

  it('says when the connection is refused', async () => {
    const closed = await startSilentServer();
    const port = closed.port;
    await closed.close();
    const chain = await readCertificateChain(`https://${HOST}`, { env: {}, connectTo: `127.0.0.1:${port}`, timeoutMs: 2000 });
    expect(chain.error).toBe('connection refused');
  });

  it('says when the host name does not resolve', async () => {
    const chain = await readCertificateChain('https://tfe.does-not-exist.invalid', { env: {}, timeoutMs: 5000 });
    expect(chain.certificates).toEqual([]);
    // Without DNS at all the lookup may also run out of time; either way the note names the cause.
    expect(chain.error).toMatch(/DNS lookup of tfe\.does-not-exist\.invalid failed|within 5000 ms/);
  });

  it('rejects a URL that is not HTTPS without connecting', async () => {
    const chain = await readCertificateChain('http://tfe.acme.example', { env: {} });
    expect(chain.error).toMatch(/not HTTPS/);
  });

  it('tunnels through HTTPS_PROXY with HTTP CONNECT', async () => {
    const proxy = await startConnectProxy();
    try {
      const chain = await readCertificateChain(`https://${HOST}`, {
        env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` },
        connectTo: `127.0.0.1:${server.port}`,
      });
      expect(chain.error).toBeUndefined();
      expect(chain.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
      expect(proxy.targets).toEqual([`127.0.0.1:${server.port}`]);
      expect(chain.certificates.at(-1)!.sha1).toBe(pki.sha1.intermediate);
    } finally {
      await proxy.close();
    }
  });

  it('goes direct when NO_PROXY names the host', async () => {
    const proxy = await startConnectProxy();
    try {
      const chain = await readCertificateChain(`https://${HOST}`, {
        env: { https_proxy: `http://127.0.0.1:${proxy.port}`, NO_PROXY: 'localhost,.acme.example' },
        connectTo: `127.0.0.1:${server.port}`,
      });
      expect(chain.error).toBeUndefined();
      expect(chain.proxy).toBeUndefined();
      expect(proxy.targets).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('reports a proxy that refuses the tunnel', async () => {
    const proxy = await startConnectProxy();
    try {
      const chain = await readCertificateChain(`https://${HOST}`, {
        env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` },
        connectTo: '[::1]:1', // the test proxy cannot reach it and closes the client
        timeoutMs: 2000,
      });
      expect(chain.certificates).toEqual([]);
      expect(chain.error).toMatch(/proxy http:\/\/127\.0\.0\.1:\d+/);
    } finally {
      await proxy.close();
    }
  });

  it('times out on a proxy that never answers CONNECT', async () => {
    const silent = await startSilentServer();
    try {
      const chain = await readCertificateChain(`https://${HOST}`, { env: { HTTPS_PROXY: `127.0.0.1:${silent.port}` }, timeoutMs: 300 });
      expect(chain.error).toMatch(/within 300 ms \(through proxy http:\/\/127\.0\.0\.1:\d+\)/);
    } finally {
      await silent.close();
    }
  });
});

describe('--online scan of fixtures/tfe-private-ca', () => {
  // The fixture behind the golden files, through the public lint() with --online; the rule's own
  // cases (private and public chains, the leaf, a proxy, timeouts) are in rules/thumbprint-current.test.ts.
  const thumbprintFindings = async (options: LintOptions) =>
    (await lint(['fixtures/tfe-private-ca'], { env: {}, ...options })).findings.filter((f) => f.ruleId === 'thumbprint-current');

  it('reports the stale thumbprint with the current one and the certificate it belongs to', async () => {
    const found = await thumbprintFindings({ online: true, onlineConnect: { resolve: { [HOST]: `127.0.0.1:${server.port}` } } });
    expect(found).toHaveLength(1);
    const f = found[0];
    expect(f.severity).toBe('high');
    expect(f.message).toContain(`current thumbprint ${pki.sha1.intermediate}`);
    expect(f.message).toContain('"CN=Acme Test Intermediate CA"');
    expect(f.message).toMatch(/not publicly trusted/);
    expect(f.range).toMatchObject({ file: 'fixtures/tfe-private-ca/main.tf', start: { line: 14, column: 22 } });
    expect(f.fix).toContain(pki.sha1.intermediate);
  });

  it('says nothing without --online', async () => {
    expect(await thumbprintFindings({})).toEqual([]);
  });

  it('runs through lint({ online: true }) and notes a host it cannot reach', { timeout: 20_000 }, async () => {
    const [f] = await thumbprintFindings({ online: true });
    expect(f).toMatchObject({ messageId: 'unreachable' });
    expect(f.message).toContain('tfe.acme.example');
  });
});
