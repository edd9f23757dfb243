// A provider is shared: --fix does not re-create a missing OIDC provider, or change its
// thumbprints or client IDs (also through --audience), while another live role that names it is
// not narrow — unless that role is named with --allow-shared-provider. --aws reports such a
// dormant role (dormant-provider-trust). Real SDK clients against the local IAM endpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTree } from '../src/testing/tf.js';
import { ACCOUNT_ID, type Endpoint, fixCli, startEndpoint } from './iam-endpoint/index.js';

const HOST = 'app.terraform.io';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const ROLE = 'terraform-cloud-sts-assumption-role';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const THUMB = 'b'.repeat(40);
const PINS = ['--organization', 'acme', '--project', 'infra', '--workspace', 'prod', '--run-phase', 'apply', '--thumbprint', THUMB];
const APPLY_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

const trust = (condition: Record<string, Record<string, string>>) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER_ARN }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }],
});
const AUD = { [`${HOST}:aud`]: 'aws.workload.identity' };

/** The fix's own role, the legacy role with no sub condition and admin, and a narrow neighbour. */
function seed(ep: Endpoint, o: { provider: boolean }): void {
  if (o.provider) ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [THUMB] });
  ep.account.addRole({
    name: ROLE,
    trust: trust({ StringEquals: AUD, StringLike: { [`${HOST}:sub`]: 'organization:acme:project:infra:workspace:prod:run_phase:*' } }),
  });
  ep.account.addRole({ name: 'legacy-admin', trust: trust({ StringEquals: AUD }), attached: [ADMIN] });
  ep.account.addRole({
    name: 'narrow-neighbour',
    trust: trust({ StringEquals: { ...AUD, [`${HOST}:sub`]: 'organization:acme:project:web:workspace:prod:run_phase:apply' } }),
  });
}

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

const fix = (extra: string[]) =>
  fixCli([
    '--fix',
    'fixtures/seed',
    ...PINS,
    '--yes',
    '--endpoint-url',
    ep.url,
    '--rollback-file',
    `${tmp.dir}/rb-${Math.random()}.json`,
    ...extra,
  ]);

describe('re-creating a deleted provider', () => {
  it('is refused while a role without a sub condition names it, and the plan says which and why', async () => {
    seed(ep, { provider: false });
    const r = await fix([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'cannot fix: re-creating the provider app.terraform.io also changes what role legacy-admin accepts, and that role is not narrow (require-sub-condition:',
    );
    expect(r.stdout).toContain('Narrow its trust first, or name it with --allow-shared-provider legacy-admin');
    expect(r.stdout).not.toContain('narrow-neighbour');
    expect(r.stdout).not.toContain('No changes');
    expect(ep.mutations()).toEqual([]);
  });

  it('goes ahead when the user names the role, and says so', async () => {
    seed(ep, { provider: false });
    const r = await fix(['--allow-shared-provider', 'legacy-admin']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: role legacy-admin also trusts app.terraform.io and is not narrow');
    expect(ep.mutations()).toEqual(['CreateOpenIDConnectProvider', 'UpdateAssumeRolePolicy']);
    expect(JSON.parse(ep.account.roles.get(ROLE)!.trust).Statement[0].Condition.StringEquals[`${HOST}:sub`]).toBe(APPLY_SUB);
  });

  it('goes ahead without the flag when every other role that names it is narrow', async () => {
    seed(ep, { provider: false });
    ep.account.roles.delete('legacy-admin');
    const r = await fix([]);
    expect(r.code).toBe(0);
    expect(ep.mutations()).toEqual(['CreateOpenIDConnectProvider', 'UpdateAssumeRolePolicy']);
  });
});

describe('changing a live provider', () => {
  it('a new thumbprint is refused while a loose role names the provider', async () => {
    seed(ep, { provider: true });
    ep.account.providers.get(PROVIDER_ARN)!.thumbprints = ['a'.repeat(40)];
    const r = await fix([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cannot fix: changing the thumbprints of app.terraform.io also changes what role legacy-admin accepts');
    expect(ep.mutations()).toEqual([]);
  });

  it('--audience adds a client ID: refused for a role that admits any audience, not for one pinned to another audience', async () => {
    seed(ep, { provider: true });
    // legacy-admin pins aws.workload.identity with StringEquals: a new audience cannot reach it.
    const pinned = await fix(['--audience', 'team-b']);
    expect(pinned.stdout).not.toContain('legacy-admin');
    // A role with no aud condition admits any audience the provider lists.
    ep.account.roles.get('legacy-admin')!.trust = JSON.stringify(trust({ StringLike: { [`${HOST}:sub`]: 'organization:*' } }));
    ep.account.providers.get(PROVIDER_ARN)!.clientIds = ['aws.workload.identity'];
    ep.calls.length = 0;
    const r = await fix(['--audience', 'team-c']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(
      'cannot fix: adding client ID team-c to app.terraform.io also changes what role legacy-admin accepts, and that role is not narrow',
    );
    expect(ep.mutations()).toEqual([]);
  });
});

describe('--aws', () => {
  it('reports the dormant role whose provider does not exist (dormant-provider-trust), high without a sub condition', async () => {
    seed(ep, { provider: false });
    const r = await fixCli(['--aws', '--endpoint-url', ep.url, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; file: string; severity: string }[] }).findings.filter(
      (f) => f.ruleId === 'dormant-provider-trust',
    );
    expect(findings.map((f) => [f.file, f.severity])).toEqual([
      [`arn:aws:iam::${ACCOUNT_ID}:role/legacy-admin`, 'high'],
      [`arn:aws:iam::${ACCOUNT_ID}:role/narrow-neighbour`, 'medium'],
      [`arn:aws:iam::${ACCOUNT_ID}:role/${ROLE}`, 'medium'],
    ]);
  });
});
