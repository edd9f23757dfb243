// Messages that are true: what --fix and --rollback say matches what they did. Real SDK clients
// against the local IAM endpoint.
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTree } from '../src/testing/tf.js';
import { ACCOUNT_ID, type Endpoint, fixCli, startEndpoint } from './iam-endpoint/index.js';

const HOST = 'app.terraform.io';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const ROLE = 'terraform-cloud-sts-assumption-role';
const STALE = 'a'.repeat(40);
const CURRENT = 'b'.repeat(40);
const PINS = ['--organization', 'acme', '--project', 'infra', '--workspace', 'prod', '--run-phase', 'apply'];
const APPLY_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

const trust = (sub: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: PROVIDER_ARN },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity' }, StringLike: { [`${HOST}:sub`]: sub } },
    },
  ],
});

function seed(ep: Endpoint, thumbprint = STALE): void {
  ep.account.addProvider({ url: `https://${HOST}`, clientIds: ['aws.workload.identity'], thumbprints: [thumbprint] });
  ep.account.addRole({ name: ROLE, trust: trust('organization:acme:project:infra:workspace:prod:run_phase:*') });
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

const fix = (extra: string[], paths = ['fixtures/seed']) =>
  fixCli(['--fix', ...paths, ...PINS, '--endpoint-url', ep.url, '--rollback-file', `${tmp.dir}/rb.json`, ...extra]);

describe('the plan never says "No changes" while it refuses', () => {
  it('a refusal with nothing else to do says the problems stop the fix', async () => {
    seed(ep, CURRENT);
    const r = await fixCli([
      '--fix',
      'fixtures/seed',
      '--organization',
      'other',
      '--project',
      'infra',
      '--workspace',
      'prod',
      '--run-phase',
      'apply',
      '--thumbprint',
      CURRENT,
      '--yes',
      '--endpoint-url',
      ep.url,
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('No changes planned: the problems below stop the fix.');
    expect(r.stdout).not.toContain('already matches');
    expect(r.stdout).not.toContain('Corrected Terraform');
  });
});

describe('"Corrected Terraform" only for changes made', () => {
  it('after a failure part-way, only the provider that changed gets a block, not the role that did not', async () => {
    seed(ep);
    ep.deny.add('iam:UpdateAssumeRolePolicy');
    const r = await fix(['--thumbprint', CURRENT, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Corrected Terraform:');
    expect(r.stdout).toContain(`thumbprint_list = ["${CURRENT}"]`);
    expect(r.stdout).not.toContain('assume_role_policy = jsonencode(');
  });

  it('nothing to do: no corrected Terraform', async () => {
    seed(ep, CURRENT);
    const pinned = trust(APPLY_SUB);
    pinned.Statement[0].Condition = { StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity', [`${HOST}:sub`]: APPLY_SUB } } as never;
    ep.account.roles.get(ROLE)!.trust = JSON.stringify(pinned);
    const r = await fix(['--thumbprint', CURRENT, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes: the account already matches the desired state.');
    expect(r.stdout).not.toContain('Corrected Terraform');
  });
});

describe('IAM Access Analyzer', () => {
  it("an error from it is one plain line naming the call and the code, without the SDK's text", async () => {
    seed(ep);
    ep.deny.add('access-analyzer:ValidatePolicy');
    const r = await fix(['--thumbprint', CURRENT, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'tfc-oidc-lint: IAM Access Analyzer could not check the new trust policies (access-analyzer:ValidatePolicy: AccessDenied); where it is not available (some partitions and accounts), --skip-access-analyzer applies without it\n',
    );
    expect(ep.mutations()).toEqual([]);
  });

  it('a dry run where it is unavailable still previews the plan, with a note, and exits 1', async () => {
    seed(ep);
    ep.analyzer.available = false;
    const r = await fix(['--thumbprint', CURRENT]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`update the trust policy of role ${ROLE}`);
    expect(r.stdout).toContain('Nothing was changed. To apply, run where IAM Access Analyzer is available, or add --skip-access-analyzer.');
    expect(r.stderr).toBe(
      'note: IAM Access Analyzer could not check the new trust policies (access-analyzer:ValidatePolicy: UnknownOperation); where it is not available (some partitions and accounts), --skip-access-analyzer applies without it\n',
    );
    expect(ep.mutations()).toEqual([]);
  });
});

describe('the rollback file is named when it cannot be used', () => {
  it('missing, not JSON, or not a rollback file', async () => {
    const missing = `${tmp.dir}/gone.json`;
    const corrupt = `${tmp.dir}/corrupt.json`;
    const foreign = `${tmp.dir}/foreign.json`;
    writeFileSync(corrupt, '{"format": "tfc-oidc-lint-rollback", "vers');
    writeFileSync(foreign, '{"hello": "world"}');
    const run = (file: string) => fixCli(['--rollback', file, '--yes', '--endpoint-url', ep.url]);
    const a = await run(missing);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe(`tfc-oidc-lint: cannot read the rollback file ${missing}: file not found\n`);
    const b = await run(corrupt);
    expect(b.stderr).toMatch(
      new RegExp(
        `^tfc-oidc-lint: cannot read the rollback file ${corrupt}: it is not valid JSON \\(.*\\); it may have been cut off or edited\\n$`,
      ),
    );
    const c = await run(foreign);
    expect(c.stderr).toBe(
      `tfc-oidc-lint: cannot read the rollback file ${foreign}: it is not a tfc-oidc-lint rollback file (no "format": "tfc-oidc-lint-rollback", version 1, providers and roles)\n`,
    );
    expect(ep.mutations()).toEqual([]);
  });
});

describe('a bare trust-policy JSON input', () => {
  it('says what is missing and does not stop the other roles', async () => {
    seed(ep);
    const docs = writeTree({ 'trust.json': JSON.stringify(trust('organization:acme:*')) });
    try {
      const r = await fix(['--thumbprint', CURRENT, '--yes'], ['fixtures/seed', `${docs.dir}/trust.json`]);
      expect(r.stderr).toMatch(
        /^tfc-oidc-lint: skipped .*trust\.json is a bare trust policy: it does not say which role it belongs to\. Give the output of `aws iam get-role --role-name <name>` instead, or the Terraform code that declares the role\n$/,
      );
      expect(r.code).toBe(0);
      expect(ep.mutations()).toContain('UpdateAssumeRolePolicy');
      const alone = await fix(['--thumbprint', CURRENT, '--yes'], [`${docs.dir}/trust.json`]);
      expect(alone.code).toBe(2);
      expect(alone.stderr).toContain('is a bare trust policy: it does not say which role it belongs to');
      expect(alone.stderr).not.toContain('nothing to fix');
    } finally {
      docs.cleanup();
    }
  });
});
