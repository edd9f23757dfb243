// --aws end to end: the live account read through the real SDK clients from a local IAM endpoint,
// the same model and rules, findings located by ARN in every output format.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORTER_NAMES } from '../src/report/index.js';
import { ACCOUNT_ID, type Endpoint, TEST_ENV, fixCli, startEndpoint } from './iam-endpoint/index.js';

const HOST = 'app.terraform.io';
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${HOST}`;
const arn = (name: string, account = ACCOUNT_ID) => `arn:aws:iam::${account}:role/${name}`;

function trust(sub: string | undefined, provider = PROVIDER_ARN): object {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity', ...(sub ? { [`${HOST}:sub`]: sub } : {}) },
        },
      },
    ],
  };
}

const CLEAN_SUB = 'organization:acme:project:infra:workspace:prod:run_phase:apply';

/** "What must show": one clean role, one with an organization wildcard, one without a sub condition. */
function seedThreeRoles(ep: Endpoint): void {
  ep.account.addProvider({
    url: `https://${HOST}`,
    clientIds: ['aws.workload.identity'],
    thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
  });
  ep.account.addRole({ name: 'tfc-clean', trust: trust(CLEAN_SUB), attached: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
  ep.account.addRole({
    name: 'tfc-org-wildcard',
    trust: {
      Version: '2012-10-17',
      Statement: [
        {
          ...(trust(undefined) as { Statement: object[] }).Statement[0],
          Condition: {
            StringEquals: { [`${HOST}:aud`]: 'aws.workload.identity' },
            StringLike: { [`${HOST}:sub`]: 'organization:*:project:infra:workspace:prod:run_phase:apply' },
          },
        },
      ],
    },
  });
  ep.account.addRole({ name: 'tfc-no-sub', trust: trust(undefined) });
  // Not an HCP Terraform role at all: never reported.
  ep.account.addRole({
    name: 'ec2-app',
    trust: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
    attached: ['arn:aws:iam::aws:policy/AdministratorAccess'],
  });
}

let ep: Endpoint;
beforeEach(async () => {
  ep = await startEndpoint();
});
afterEach(() => ep.close());

const aws = (extra: string[] = [], o: Parameters<typeof fixCli>[1] = {}) => fixCli(['--aws', '--endpoint-url', ep.url, ...extra], o);

describe('--aws on an account with three HCP Terraform roles (What must show)', () => {
  it('reports exactly the two bad ones, by ARN, in the JSON format', async () => {
    seedThreeRoles(ep);
    const r = await aws(['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      findings: {
        ruleId: string;
        file: string;
        resource: string;
        range: { start: { line: number; column: number } };
        witness?: { sub?: string };
      }[];
    };
    expect(report.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ['require-sub-condition', arn('tfc-no-sub')],
      ['no-wildcard-organization', arn('tfc-org-wildcard')],
    ]);
    for (const f of report.findings) {
      expect(f.resource).toBe(f.file);
      expect(f.range.start).toMatchObject({ line: 1, column: 1 });
      expect(f.witness?.sub).toMatch(/^organization:(?!acme:)/);
    }
  });

  it.each(REPORTER_NAMES)('names both bad roles and not the clean one in the %s format', async (format) => {
    seedThreeRoles(ep);
    const r = await aws(['--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(arn('tfc-no-sub'));
    expect(r.stdout).toContain(arn('tfc-org-wildcard'));
    expect(r.stdout).not.toContain(arn('tfc-clean'));
    expect(r.stdout).not.toContain(arn('ec2-app'));
  });

  it('SARIF locates live findings with logicalLocations, not files', async () => {
    seedThreeRoles(ep);
    const r = await aws(['--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as {
      runs: { results: { locations: { physicalLocation?: unknown; logicalLocations?: { fullyQualifiedName: string }[] }[] }[] }[];
    };
    const names = sarif.runs[0].results.map((x) => x.locations[0].logicalLocations?.[0].fullyQualifiedName).sort();
    expect(names).toEqual([arn('tfc-no-sub'), arn('tfc-org-wildcard')]);
    expect(sarif.runs[0].results.every((x) => x.locations[0].physicalLocation === undefined)).toBe(true);
  });

  it('stylish shows no code frame for a resource that is not a file', async () => {
    seedThreeRoles(ep);
    const r = await aws(['--no-color']);
    expect(r.stdout).toContain(`${arn('tfc-no-sub')}\n`);
    expect(r.stdout).not.toMatch(/^\s+> 1 \|/m);
  });

  it('exits 0 on an account with only the clean role', async () => {
    ep.account.addProvider({
      url: `https://${HOST}`,
      clientIds: ['aws.workload.identity'],
      thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
    });
    ep.account.addRole({ name: 'tfc-clean', trust: trust(CLEAN_SUB) });
    const r = await aws(['--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});

describe('reading the account', () => {
  it('follows Marker/IsTruncated pagination of GetAccountAuthorizationDetails', async () => {
    seedThreeRoles(ep);
    ep.pageSize = 1;
    const r = await aws(['--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toHaveLength(2);
    expect(ep.called('GetAccountAuthorizationDetails')).toBe(4); // four roles, one per page
  });

  it('reads admin permissions from attachments and customer-managed policies (URL-encoded documents)', async () => {
    ep.account.addProvider({
      url: `https://${HOST}`,
      clientIds: ['aws.workload.identity'],
      thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
    });
    const everything = ep.account.addPolicy({
      name: 'everything',
      document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
    });
    ep.account.addRole({ name: 'tfc-admin', trust: trust(CLEAN_SUB), attached: [everything.arn] });
    const r = await aws(['--format', 'json']);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; file: string; message: string }[];
    // The customer-managed policy's document (URL-encoded by IAM) was read: "*" on "*" decides it.
    const admin = findings.filter((f) => f.ruleId === 'no-admin-access');
    expect(admin.map((f) => f.file)).toEqual([arn('tfc-admin')]);
    expect(admin[0].message).toContain('everything (granting "*" on "*") is attached');
  });

  it('retries throttled reads', async () => {
    seedThreeRoles(ep);
    ep.throttle.set('GetAccountAuthorizationDetails', 1);
    ep.throttle.set('ListOpenIDConnectProviders', 1);
    const r = await aws(['--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toHaveLength(2);
    expect(ep.called('GetAccountAuthorizationDetails')).toBe(2);
  });

  it('AccessDenied names the read action the scan needs', async () => {
    seedThreeRoles(ep);
    ep.deny.add('iam:GetAccountAuthorizationDetails');
    const r = await aws();
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'AWS denied iam:GetAccountAuthorizationDetails: the credentials need permission for iam:GetAccountAuthorizationDetails',
    );
  });

  it('only reads: no call that changes state', async () => {
    seedThreeRoles(ep);
    await aws();
    expect(ep.mutations()).toEqual([]);
    expect(new Set(ep.calls.map((c) => c.action))).toEqual(
      new Set(['GetCallerIdentity', 'ListOpenIDConnectProviders', 'GetOpenIDConnectProvider', 'GetAccountAuthorizationDetails']),
    );
  });

  it('--role-arn scans another account through sts:AssumeRole', async () => {
    seedThreeRoles(ep);
    const other = ep.addAccount('210987654321');
    other.addRole({ name: 'auditor', trust: { Version: '2012-10-17', Statement: [] } });
    other.addRole({ name: 'tfc-open', trust: trust(undefined, 'arn:aws:iam::210987654321:oidc-provider/app.terraform.io') });
    other.addProvider({
      url: `https://${HOST}`,
      clientIds: ['aws.workload.identity'],
      thumbprints: ['9e99a48a9960b14926bb7f3b02e22da2b0ab7280'],
    });
    const r = await aws(['--format', 'json', '--role-arn', 'arn:aws:iam::210987654321:role/auditor']);
    expect(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file)).toEqual([arn('tfc-open', '210987654321')]);
    expect(ep.called('AssumeRole')).toBe(1);
  });

  it('with paths, reports the code and the live account together', async () => {
    seedThreeRoles(ep);
    const r = await aws(['--format', 'json', 'fixtures/seed']);
    const files = new Set((JSON.parse(r.stdout).findings as { file: string }[]).map((f) => f.file));
    expect(files).toEqual(new Set(['fixtures/seed/main.tf', arn('tfc-no-sub'), arn('tfc-org-wildcard')]));
  });
});

describe('progress on stderr', () => {
  it('is shown on a terminal, and not with --quiet or without a terminal', async () => {
    seedThreeRoles(ep);
    expect((await aws(['--format', 'json'], { stderrIsTTY: true })).stderr).toContain('reading roles and policies: page 1');
    expect((await aws(['--format', 'json', '--quiet'], { stderrIsTTY: true })).stderr).toBe('');
    expect((await aws(['--format', 'json'], { stderrIsTTY: false })).stderr).toBe('');
  });
});

describe('the AWS SDK stays out of a plain lint', () => {
  it('only src/fix imports @aws-sdk, and only lazily (import type, or import())', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
          for (const line of readFileSync(p, 'utf8').split('\n')) {
            if (!line.includes("'@aws-sdk/")) continue;
            const lazy = /^import type /.test(line) || /import\('@aws-sdk\//.test(line);
            if (!p.startsWith(join('src', 'fix')) || !lazy) offenders.push(`${p}: ${line.trim()}`);
          }
        }
      }
    };
    walk('src');
    walk('rules');
    expect(offenders).toEqual([]);
  });

  it('a --aws run without credentials exits 2 with a clear message', async () => {
    const r = await aws([], { env: { ...TEST_ENV, AWS_ACCESS_KEY_ID: 'AKIAUNKNOWN' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AWS rejected the credentials (InvalidClientTokenId) on sts:GetCallerIdentity');
  });
});
