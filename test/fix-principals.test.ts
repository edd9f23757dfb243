// Other principals are kept: a trust statement shared by HCP Terraform and GitHub Actions (with
// IfExists conditions for both) is split by --fix; GitHub keeps the statement byte for byte, HCP
// Terraform gets its own pinned statement, the plan says so; --aws does not mistake GitHub's
// condition keys for misspelt HCP Terraform keys. Real SDK clients, local IAM endpoint.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTree } from '../src/testing/tf.js';
import { ACCOUNT_ID, type Endpoint, fixCli, startEndpoint } from './iam-endpoint/index.js';

const HOST = 'app.terraform.io';
const GITHUB = 'token.actions.githubusercontent.com';
const TFC_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const GITHUB_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${GITHUB}`;
const ROLE = 'terraform-cloud-sts-assumption-role';
const PINS = [
  '--organization',
  'acme',
  '--project',
  'infra',
  '--workspace',
  'prod',
  '--run-phase',
  'apply',
  '--thumbprint',
  'b'.repeat(40),
];
const APPLY_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

const shared = {
  Sid: 'CiAndTerraform',
  Effect: 'Allow',
  Principal: { Federated: [TFC_ARN, GITHUB_ARN] },
  Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
  Condition: {
    StringEqualsIfExists: { [`${HOST}:aud`]: 'aws.workload.identity', [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
    StringLikeIfExists: {
      [`${HOST}:sub`]: 'organization:acme:project:infra:workspace:prod:run_phase:*',
      [`${GITHUB}:sub`]: 'repo:acme/infra:ref:refs/heads/main',
    },
  },
};
const ops = { Sid: 'Ops', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/ops` }, Action: 'sts:AssumeRole' };

function seed(ep: Endpoint): void {
  ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: ['b'.repeat(40)] });
  ep.account.addProvider({ url: `https://${GITHUB}`, clientIds: ['sts.amazonaws.com'], thumbprints: ['c'.repeat(40)] });
  ep.account.addRole({ name: ROLE, trust: { Version: '2012-10-17', Statement: [shared, ops] } });
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

describe('a statement shared with another Federated principal', () => {
  it('--fix splits it: GitHub keeps the statement as it was, HCP Terraform gets a pinned one, the plan says so', async () => {
    seed(ep);
    const r = await fixCli(['--fix', 'fixtures/seed', ...PINS, '--yes', '--endpoint-url', ep.url, '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = JSON.parse(ep.account.roles.get(ROLE)!.trust) as { Statement: unknown[] };
    // Byte for byte: the statement as it was, with only HCP Terraform's provider taken out of Federated.
    expect(JSON.stringify(after.Statement[0])).toBe(JSON.stringify({ ...shared, Principal: { Federated: [GITHUB_ARN] } }));
    expect(after.Statement[1]).toEqual({
      Effect: 'Allow',
      Principal: { Federated: TFC_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity', [`${HOST}:sub`]: APPLY_SUB } },
    });
    expect(after.Statement[2]).toEqual(ops);
    expect(r.stdout).toContain(
      `note: role ${ROLE}: statement "CiAndTerraform" also trusts Federated ${GITHUB_ARN}: it is split; those principals keep the statement and its conditions as they are, and ${HOST} gets its own pinned statement`,
    );
    // Access Analyzer saw no new access: GitHub's tokens are admitted exactly as before.
    expect(ep.called('CheckNoNewAccess')).toBe(1);
    // A second run changes nothing.
    const again = await fixCli([
      '--fix',
      'fixtures/seed',
      ...PINS,
      '--yes',
      '--endpoint-url',
      ep.url,
      '--rollback-file',
      `${tmp.dir}/rb2.json`,
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes');
  });

  it('another principal type (AWS) beside HCP Terraform keeps the statement too', async () => {
    seed(ep);
    ep.account.roles.get(ROLE)!.trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ ...shared, Principal: { Federated: TFC_ARN, AWS: `arn:aws:iam::${ACCOUNT_ID}:root` } }],
    });
    const r = await fixCli(['--fix', 'fixtures/seed', ...PINS, '--yes', '--endpoint-url', ep.url, '--rollback-file', `${tmp.dir}/rb.json`]);
    expect(r.code).toBe(0);
    const after = JSON.parse(ep.account.roles.get(ROLE)!.trust) as { Statement: { Principal: unknown }[] };
    expect(after.Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${ACCOUNT_ID}:root` });
    expect(after.Statement[1].Principal).toEqual({ Federated: TFC_ARN });
  });

  it("--aws reports no condition-key-matches-provider for GitHub's keys in the shared statement", async () => {
    seed(ep);
    const r = await fixCli(['--aws', '--endpoint-url', ep.url, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'condition-key-matches-provider')).toEqual([]);
  });

  it('--aws still reports a misspelt HCP Terraform key beside another provider', async () => {
    seed(ep);
    const misspelt = {
      ...shared,
      Condition: { StringLikeIfExists: { [`https://${HOST}:sub`]: 'organization:acme:*', [`${GITHUB}:sub`]: 'repo:acme/infra:*' } },
    };
    ep.account.roles.get(ROLE)!.trust = JSON.stringify({ Version: '2012-10-17', Statement: [misspelt] });
    const r = await fixCli(['--aws', '--endpoint-url', ep.url, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'condition-key-matches-provider').map((f) => f.message)).toEqual([
      expect.stringContaining(`"https://${HOST}:sub"`),
    ]);
  });
});
