// No hang, ever: an AWS endpoint that accepts the connection and never answers stops --fix, --aws
// and --rollback with "Stopped: <call> did not answer in N s", the Changed / Not changed lists and
// the rollback file, exit 2. Real SDK clients against a local endpoint; short timeouts by flag/env.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTree } from '../src/testing/tf.js';
import { ACCOUNT_ID, type Endpoint, TEST_ENV, fixCli, startEndpoint, startSilentServer } from './iam-endpoint/index.js';

const HOST = 'app.terraform.io';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const ROLE = 'terraform-cloud-sts-assumption-role';
const STALE = 'a'.repeat(40);
const CURRENT = 'b'.repeat(40);
const PINS = ['--organization', 'acme', '--project', 'infra', '--workspace', 'prod', '--run-phase', 'apply'];
/** `--fix` of the seed with the pins and the current thumbprint, confirmed, against `endpoint`; then `extra` flags. */
const fixSeedArgs = (endpoint: string, ...extra: string[]) => [
  '--fix',
  'fixtures/seed',
  ...PINS,
  '--thumbprint',
  CURRENT,
  '--yes',
  '--endpoint-url',
  endpoint,
  ...extra,
];

function seedAccount(ep: Endpoint): void {
  ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [STALE] });
  ep.account.addRole({
    name: ROLE,
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity' },
            StringLike: { [`${HOST}:sub`]: 'organization:acme:project:infra:workspace:prod:run_phase:*' },
          },
        },
      ],
    },
  });
}

let ep: Endpoint;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
let tmp: { dir: string; cleanup(): void };
beforeEach(async () => {
  ep = await startEndpoint();
  silent = await startSilentServer();
  tmp = writeTree({});
});
afterEach(async () => {
  await ep.close();
  await silent.close();
  tmp.cleanup();
});

describe('an endpoint that accepts connections and never answers', () => {
  it('--aws stops at the first call with the call named, exit 2', async () => {
    const r = await fixCli(['--aws', '--endpoint-url', silent.url, '--aws-timeout', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Stopped: sts:GetCallerIdentity did not answer in 1 s\n');
    expect(silent.connections()).toBeGreaterThan(0);
  });

  it('--fix stops before any change and says nothing was changed', async () => {
    const r = await fixCli(fixSeedArgs(silent.url, '--aws-timeout', '1', '--rollback-file', `${tmp.dir}/rb.json`));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Stopped: sts:GetCallerIdentity did not answer in 1 s\nNothing was changed.\n');
    expect(existsSync(`${tmp.dir}/rb.json`)).toBe(false);
  });

  it('--rollback stops too; the timeout can come from TFC_OIDC_LINT_AWS_TIMEOUT', async () => {
    const file = `${tmp.dir}/rb.json`;
    const w = writeTree({
      'rb.json': JSON.stringify({
        format: 'tfc-oidc-lint-rollback',
        version: 1,
        createdAt: 'x',
        account: ACCOUNT_ID,
        providers: [],
        roles: [],
      }),
    });
    try {
      const r = await fixCli(['--rollback', `${w.dir}/rb.json`, '--yes', '--endpoint-url', silent.url], {
        env: { ...TEST_ENV, TFC_OIDC_LINT_AWS_TIMEOUT: '0.5' },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('Stopped: sts:GetCallerIdentity did not answer in 0.5 s\nNothing was changed.\n');
    } finally {
      w.cleanup();
    }
    expect(existsSync(file)).toBe(false);
  });

  it('AWS_ENDPOINT_URL_IAM sends only IAM calls to its endpoint: STS still answers, the first IAM call is the one named', async () => {
    seedAccount(ep);
    const env = { ...TEST_ENV, AWS_ENDPOINT_URL: ep.url, AWS_ENDPOINT_URL_IAM: silent.url };
    const r = await fixCli(['--aws', '--aws-timeout', '1'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Stopped: iam:ListOpenIDConnectProviders did not answer in 1 s\n');
    expect(ep.called('GetCallerIdentity')).toBe(1);
  });
});

describe('the other per-service endpoint variables (AWS_ENDPOINT_URL_STS, _ACCESSANALYZER)', () => {
  it('AWS_ENDPOINT_URL_STS alone sends only STS calls there', async () => {
    seedAccount(ep);
    const r = await fixCli(['--aws', '--aws-timeout', '1'], {
      env: { ...TEST_ENV, AWS_ENDPOINT_URL: ep.url, AWS_ENDPOINT_URL_STS: silent.url },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Stopped: sts:GetCallerIdentity did not answer in 1 s\n');
    expect(ep.calls).toEqual([]);
  });

  it('AWS_ENDPOINT_URL_ACCESSANALYZER alone sends only Access Analyzer calls there: IAM and STS answer, nothing is changed', async () => {
    seedAccount(ep);
    const env = { ...TEST_ENV, AWS_ENDPOINT_URL: ep.url, AWS_ENDPOINT_URL_ACCESSANALYZER: silent.url };
    const r = await fixCli(
      ['--fix', 'fixtures/seed', ...PINS, '--thumbprint', CURRENT, '--yes', '--aws-timeout', '1', '--rollback-file', `${tmp.dir}/rb.json`],
      { env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Stopped: access-analyzer:ValidatePolicy did not answer in 1 s');
    expect(r.stderr).toContain('Nothing was changed.');
    expect(ep.called('GetCallerIdentity')).toBe(1);
    expect(ep.called('ValidatePolicy')).toBe(0);
    expect(ep.mutations()).toEqual([]);
  });
});

describe('reading the roles that share a provider (--fix re-creating a deleted provider)', () => {
  it('a stuck GetAccountAuthorizationDetails stops the fix before any change', async () => {
    seedAccount(ep);
    ep.account.providers.clear();
    ep.hang.add('iam:GetAccountAuthorizationDetails');
    const r = await fixCli(fixSeedArgs(ep.url, '--aws-timeout', '1', '--rollback-file', `${tmp.dir}/rb.json`));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Stopped: iam:GetAccountAuthorizationDetails did not answer in 1 s');
    expect(r.stderr).toContain('Nothing was changed.');
    expect(ep.mutations()).toEqual([]);
    expect(existsSync(`${tmp.dir}/rb.json`)).toBe(false);
  });
});

describe('a call that hangs part-way', () => {
  it('--fix: the stuck change is named, Changed / Not changed are true, the rollback file restores the account', async () => {
    seedAccount(ep);
    const before = ep.account.snapshot();
    ep.hang.add('iam:UpdateAssumeRolePolicy');
    const rollback = `${tmp.dir}/rb.json`;
    const r = await fixCli(fixSeedArgs(ep.url, '--aws-timeout', '1', '--rollback-file', rollback));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Stopped: iam:UpdateAssumeRolePolicy did not answer in 1 s\n');
    expect(r.stderr).toMatch(
      /Changed:\n {2}set the thumbprints of oidc-provider\/app\.terraform\.io: a{40} → b{40}\nNot changed:\n {2}update the trust policy of role terraform-cloud-sts-assumption-role \(no answer: AWS may or may not have applied it/,
    );
    expect(r.stderr).toContain(`The rollback file ${rollback} restores the state before this run`);
    expect(JSON.parse(readFileSync(rollback, 'utf8'))).toMatchObject({ providers: [{ thumbprints: [STALE] }] });
    // The rollback brings the thumbprint back.
    ep.hang.clear();
    const back = await fixCli(['--rollback', rollback, '--yes', '--endpoint-url', ep.url]);
    expect(back.code).toBe(0);
    expect(ep.account.snapshot()).toEqual(before);
  });

  it('--rollback: a stuck restore is reported the same way', async () => {
    seedAccount(ep);
    const rollback = `${tmp.dir}/rb.json`;
    const fixed = await fixCli(fixSeedArgs(ep.url, '--rollback-file', rollback));
    expect(fixed.code).toBe(0);
    ep.hang.add('iam:UpdateAssumeRolePolicy');
    const r = await fixCli(['--rollback', rollback, '--yes', '--endpoint-url', ep.url, '--aws-timeout', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Stopped: iam:UpdateAssumeRolePolicy did not answer in 1 s\n');
    expect(r.stderr).toMatch(
      /Changed:\n {2}set the thumbprints .*\nNot changed:\n {2}update the trust policy of role terraform-cloud-sts-assumption-role \(no answer/,
    );
  });

  it('--aws: a stuck read stops the scan with the call named', async () => {
    seedAccount(ep);
    ep.hang.add('iam:GetAccountAuthorizationDetails');
    const r = await fixCli(['--aws', '--endpoint-url', ep.url, '--aws-timeout', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('Stopped: iam:GetAccountAuthorizationDetails did not answer in 1 s\n');
  });

  it('a stuck Access Analyzer call stops the fix before any change', async () => {
    seedAccount(ep);
    ep.hang.add('access-analyzer:ValidatePolicy');
    const r = await fixCli(fixSeedArgs(ep.url, '--aws-timeout', '1'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Stopped: access-analyzer:ValidatePolicy did not answer in 1 s');
    expect(r.stderr).toContain('Nothing was changed.');
    expect(ep.mutations()).toEqual([]);
  });

  it('the overall deadline stops a run whose calls each answer in time but not all together', async () => {
    seedAccount(ep);
    ep.hang.add('iam:GetAccountAuthorizationDetails');
    const r = await fixCli(['--aws', '--endpoint-url', ep.url, '--aws-timeout', '30', '--aws-deadline', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^Stopped: iam:GetAccountAuthorizationDetails did not answer in [\d.]+ s \(the overall deadline of 1 s for AWS calls\)\n$/,
    );
  });

  it('a timeout that is not a positive number is a usage error', async () => {
    const r = await fixCli(['--aws', '--endpoint-url', ep.url, '--aws-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--aws-timeout "soon": expected a positive number of seconds');
    expect(ep.calls).toEqual([]);
  });
});
