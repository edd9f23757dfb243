// The CLI wiring of --aws and --fix, proven end to end: run() with a plain CliIO (what the bin
// passes, nothing injected) and the built bin as a child process, against the local IAM endpoint.
// --fix gets --thumbprint, so no TLS chain is read and nothing but the endpoint is contacted.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../src/testing/cli.js';
import { writeTree } from '../src/testing/tf.js';
import { ACCOUNT_ID, type Endpoint, TEST_ENV, startEndpoint } from './iam-endpoint/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/tfc-oidc-lint.js', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const HOST = 'app.terraform.io';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const ROLE = 'terraform-cloud-sts-assumption-role';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const STALE = 'a'.repeat(40);
const CURRENT = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
const APPLY_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';
const SEED_PINS = ['--organization', 'acme', '--project', 'infra', '--workspace', 'prod', '--run-phase', 'apply'];

const trust = (operator: 'StringEquals' | 'StringLike', sub: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition:
        operator === 'StringEquals'
          ? { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity', [`${HOST}:sub`]: sub } }
          : { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity' }, StringLike: { [`${HOST}:sub`]: sub } },
    },
  ],
});

/** The seed's role as deployed with real names: every run phase of acme/infra/prod, with admin; a stale thumbprint. */
function seedDeployed(ep: Endpoint): void {
  ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [STALE] });
  ep.account.addRole({
    name: ROLE,
    trust: trust('StringLike', 'organization:acme:project:infra:workspace:prod:run_phase:*'),
    attached: [ADMIN],
  });
}

/** One role open to every organization, one pinned. */
function seedLiveRoles(ep: Endpoint): void {
  ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [CURRENT] });
  ep.account.addRole({ name: 'tfc-open', trust: trust('StringLike', 'organization:*:project:infra:workspace:prod:run_phase:apply') });
  ep.account.addRole({ name: 'tfc-pinned', trust: trust('StringEquals', APPLY_SUB) });
}

const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT_ID}:role/${name}`;
/** stderr without the progress line (drawn only when the test's own stderr is a terminal). */
// eslint-disable-next-line no-control-regex -- ESC starts the terminal's erase-line sequence
const withoutProgress = (s: string) => s.replace(/\r\x1b\[2K[^\r]*/g, '');

type Report = { tool: { version: string }; findings: { ruleId: string; file: string }[] };

let ep: Endpoint;
let tmp: { dir: string; cleanup(): void };
beforeEach(async () => {
  ep = await startEndpoint();
  tmp = writeTree({});
});
afterEach(async () => {
  await ep.close();
  tmp.cleanup();
});

describe('--aws through run()', () => {
  it('reports the open role by ARN and not the pinned one, with the package version in the JSON report', async () => {
    seedLiveRoles(ep);
    const r = await cli(['--aws', '--endpoint-url', ep.url, '--format', 'json'], ROOT, TEST_ENV);
    expect(withoutProgress(r.stderr)).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.map((f) => [f.ruleId, f.file])).toEqual([['no-wildcard-organization', roleArn('tfc-open')]]);
    expect(report.tool.version).toBe(VERSION);
    expect(ep.called('GetAccountAuthorizationDetails')).toBeGreaterThan(0);
  });

  it('with a path, reports the code and the account in one report', async () => {
    seedLiveRoles(ep);
    const r = await cli(['--aws', 'fixtures/seed', '--endpoint-url', ep.url, '--format', 'json'], ROOT, TEST_ENV);
    expect(r.code).toBe(1);
    const files = new Set((JSON.parse(r.stdout) as Report).findings.map((f) => f.file));
    expect([...files].sort()).toEqual([roleArn('tfc-open'), 'fixtures/seed/main.tf']);
  });

  it('maps a usage error of the acting flags to exit 2 with the help hint, before any AWS call', async () => {
    const r = await cli(['--aws', '--fix', '--endpoint-url', ep.url], ROOT, TEST_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--fix, --fix-code, --aws and --rollback are separate commands');
    expect(r.stderr).toContain('(run tfc-oidc-lint --help for usage)');
    expect(ep.calls).toEqual([]);
  });
});

describe('--fix --thumbprint through run()', () => {
  it('applies the plan with --yes: pinned trust, the given thumbprint, admin detached, a rollback file', async () => {
    seedDeployed(ep);
    const rollback = `${tmp.dir}/rollback.json`;
    const r = await cli(
      [
        '--fix',
        'fixtures/seed',
        ...SEED_PINS,
        '--thumbprint',
        CURRENT,
        '--yes',
        '--detach-admin',
        '--rollback-file',
        rollback,
        '--endpoint-url',
        ep.url,
      ],
      ROOT,
      TEST_ENV,
    );
    expect(withoutProgress(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(ep.mutations()).toEqual(['UpdateOpenIDConnectProviderThumbprint', 'UpdateAssumeRolePolicy', 'DetachRolePolicy']);
    expect(ep.account.providers.get(PROVIDER_ARN)!.thumbprints).toEqual([CURRENT]);
    expect(JSON.parse(ep.account.roles.get(ROLE)!.trust)).toEqual(trust('StringEquals', APPLY_SUB));
    expect(ep.account.roles.get(ROLE)!.attached).toEqual([]);
    expect(r.stdout).toContain(`~ set the thumbprints of oidc-provider/${HOST}: ${STALE} → ${CURRENT}`);
    expect(r.stdout).toContain('Applied 3 changes.');
    expect(JSON.parse(readFileSync(rollback, 'utf8'))).toMatchObject({ format: 'tfc-oidc-lint-rollback', account: ACCOUNT_ID });
  });

  it('without --yes, off a terminal: prints the plan, changes nothing, exits 1', async () => {
    seedDeployed(ep);
    const rollback = `${tmp.dir}/rollback.json`;
    const r = await cli(
      ['--fix', 'fixtures/seed', ...SEED_PINS, '--thumbprint', CURRENT, '--rollback-file', rollback, '--endpoint-url', ep.url],
      ROOT,
      TEST_ENV,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Nothing was changed. Run again with --yes');
    expect(ep.mutations()).toEqual([]);
    expect(existsSync(rollback)).toBe(false);
  });
});

/** The built bin (dist/) as a child process; asynchronous, so that this process's endpoint can answer. */
function bin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(new URL('../dist/src/cli/fix-command.js', import.meta.url)))
    throw new Error('dist/ is not built: run `npm run build` first');
  // Only the test credentials: no profile, config file or variable of the machine reaches the SDK.
  // The SDK's Node-version notice is not switched off here: the tool itself keeps it off on the
  // Node versions it supports, and `stderr` must stay empty (docs/aws-safety.md).
  const env = {
    ...TEST_ENV,
    NO_COLOR: '1',
    AWS_CONFIG_FILE: `${tmp.dir}/no-config`,
    AWS_SHARED_CREDENTIALS_FILE: `${tmp.dir}/no-credentials`,
  };
  return new Promise((res) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      res({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

describe('the built bin', () => {
  it('--aws: exit 1, the open role in JSON on stdout, nothing on stderr', async () => {
    seedLiveRoles(ep);
    const r = await bin(['--aws', '--endpoint-url', ep.url, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).findings.map((f) => f.file)).toEqual([roleArn('tfc-open')]);
  });

  it('--fix --thumbprint --yes: exit 0 and the account changed', async () => {
    seedDeployed(ep);
    const r = await bin([
      '--fix',
      'fixtures/seed',
      ...SEED_PINS,
      '--thumbprint',
      CURRENT,
      '--yes',
      '--rollback-file',
      `${tmp.dir}/rb.json`,
      '--endpoint-url',
      ep.url,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(ep.mutations()).toEqual(['UpdateOpenIDConnectProviderThumbprint', 'UpdateAssumeRolePolicy']);
    expect(JSON.parse(ep.account.roles.get(ROLE)!.trust)).toEqual(trust('StringEquals', APPLY_SUB));
    expect(existsSync(`${tmp.dir}/rb.json`)).toBe(true);
  });
});
