// A local AWS endpoint for tests: IAM and STS (Query/XML) and IAM Access Analyzer (REST/JSON) on
// one HTTP port, as LocalStack serves them. The SDK clients talk to it for real.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AnalyzerConfig, checkNoNewAccess, validatePolicy } from './analyzer.js';
import { ApiError, IAM_HANDLERS } from './iam.js';
import { AccountState, newId } from './state.js';
import { queryError, queryResponse } from './xml.js';

export const ACCOUNT_ID = '123456789012';
export const TEST_ACCESS_KEY = 'AKIATESTTESTTESTTEST';
/** Environment for the SDK's credential chain: static test credentials and the default region. */
export const TEST_ENV = { AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_REGION: 'us-east-1' };

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export interface Call {
  service: 'iam' | 'sts' | 'access-analyzer';
  action: string;
  accessKey?: string;
}

export interface Endpoint {
  url: string;
  accounts: Map<string, AccountState>;
  /** The default account (ACCOUNT_ID), reached with TEST_ACCESS_KEY. */
  account: AccountState;
  /** Add another account, reachable through sts:AssumeRole of one of its roles. */
  addAccount(id: string): AccountState;
  /** `iam:DetachRolePolicy`, `access-analyzer:ValidatePolicy`, ...: answered with AccessDenied. */
  deny: Set<string>;
  /** `iam:UpdateAssumeRolePolicy`, `sts:GetCallerIdentity`, ...: accepted and never answered. */
  hang: Set<string>;
  /** Action → how many more calls answer with a throttling error (the SDK retries those). */
  throttle: Map<string, number>;
  /** Page size for Marker/IsTruncated pagination. */
  pageSize: number;
  analyzer: AnalyzerConfig & { available: boolean };
  calls: Call[];
  /** Calls of one action, or of everything that changes state. */
  called(action: string): number;
  mutations(): string[];
  close(): Promise<void>;
}

const READ = /^(Get|List)/;

function accessKeyOf(req: IncomingMessage): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(req.headers.authorization ?? '')?.[1];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEndpoint(): Promise<Endpoint> {
  const accounts = new Map<string, AccountState>();
  const keys = new Map<string, { account: string; arn: string }>([
    [TEST_ACCESS_KEY, { account: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/test` }],
  ]);
  const addAccount = (id: string) => {
    const a = new AccountState(id);
    accounts.set(id, a);
    return a;
  };
  const calls: Call[] = [];
  const ep: Omit<Endpoint, 'url' | 'close'> = {
    accounts,
    account: addAccount(ACCOUNT_ID),
    addAccount,
    deny: new Set(),
    hang: new Set(),
    throttle: new Map(),
    pageSize: 100,
    analyzer: { available: true, extraFindings: [] },
    calls,
    called: (action) => calls.filter((c) => c.action === action).length,
    mutations: () => calls.filter((c) => c.service === 'iam' && !READ.test(c.action)).map((c) => c.action),
  };

  /** Faults a test asked for, checked before the operation runs. */
  const faults = (service: string, action: string, caller: string) => {
    const left = ep.throttle.get(action) ?? 0;
    if (left > 0) {
      ep.throttle.set(action, left - 1);
      throw service === 'access-analyzer'
        ? new ApiError('ThrottlingException', 'Rate exceeded', 429)
        : new ApiError('Throttling', 'Rate exceeded', 400);
    }
    if (ep.deny.has(`${service}:${action}`)) {
      throw new ApiError(
        service === 'access-analyzer' ? 'AccessDeniedException' : 'AccessDenied',
        `User: ${caller} is not authorized to perform: ${service}:${action} because no identity-based policy allows the ${service}:${action} action`,
        403,
      );
    }
  };

  const handleQuery = (req: IncomingMessage, body: string, res: ServerResponse) => {
    const params = new URLSearchParams(body);
    const action = params.get('Action') ?? '';
    const sts = params.get('Version') === '2011-06-15';
    const ns = sts ? STS_NS : IAM_NS;
    const requestId = randomUUID();
    const key = accessKeyOf(req);
    calls.push({ service: sts ? 'sts' : 'iam', action, accessKey: key });
    if (ep.hang.has(`${sts ? 'sts' : 'iam'}:${action}`)) return; // the request is read, the answer never comes
    const send = (status: number, xml: string) => {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(xml);
    };
    try {
      const who = key ? keys.get(key) : undefined;
      if (!who) throw new ApiError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
      faults(sts ? 'sts' : 'iam', action, who.arn);
      const account = accounts.get(who.account)!;
      if (sts) return send(200, queryResponse(action, ns, stsAction(action, params, who), requestId));
      const handler = Object.hasOwn(IAM_HANDLERS, action) ? IAM_HANDLERS[action] : undefined;
      if (!handler) throw new ApiError('InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
      send(200, queryResponse(action, ns, handler(params, account, ep.pageSize), requestId));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('ServiceFailure', String(e), 500);
      send(err.status, queryError(ns, err.code, err.message, requestId, err.status >= 500 ? 'Receiver' : 'Sender'));
    }
  };

  const stsAction = (action: string, params: URLSearchParams, who: { account: string; arn: string }) => {
    if (action === 'GetCallerIdentity') return { Arn: who.arn, UserId: 'AIDATEST', Account: who.account };
    if (action !== 'AssumeRole') throw new ApiError('InvalidAction', `Could not find operation ${action}`);
    const roleArn = params.get('RoleArn') ?? '';
    const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    const target = m ? accounts.get(m[1]) : undefined;
    if (!m || !target?.roles.has(m[2]))
      throw new ApiError('AccessDenied', `User: ${who.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    const accessKey = newId('ASIA');
    const session = params.get('RoleSessionName') ?? 'session';
    const arn = `arn:aws:sts::${m[1]}:assumed-role/${m[2]}/${session}`;
    keys.set(accessKey, { account: m[1], arn });
    return {
      Credentials: {
        AccessKeyId: accessKey,
        SecretAccessKey: 'assumed-secret',
        SessionToken: 'assumed-token',
        Expiration: new Date(Date.now() + 3600_000),
      },
      AssumedRoleUser: { Arn: arn, AssumedRoleId: `AROA:${session}` },
    };
  };

  const handleAnalyzer = (req: IncomingMessage, path: string, body: string, res: ServerResponse) => {
    const action = path === '/policy/validation' ? 'ValidatePolicy' : 'CheckNoNewAccess';
    const key = accessKeyOf(req);
    calls.push({ service: 'access-analyzer', action, accessKey: key });
    if (ep.hang.has(`access-analyzer:${action}`)) return;
    const send = (status: number, json: unknown, code?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(code ? { 'x-amzn-errortype': code } : {}) });
      res.end(JSON.stringify(json));
    };
    try {
      const who = key ? keys.get(key) : undefined;
      if (!who) throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403);
      if (!ep.analyzer.available) throw new ApiError('UnknownOperationException', `${action} is not available in this partition`, 404);
      faults('access-analyzer', action, who.arn);
      const input = JSON.parse(body || '{}') as Record<string, unknown>;
      send(200, action === 'ValidatePolicy' ? validatePolicy(input, ep.analyzer) : checkNoNewAccess(input));
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError('InternalServerException', String(e), 500);
      send(err.status, { message: err.message }, err.code);
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && (path === '/policy/validation' || path === '/policy/check-no-new-access'))
        return handleAnalyzer(req, path, body, res);
      if (req.method === 'POST' && path === '/') return handleQuery(req, body, res);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`no route for ${req.method} ${path}`);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The same object the handlers read, so a test's changes (pageSize, deny, ...) take effect.
  return Object.assign(ep, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A TCP server that accepts every connection and never sends a byte: the endpoint that hangs. */
export async function startSilentServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const { createServer: createTcpServer } = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let connections = 0;
  const server = createTcpServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.resume(); // read the request, answer nothing
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
