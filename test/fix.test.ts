// --fix and --rollback end to end: the CLI code path, the real AWS SDK clients, and a local
// IAM / STS / Access Analyzer endpoint with IAM's behaviour. The seed scenario is "What must show".
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestPki, type Listening, makePki, startTlsServer } from '../src/testing/online.js';
import { writeTree } from '../src/testing/tf.js';
import { ACCOUNT_ID, type Endpoint, TEST_ENV, fixCli, startEndpoint } from './iam-endpoint/index.js';

const HOST = 'app.terraform.io';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const ROLE = 'terraform-cloud-sts-assumption-role';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const STALE = 'a'.repeat(40);
const APPLY_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

/** The seed's role as deployed with real names: every run phase of acme/infra/prod, and admin. */
const deployedTrust = {
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
    { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/ops` }, Action: 'sts:AssumeRole' },
  ],
};

function seedAccount(ep: Endpoint): void {
  ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [STALE] });
  ep.account.addRole({ name: ROLE, trust: deployedTrust, attached: [ADMIN] });
}

const seedFlags = ['--organization', 'acme', '--project', 'infra', '--workspace', 'prod', '--run-phase', 'apply'];

let ep: Endpoint;
let tmp: { dir: string; cleanup(): void };
let pki: TestPki;
let tlsServer: Listening;

beforeAll(async () => {
  pki = makePki(HOST);
  tlsServer = await startTlsServer(pki);
});
afterAll(() => tlsServer.close());

beforeEach(async () => {
  ep = await startEndpoint();
  tmp = writeTree({});
});
afterEach(async () => {
  await ep.close();
  tmp.cleanup();
});

/** `--fix fixtures/seed ...` against the endpoint; the thumbprint is read from the local TLS server. */
const fix = (extra: string[], o: { env?: Record<string, string | undefined> } = {}) =>
  fixCli(['--fix', 'fixtures/seed', ...seedFlags, '--endpoint-url', ep.url, ...extra], {
    chainOptions: { connectTo: `127.0.0.1:${tlsServer.port}` },
    ...o,
  });

const liveTrust = () => JSON.parse(ep.account.roles.get(ROLE)!.trust) as { Statement: Record<string, unknown>[] };

describe('the seed scenario (What must show)', () => {
  it('pins the trust to acme/infra/prod apply runs, sets the current thumbprint, detaches admin; the rollback restores it; a second run is a no-op', async () => {
    seedAccount(ep);
    const before = ep.account.snapshot();
    const rollbackFile = `${tmp.dir}/rollback.json`;

    const first = await fix(['--yes', '--detach-admin', '--rollback-file', rollbackFile]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    // A provider with the current thumbprint: the top certificate of the served chain.
    expect(ep.account.providers.get(PROVIDER_ARN)!.thumbprints).toEqual([pki.sha1.intermediate]);
    // A trust policy that admits exactly that workspace's apply runs; the other principal's statement is kept.
    expect(liveTrust().Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity', [`${HOST}:sub`]: APPLY_SUB } },
      },
      deployedTrust.Statement[1],
    ]);
    // No admin attachment.
    expect(ep.account.roles.get(ROLE)!.attached).toEqual([]);
    // Access Analyzer checked the new policy before anything changed.
    expect(ep.called('ValidatePolicy')).toBe(1);
    expect(ep.called('CheckNoNewAccess')).toBe(1);
    expect(ep.mutations()).toEqual(['UpdateOpenIDConnectProviderThumbprint', 'UpdateAssumeRolePolicy', 'DetachRolePolicy']);

    // The plan: a readable diff of the trust policy, and the other actions.
    expect(first.stdout).toContain(`-           "${HOST}:sub": "organization:acme:project:infra:workspace:prod:run_phase:*"`);
    expect(first.stdout).toContain(`+           "${HOST}:sub": "${APPLY_SUB}"`);
    expect(first.stdout).toContain(`~ set the thumbprints of oidc-provider/${HOST}: ${STALE} → ${pki.sha1.intermediate}`);
    expect(first.stdout).toContain(`- detach policy/AdministratorAccess from role ${ROLE}`);
    expect(first.stdout).toContain('Applied 3 changes.');
    // Drift: the corrected Terraform for the code.
    expect(first.stdout).toContain('the next `terraform apply` undoes the fix');
    expect(first.stdout).toContain('resource "aws_iam_role" "terraform_cloud_sts_assumption_role" {');
    expect(first.stdout).toContain('assume_role_policy = jsonencode({');
    expect(first.stdout).toContain('Federated = aws_iam_openid_connect_provider.terraform_cloud.arn');
    expect(first.stdout).toContain(`"${HOST}:sub" = "${APPLY_SUB}"`);
    expect(first.stdout).toContain(`thumbprint_list = ["${pki.sha1.intermediate}"]`);
    expect(first.stdout).toMatch(
      /# remove resource aws_iam_role_policy_attachment\.terraform_cloud_sts_assumption_role_admin_policy \(fixtures\/seed\/main\.tf:87\)/,
    );

    // The rollback file holds the state before the first change.
    const recorded = JSON.parse(readFileSync(rollbackFile, 'utf8'));
    expect(recorded).toMatchObject({ format: 'tfc-oidc-lint-rollback', account: ACCOUNT_ID });
    expect(recorded.roles[0]).toMatchObject({ name: ROLE, existed: true, attached: [ADMIN] });
    expect(JSON.parse(recorded.roles[0].trust)).toEqual(deployedTrust);
    expect(recorded.providers[0]).toMatchObject({ arn: PROVIDER_ARN, existed: true, thumbprints: [STALE] });

    // A second run changes nothing.
    const mutations = ep.mutations().length;
    const second = await fix(['--yes', '--detach-admin', '--rollback-file', `${tmp.dir}/rollback-2.json`]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes: the account already matches the desired state.');
    expect(ep.mutations()).toHaveLength(mutations);
    expect(existsSync(`${tmp.dir}/rollback-2.json`)).toBe(false);

    // The rollback restores the original, and is itself idempotent.
    const back = await fixCli(['--rollback', rollbackFile, '--yes', '--endpoint-url', ep.url]);
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`update the trust policy of role ${ROLE}`);
    expect(ep.account.snapshot()).toEqual(before);
    const again = await fixCli(['--rollback', rollbackFile, '--yes', '--endpoint-url', ep.url]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes: the account is already in the recorded state.');
  });

  it('without --yes (and not on a terminal) prints the plan, changes nothing and exits 1', async () => {
    seedAccount(ep);
    const r = await fix(['--detach-admin'], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('update the trust policy of role');
    expect(r.stdout).toContain('Nothing was changed. Run again with --yes');
    expect(ep.mutations()).toEqual([]);
    expect(readdirSync(tmp.dir)).toEqual([]);
  });

  it('on a terminal, asks; only "yes" applies', async () => {
    seedAccount(ep);
    const terminal = (answer: string) => {
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      stdin.end(`${answer}\n`);
      return fixCli(
        [
          '--fix',
          'fixtures/seed',
          ...seedFlags,
          '--thumbprint',
          STALE,
          '--endpoint-url',
          ep.url,
          '--rollback-file',
          `${tmp.dir}/rb-${answer}.json`,
        ],
        { isTTY: true, stdin },
      );
    };
    const no = await terminal('y');
    expect(no.stderr).toContain(`Apply 1 change to AWS account ${ACCOUNT_ID}? Only "yes" applies:`);
    expect(no.code).toBe(1);
    expect(ep.mutations()).toEqual([]);
    const yes = await terminal('yes');
    expect(yes.code).toBe(0);
    expect(ep.mutations()).toEqual(['UpdateAssumeRolePolicy']);
  });

  it('keeps AdministratorAccess without --detach-admin, and says how to detach it', async () => {
    seedAccount(ep);
    const r = await fix(['--yes', '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.code).toBe(0);
    expect(ep.account.roles.get(ROLE)!.attached).toEqual([ADMIN]);
    expect(r.stdout).toContain('keeps AdministratorAccess; --detach-admin detaches it');
  });
});

describe('never widening who can assume a role', () => {
  it('refuses to pin an organization the deployed trust does not admit', async () => {
    seedAccount(ep);
    const r = await fixCli([
      '--fix',
      'fixtures/seed',
      '--organization',
      'other-org',
      '--project',
      'infra',
      '--workspace',
      'prod',
      '--run-phase',
      'apply',
      '--thumbprint',
      STALE,
      '--yes',
      '--endpoint-url',
      ep.url,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'cannot fix: role terraform-cloud-sts-assumption-role: the pinned trust would admit sub "organization:other-org:project:infra:workspace:prod:run_phase:apply"',
    );
    expect(r.stdout).toContain('the fix only narrows who can assume a role');
    expect(ep.mutations()).toEqual([]);
  });

  it('says which flag is missing when the code has a placeholder or a wildcard', async () => {
    seedAccount(ep);
    const r = await fixCli(['--fix', 'fixtures/seed', '--thumbprint', STALE, '--yes', '--endpoint-url', ep.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot pin the organization: the code has "YOUR_ORG_NAME", a placeholder; pass --organization');
    expect(r.stderr).toContain('cannot pin the run phase: the code has "*", a wildcard; pass --run-phase');
    expect(ep.calls.filter((c) => c.service === 'iam')).toEqual([]);
  });
});

describe('IAM Access Analyzer', () => {
  it('stops before any change when ValidatePolicy reports an error', async () => {
    seedAccount(ep);
    ep.analyzer.extraFindings.push({
      findingType: 'ERROR',
      issueCode: 'INVALID_PRINCIPAL',
      findingDetails: 'The principal is not valid.',
      learnMoreLink: 'https://example.com',
      locations: [],
    });
    const r = await fix(['--yes', '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('IAM Access Analyzer stopped the fix; nothing was changed');
    expect(r.stderr).toContain(`role ${ROLE}: ERROR INVALID_PRINCIPAL: The principal is not valid.`);
    expect(ep.mutations()).toEqual([]);
    expect(existsSync(`${tmp.dir}/rb.json`)).toBe(false);
  });

  it('where Access Analyzer is unavailable, says so and points at --skip-access-analyzer, which applies and says it skipped', async () => {
    seedAccount(ep);
    ep.analyzer.available = false;
    const r = await fix(['--yes', '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--skip-access-analyzer applies without it');
    expect(ep.mutations()).toEqual([]);
    const skipped = await fix(['--yes', '--skip-access-analyzer', '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toContain('--skip-access-analyzer: IAM Access Analyzer did not validate the new trust policies');
    expect(ep.called('ValidatePolicy')).toBe(1);
  });
});

describe('failures', () => {
  it('a failure part-way stops, reports what was and was not changed, and leaves a valid rollback file', async () => {
    seedAccount(ep);
    const before = ep.account.snapshot();
    ep.deny.add('iam:DetachRolePolicy');
    const rollbackFile = `${tmp.dir}/rb.json`;
    const r = await fix(['--yes', '--detach-admin', '--rollback-file', rollbackFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Stopped: AWS denied iam:DetachRolePolicy: the credentials need permission for iam:DetachRolePolicy');
    expect(r.stderr).toMatch(
      /Changed:\n {2}set the thumbprints of .*\n {2}update the trust policy of role terraform-cloud-sts-assumption-role\nNot changed:\n {2}detach policy\/AdministratorAccess from role terraform-cloud-sts-assumption-role \(failed\)/,
    );
    expect(r.stderr).toContain(`tfc-oidc-lint --rollback ${rollbackFile} --yes`);
    expect(ep.account.roles.get(ROLE)!.attached).toEqual([ADMIN]);
    const back = await fixCli(['--rollback', rollbackFile, '--yes', '--endpoint-url', ep.url]);
    expect(back.code).toBe(0);
    expect(ep.account.snapshot()).toEqual(before);
  });

  it('throttling is retried by the SDK', async () => {
    seedAccount(ep);
    ep.throttle.set('UpdateAssumeRolePolicy', 1);
    ep.throttle.set('GetRole', 1);
    const r = await fix(['--yes', '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.code).toBe(0);
    expect(ep.called('UpdateAssumeRolePolicy')).toBe(2);
    expect((liveTrust().Statement[0].Condition as Record<string, Record<string, string>>).StringEquals[`${HOST}:sub`]).toBe(APPLY_SUB);
  });

  it('an IAM limit is named: the trust policy size quota', async () => {
    seedAccount(ep);
    ep.account.quotas.trustPolicySize = 200;
    const r = await fix(['--yes', '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('IAM limit reached on iam:UpdateAssumeRolePolicy (a trust policy is at most 2,048 characters by default');
  });

  it('the 100 client IDs limit stops the plan before anything changes', async () => {
    seedAccount(ep);
    ep.account.providers.get(PROVIDER_ARN)!.clientIds = Array.from({ length: 100 }, (_, i) => `aud-${i}`);
    const r = await fix(['--yes', '--thumbprint', STALE]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`cannot fix: provider ${HOST} would hold 101 client IDs; IAM allows at most 100`);
    expect(ep.mutations()).toEqual([]);
  });

  it('AccessDenied on a read names the action', async () => {
    seedAccount(ep);
    ep.deny.add('iam:GetRole');
    const r = await fix(['--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AWS denied iam:GetRole: the credentials need permission for iam:GetRole');
  });

  it('missing credentials are a clear error, not a stack trace', async () => {
    const empty = writeTree({ credentials: '', config: '' });
    const saved = process.env.AWS_EC2_METADATA_DISABLED;
    process.env.AWS_EC2_METADATA_DISABLED = 'true'; // the chain would otherwise ask instance metadata
    try {
      const r = await fix(['--yes', '--profile', 'nobody'], {
        env: { AWS_SHARED_CREDENTIALS_FILE: `${empty.dir}/credentials`, AWS_CONFIG_FILE: `${empty.dir}/config` },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('No AWS credentials found for profile "nobody"');
      expect(r.stderr).not.toContain('    at ');
      expect(ep.calls).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.AWS_EC2_METADATA_DISABLED;
      else process.env.AWS_EC2_METADATA_DISABLED = saved;
      empty.cleanup();
    }
  });

  it('usage errors exit 2: a bad --thumbprint, two commands at once', async () => {
    expect((await fixCli(['--fix', 'fixtures/seed', '--thumbprint', 'xyz', '--endpoint-url', ep.url])).stderr).toContain(
      '--thumbprint "xyz": expected 40 hexadecimal digits',
    );
    expect((await fixCli(['--fix', '--aws', '--endpoint-url', ep.url])).code).toBe(2);
    expect(ep.calls).toEqual([]);
  });
});

describe('--create-missing', () => {
  it('creates the provider (thumbprint given offline) and the role when they do not exist; without the flag it says how', async () => {
    const without = await fix(['--yes', '--thumbprint', pki.sha1.intermediate]);
    expect(without.code).toBe(2);
    expect(without.stdout).toContain(`role ${ROLE} does not exist in account ${ACCOUNT_ID}; --create-missing creates it`);
    expect(ep.mutations()).toEqual([]);

    const r = await fix([
      '--yes',
      '--create-missing',
      '--thumbprint',
      pki.sha1.intermediate.toUpperCase(),
      '--rollback-file',
      `${tmp.dir}/rb.json`,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(ep.mutations()).toEqual(['CreateOpenIDConnectProvider', 'CreateRole']);
    expect(ep.account.providers.get(PROVIDER_ARN)).toMatchObject({
      clientIds: ['aws.workload.identity'],
      thumbprints: [pki.sha1.intermediate],
    });
    expect(liveTrust().Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Federated: PROVIDER_ARN },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity', [`${HOST}:sub`]: APPLY_SUB } },
      },
    ]);
    // Access Analyzer validated the new document; there is no current one to compare with.
    expect(ep.called('ValidatePolicy')).toBe(1);
    expect(ep.called('CheckNoNewAccess')).toBe(0);

    // The rollback removes what the fix created.
    const back = await fixCli(['--rollback', `${tmp.dir}/rb.json`, '--yes', '--endpoint-url', ep.url]);
    expect(back.code).toBe(0);
    expect(ep.account.roles.size).toBe(0);
    expect(ep.account.providers.size).toBe(0);
  });
});

describe('credentials', () => {
  it('--role-arn acts on another account through sts:AssumeRole', async () => {
    const other = ep.addAccount('210987654321');
    other.addRole({ name: 'tfc-oidc-lint-fixer', trust: { Version: '2012-10-17', Statement: [] } });
    other.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [STALE] });
    other.addRole({ name: ROLE, trust: JSON.stringify(deployedTrust).replaceAll(ACCOUNT_ID, '210987654321') });
    const r = await fix(
      ['--yes', '--role-arn', 'arn:aws:iam::210987654321:role/tfc-oidc-lint-fixer', '--rollback-file', `${tmp.dir}/rb.json`],
      { env: TEST_ENV },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Plan for AWS account 210987654321 (as arn:aws:sts::210987654321:assumed-role/tfc-oidc-lint-fixer/tfc-oidc-lint)',
    );
    expect(ep.called('AssumeRole')).toBe(1);
    expect(ep.calls.filter((c) => c.action === 'UpdateAssumeRolePolicy').map((c) => c.accessKey)).toEqual([expect.stringMatching(/^ASIA/)]);
    expect(JSON.parse(other.roles.get(ROLE)!.trust).Statement[0].Condition.StringEquals[`${HOST}:sub`]).toBe(APPLY_SUB);
    expect(ep.account.roles.size).toBe(0);
  });
});
