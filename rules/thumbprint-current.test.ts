// thumbprint-current on the rule tester, against real local servers: a TLS server for
// tfe.acme.example on a generated private CA (leaf + intermediate, as real servers send), one for
// app.terraform.io whose root the case counts as publicly trusted, a server that never answers, a
// closed port and an HTTP CONNECT proxy. lint()'s `onlineConnect` option directs each host to its
// server (src/engine/types.ts); test/online.test.ts tests the TLS reader itself.
import { afterAll } from 'vitest';
import type { LintOptions } from '../src/engine/types.js';
import { makePki, startConnectProxy, startSilentServer, startTlsServer } from '../src/testing/online.js';
import { ruleTester } from '../src/testing/rule-tester.js';
import { tf } from '../src/testing/tf.js';
import rule from './thumbprint-current.js';

const TFE = 'tfe.acme.example';
const TFC = 'app.terraform.io';
const STALE = '0123456789abcdef0123456789abcdef01234567';

// Started once for the file: the cases below need the ports and thumbprints when they are declared.
const tfePki = makePki(TFE);
const tfcPki = makePki(TFC);
const tfeServer = await startTlsServer(tfePki);
const tfcServer = await startTlsServer(tfcPki);
const silent = await startSilentServer();
const proxy = await startConnectProxy();
const closed = await startSilentServer();
await closed.close(); // nothing listens on its port any more
const closedPort = closed.port;
afterAll(() => Promise.all([tfeServer, tfcServer, silent, proxy].map((s) => s.close())));

/** lint() with --online, each named host connected to the given local port (the default 10 s limit: a loaded machine is no timeout). */
const online = (ports: Record<string, number>, more: LintOptions = {}): LintOptions => ({
  online: true,
  ...more,
  onlineConnect: {
    resolve: Object.fromEntries(Object.entries(ports).map(([host, port]) => [host, `127.0.0.1:${port}`])),
    ...more.onlineConnect,
  },
});
const atTfe = online({ [TFE]: tfeServer.port });

// The provider's url value is at line 2, column 21; the first listed thumbprint at line 4, column 22.
const providerTf = (host: string, thumbprints: string) => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "https://${host}"
    client_id_list  = ["aws.workload.identity"]
    thumbprint_list = ${thumbprints}
  }
`;

// A Terraform Enterprise host is known as one by the trust that uses it (organization:… sub).
const roleOf = (host: string) => tf`
  resource "aws_iam_role" "apply" {
    name = "tfe-apply"
    assume_role_policy = jsonencode({
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = { StringEquals = {
          "${host}:aud" = "aws.workload.identity"
          "${host}:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply"
        } }
      }]
    })
  }
`;
const tfeSetup = (thumbprints: string, host = TFE) => providerTf(host, thumbprints) + roleOf(host);

ruleTester(rule, {
  valid: [
    {
      name: 'the list holds the thumbprint of the top of the served chain',
      code: tfeSetup(`["${tfePki.sha1.intermediate}"]`),
      options: atTfe,
    },
    {
      name: 'thumbprints compare case-insensitively, and the leaf beside the current one is no finding',
      code: tfeSetup(`["${tfePki.sha1.leaf}", "${tfePki.sha1.intermediate.toUpperCase()}"]`),
      options: atTfe,
    },
    {
      name: 'a thumbprint read at apply from data.tls_certificate is re-read every apply',
      code:
        tf`
          data "tls_certificate" "tfe" {
            url = "https://${TFE}"
          }
        ` + tfeSetup('[data.tls_certificate.tfe.certificates[0].sha1_fingerprint]'),
      options: atTfe,
    },
    { name: 'without --online nothing is read and nothing is said', code: tfeSetup(`["${STALE}"]`) },
    {
      name: 'a provider of another issuer is not checked, even when its host serves another chain',
      code: providerTf('token.actions.githubusercontent.com', `["${STALE}"]`),
      options: online({ 'token.actions.githubusercontent.com': tfeServer.port }),
    },
  ],
  invalid: [
    {
      name: 'a stale thumbprint for a host on a private CA is high, at the listed value, naming the current one',
      code: tfeSetup(`["${STALE}"]`),
      options: atTfe,
      errors: [
        {
          messageId: 'stale',
          severity: 'high',
          line: 4,
          column: 22,
          text: `"${STALE}"`,
          says: [`current thumbprint ${tfePki.sha1.intermediate}`, '"CN=Acme Test Intermediate CA"', 'not publicly trusted'],
          fix: [tfePki.sha1.intermediate],
          related: [`provider URL ${TFE}`],
          resource: 'aws_iam_openid_connect_provider.tfc',
        },
      ],
    },
    {
      name: 'only the leaf listed: the finding says the leaf changes at every renewal',
      code: tfeSetup(`["${tfePki.sha1.leaf}"]`),
      options: atTfe,
      errors: [{ messageId: 'stale', severity: 'high', line: 4, column: 22, says: ['the leaf certificate (it changes at every renewal)'] }],
    },
    {
      name: 'the root CA listed, which the server does not send: stale, naming the current thumbprint',
      code: tfeSetup(`["${tfePki.sha1.root}"]`),
      options: atTfe,
      errors: [{ messageId: 'stale', severity: 'high', line: 4, column: 22, says: [`current thumbprint ${tfePki.sha1.intermediate}`] }],
    },
    {
      name: 'a publicly trusted chain (app.terraform.io) makes a stale thumbprint low: hygiene',
      code: providerTf(TFC, `["${STALE}"]`),
      options: online({ [TFC]: tfcServer.port }, { onlineConnect: { ca: [tfcPki.rootPem] } }),
      errors: [{ messageId: 'stale', severity: 'low', line: 4, column: 22, says: ['hygiene', tfcPki.sha1.intermediate] }],
    },
    {
      name: 'an IAM JSON provider (get-open-id-connect-provider output) is checked too',
      file: 'provider.json',
      code: JSON.stringify(
        { Url: TFC, ClientIDList: ['aws.workload.identity'], ThumbprintList: [STALE], CreateDate: '2024-01-01T00:00:00Z' },
        null,
        2,
      ),
      options: online({ [TFC]: tfcServer.port }, { onlineConnect: { ca: [tfcPki.rootPem] } }),
      errors: [{ messageId: 'stale', severity: 'low', line: 7, column: 5, text: `"${STALE}"` }],
    },
    {
      name: 'the chain is read through HTTPS_PROXY, and the finding names the proxy',
      code: tfeSetup(`["${STALE}"]`),
      options: online({ [TFE]: tfeServer.port }, { env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } }),
      errors: [
        {
          messageId: 'stale',
          line: 4,
          column: 22,
          says: [tfePki.sha1.intermediate],
          related: [`(read through proxy http://127.0.0.1:${proxy.port})`],
        },
      ],
    },
    {
      name: 'a host that accepts and never answers: an info note once the time limit is up, at the URL',
      code: tfeSetup(`["${STALE}"]`),
      options: online({ [TFE]: silent.port }, { onlineTimeoutMs: 300 }),
      errors: [
        {
          messageId: 'unreachable',
          severity: 'info',
          line: 2,
          column: 21,
          text: `"https://${TFE}"`,
          says: [`no TLS handshake with ${TFE}:443 within 300 ms`, 'was not checked'],
        },
      ],
    },
    {
      name: 'a refused connection: an info note naming it',
      code: tfeSetup(`["${STALE}"]`),
      options: online({ [TFE]: closedPort }),
      errors: [{ messageId: 'unreachable', severity: 'info', line: 2, column: 21, says: ['connection refused'] }],
    },
    {
      name: 'a proxy that never answers CONNECT: an info note once the time limit is up',
      code: tfeSetup(`["${STALE}"]`),
      options: online({ [TFE]: tfeServer.port }, { onlineTimeoutMs: 300, env: { HTTPS_PROXY: `http://127.0.0.1:${silent.port}` } }),
      errors: [{ messageId: 'unreachable', severity: 'info', line: 2, column: 21, says: ['within 300 ms (through proxy'] }],
    },
    {
      name: 'a host name that does not resolve: an info note naming the host',
      code: tfeSetup(`["${STALE}"]`, 'tfe.does-not-exist.invalid'),
      // Without DNS at all the lookup may run out of time instead; either way the note names the host.
      options: { online: true, onlineTimeoutMs: 5000 },
      errors: [{ messageId: 'unreachable', severity: 'info', line: 2, column: 21, says: ['tfe.does-not-exist.invalid'] }],
    },
  ],
});
