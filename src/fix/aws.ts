// The AWS session for --fix and --aws: credentials (standard chain, --profile, --role-arn through
// STS), clients pointed at --endpoint-url, and AWS errors turned into sentences. The SDK is
// imported here, lazily, and nowhere else.
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import type { IAMClient, IAMClientConfig } from '@aws-sdk/client-iam';

type Credentials = NonNullable<IAMClientConfig['credentials']>;

export type Env = Record<string, string | undefined>;

export interface AwsOptions {
  profile?: string;
  region?: string;
  endpointUrl?: string;
  /** Assume this role (sts:AssumeRole) and act in its account. */
  roleArn?: string;
  env: Env;
  /** Seconds one AWS call may take, retries included (default 30). */
  timeoutSeconds?: number;
  /** Seconds all AWS calls of the run may take together (default 900). */
  deadlineSeconds?: number;
}

export interface AwsSession {
  iam: IAMClient;
  analyzer: AccessAnalyzerClient;
  /** The account acted on (after --role-arn, the role's). */
  account: string;
  /** Who we are, for messages. */
  callerArn: string;
  region: string;
  /**
   * Run one API call; AWS errors become AwsError with a sentence that names the action. A call
   * that does not answer within the call timeout (or before the run's deadline) is aborted
   * through `signal` and fails with code `Timeout`.
   */
  call<T>(action: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Time spent outside AWS (waiting for the user to answer) does not count against the deadline. */
  pauseDeadline<T>(fn: () => Promise<T>): Promise<T>;
}

/** An AWS failure, explained. `code` is AWS's error code (`AccessDenied`, `LimitExceeded`, ...). */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    message: string,
    readonly code: string,
    readonly action: string,
  ) {
    super(message);
  }
}

/** IAM is global; Access Analyzer and STS need some region. */
const DEFAULT_REGION = 'us-east-1';

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_DEADLINE_SECONDS = 900;

/**
 * The HTTP handler's own limits. Smithy's NodeHttpHandler only logs a warning when
 * `requestTimeout` passes unless `throwOnRequestTimeout` is set (docs/aws-safety.md); the
 * socket timeout covers a server that sends headers and then stalls the body.
 */
function httpConfig(timeoutMs: number) {
  return {
    requestHandler: {
      connectionTimeout: Math.min(5_000, timeoutMs),
      requestTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}

/** `did not answer in 2 s`, `in 0.5 s` */
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * The endpoint of one service, as the SDK documents it: an explicit --endpoint-url wins, then
 * `AWS_ENDPOINT_URL_<SERVICE ID>` (IAM, STS, ACCESSANALYZER), then `AWS_ENDPOINT_URL`, unless
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true. (The SDK reads process.env itself; the CLI is
 * given its environment, so it resolves the same variables from it.)
 */
export function serviceEndpoint(service: 'IAM' | 'STS' | 'ACCESSANALYZER', explicit: string | undefined, env: Env): string | undefined {
  if (explicit) return explicit;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

const LIMIT_HINTS: Record<string, string> = {
  UpdateOpenIDConnectProviderThumbprint: 'a provider holds at most 5 thumbprints',
  CreateOpenIDConnectProvider: 'an account holds at most 100 OIDC providers, each with at most 5 thumbprints and 100 client IDs',
  AddClientIDToOpenIDConnectProvider: 'a provider holds at most 100 client IDs',
  UpdateAssumeRolePolicy: 'a trust policy is at most 2,048 characters by default (4,096 with a quota increase; whitespace is not counted)',
  CreateRole: 'a trust policy is at most 2,048 characters by default (4,096 with a quota increase; whitespace is not counted)',
  AttachRolePolicy: 'a role holds at most 10 managed policies by default (20 with a quota increase)',
};

/** The IAM action a call needs: `iam:GetRole`, `access-analyzer:ValidatePolicy`, `sts:AssumeRole`. */
export function actionName(action: string): string {
  if (action.includes(':')) return action;
  if (action === 'ValidatePolicy' || action === 'CheckNoNewAccess') return `access-analyzer:${action}`;
  if (action === 'AssumeRole' || action === 'GetCallerIdentity') return `sts:${action}`;
  return `iam:${action}`;
}

export function isCredentialsError(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return (
    err?.name === 'CredentialsProviderError' || /could not load credentials|unable to (load|find) credentials/i.test(err?.message ?? '')
  );
}

/** A sentence for an AWS SDK error, naming the action that failed. */
export function explainAwsError(e: unknown, action: string): AwsError {
  if (e instanceof AwsError) return e;
  const err = e as { name?: string; Code?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const code = (err?.Code ?? err?.name ?? 'Error').replace(/Exception$/, '');
  const what = actionName(action);
  const detail = err?.message ?? String(e);
  if (isCredentialsError(e)) {
    const profile = (e as { profile?: string }).profile;
    return new AwsError(
      profile
        ? `No AWS credentials found for profile "${profile}": check that the profile exists in the AWS config or credentials file and has credentials, or sign in with \`aws sso login --profile ${profile}\`.`
        : 'No AWS credentials found. Set AWS_PROFILE or pass --profile, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or sign in with `aws sso login`.',
      'CredentialsProviderError',
      what,
    );
  }
  if (
    /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedAccess)$/.test(code) ||
    (err?.$metadata?.httpStatusCode === 403 && /not authorized/i.test(detail))
  ) {
    return new AwsError(
      `AWS denied ${what}: the credentials need permission for ${what} (see "IAM permissions" in docs/live-accounts.md). AWS said: ${detail}`,
      'AccessDenied',
      what,
    );
  }
  if (/^(InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|ExpiredToken|InvalidToken)$/.test(code)) {
    return new AwsError(`AWS rejected the credentials (${code}) on ${what}: ${detail}`, code, what);
  }
  if (code === 'LimitExceeded') {
    const hint = LIMIT_HINTS[action.replace(/^.*:/, '')];
    return new AwsError(`IAM limit reached on ${what}${hint ? ` (${hint})` : ''}: ${detail}`, code, what);
  }
  if (/^(Throttling|ThrottlingException|TooManyRequests|RequestLimitExceeded)$/.test(code)) {
    return new AwsError(`AWS kept throttling ${what} after the SDK's retries; try again later: ${detail}`, code, what);
  }
  if (code === 'MalformedPolicyDocument') return new AwsError(`IAM rejected the policy document on ${what}: ${detail}`, code, what);
  const net = err?.code ?? '';
  if (/^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(net) || /TimeoutError|RequestTimeout/.test(err?.name ?? '')) {
    return new AwsError(`Could not reach AWS for ${what} (${net || err?.name}): ${detail}`, net || 'Network', what);
  }
  return new AwsError(`${what} failed (${code}): ${detail}`, code, what);
}

/** Credentials: static ones from `env` when set and no profile is asked for, else the standard chain. */
async function baseCredentials(o: AwsOptions): Promise<Credentials> {
  const { env } = o;
  const profile = o.profile ?? env.AWS_PROFILE;
  if (!profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  return fromNodeProviderChain({
    ...(profile ? { profile } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { filepath: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFilepath: env.AWS_CONFIG_FILE } : {}),
    // Instance metadata answers fast or not at all: do not keep a user without credentials waiting.
    timeout: 1_000,
    maxRetries: 0,
  });
}

type Identity = Awaited<ReturnType<Extract<Credentials, (...args: never[]) => unknown>>>;

/** One AssumeRole for all three clients: each client would otherwise ask the provider itself. */
function shared(provider: () => Promise<Identity>): () => Promise<Identity> {
  let cached: Promise<Identity> | undefined;
  let renewAt = 0;
  return () => {
    if (!cached || Date.now() >= renewAt) {
      const p = provider();
      cached = p;
      renewAt = Number.POSITIVE_INFINITY;
      p.then(
        (c) => (renewAt = c.expiration ? c.expiration.getTime() - 5 * 60_000 : Number.POSITIVE_INFINITY),
        () => (cached = undefined),
      );
    }
    return cached;
  };
}

export async function openSession(o: AwsOptions): Promise<AwsSession> {
  const region = o.region ?? o.env.AWS_REGION ?? o.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
  const timeoutMs = Math.max(1, (o.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
  const deadlineMs = Math.max(1, (o.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS) * 1000);
  const endpointOf = (service: 'IAM' | 'STS' | 'ACCESSANALYZER') => {
    const endpoint = serviceEndpoint(service, o.endpointUrl, o.env);
    return endpoint ? { endpoint } : {};
  };
  const common = { region, ...httpConfig(timeoutMs) };
  // The SDK warns on every run of Node < 22 that its releases after January 2027 will need it.
  // Node 20 is supported by this tool; the SDK's own switch silences the notice (docs/aws-safety.md).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const [{ IAMClient }, { AccessAnalyzerClient }, { STSClient, GetCallerIdentityCommand }] = await Promise.all([
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-accessanalyzer'),
    import('@aws-sdk/client-sts'),
  ]);
  let credentials = await baseCredentials(o);
  if (o.roleArn) {
    const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
    credentials = shared(
      fromTemporaryCredentials({
        params: { RoleArn: o.roleArn, RoleSessionName: 'tfc-oidc-lint', DurationSeconds: 3600 },
        masterCredentials: credentials,
        clientConfig: { ...common, ...endpointOf('STS') },
      }),
    );
  }
  // The deadline counts time spent in AWS calls and between them, not time waiting for the user.
  let deadlineAt = Date.now() + deadlineMs;
  const pauseDeadline = async <T>(fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      deadlineAt += Date.now() - started;
    }
  };
  const call = async <T>(action: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const what = actionName(action);
    const left = deadlineAt - Date.now();
    const limit = Math.max(0, Math.min(timeoutMs, left));
    const byDeadline = left < timeoutMs;
    const stopped = () =>
      new AwsError(
        byDeadline
          ? `${what} did not answer in ${seconds(limit)} (the overall deadline of ${seconds(deadlineMs)} for AWS calls)`
          : `${what} did not answer in ${seconds(limit)}`,
        'Timeout',
        what,
      );
    if (limit <= 0) throw stopped();
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(stopped());
      }, limit);
    });
    try {
      return await Promise.race([fn(controller.signal), timedOut]);
    } catch (e) {
      if (controller.signal.aborted) throw stopped();
      throw explainAwsError(e, action);
    } finally {
      clearTimeout(timer);
    }
  };
  const sts = new STSClient({ ...common, ...endpointOf('STS'), credentials });
  // Who are we: checks the credentials (and the assumed role) before anything else, and names the account.
  let me;
  try {
    me = await call(o.roleArn ? 'sts:AssumeRole' : 'sts:GetCallerIdentity', (abortSignal) =>
      sts.send(new GetCallerIdentityCommand({}), { abortSignal }),
    );
  } catch (e) {
    if (e instanceof AwsError && e.code === 'CredentialsProviderError' && !/for profile/.test(e.message)) {
      const profile = o.profile ?? o.env.AWS_PROFILE;
      if (profile)
        throw explainAwsError(
          Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError', profile }),
          e.action,
        );
    }
    throw e;
  } finally {
    sts.destroy();
  }
  const iam = new IAMClient({ ...common, ...endpointOf('IAM'), credentials });
  const analyzer = new AccessAnalyzerClient({ ...common, ...endpointOf('ACCESSANALYZER'), credentials });
  return { iam, analyzer, account: me.Account ?? '', callerArn: me.Arn ?? '', region, call, pauseDeadline };
}

export function closeSession(s: AwsSession | undefined): void {
  s?.iam.destroy();
  s?.analyzer.destroy();
}
