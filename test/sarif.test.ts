// SARIF output: valid against the SARIF 2.1.0 schema (test/fixtures, ajv) and Microsoft's SARIF
// Multitool with GitHub's ingestion rules; regions equal the stylish positions; suppressed
// findings carried with `suppressions`; live (ARN) findings as logical locations.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/core/finding.js';
import { rules } from '../rules/index.js';
import { sarif, FINGERPRINT_KEY } from '../src/report/sarif.js';
import { cli } from '../src/testing/cli.js';
import { validateSarif } from '../src/testing/sarif-schema.js';
import { tf, writeTree } from '../src/testing/tf.js';

// The ajv set-up (schema and formats) is shared with the golden files' test.
const validate = validateSarif;

it('the schema rejects what SARIF forbids (the validator can fail)', () => {
  expect(validate({ version: '2.1.0' })).toBe(false);
  expect(
    validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }),
  ).toBe(false);
});

function expectValid(log: unknown): void {
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
}

const MULTITOOL = new URL('../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool', import.meta.url).pathname;

/** Errors that `Sarif.Multitool validate --rule-kind "Gh;Sarif"` reports for a log. */
function multitoolErrors(log: string): { ruleId: string; message: unknown }[] {
  // npm did not run the package's install script, which would have made it executable.
  chmodSync(MULTITOOL, 0o755);
  const dir = mkdtempSync(join(tmpdir(), 'sarif-'));
  try {
    writeFileSync(join(dir, 'in.sarif'), log);
    const r = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '-o', join(dir, 'out.sarif'), join(dir, 'in.sarif')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as Log;
    return (out.runs[0].results ?? []).filter((x) => x.level === 'error').map((x) => ({ ruleId: x.ruleId!, message: x.message }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('fixtures/seed as SARIF', async () => {
  const r = await cli(['fixtures/seed', '--format', 'sarif']);
  const log = JSON.parse(r.stdout) as Log;
  const results = log.runs[0].results!;

  it('exits 1 like the stylish run and validates against the SARIF 2.1.0 schema', () => {
    expect(r.code).toBe(1);
    expect(log.version).toBe('2.1.0');
    expectValid(log);
  });

  it('passes the SARIF Multitool with the GitHub ingestion rules, with zero errors', { timeout: 180_000 }, () => {
    expect(existsSync(MULTITOOL)).toBe(true);
    expect(multitoolErrors(r.stdout)).toEqual([]);
  });

  it('puts each result at the same line and column as the stylish output', async () => {
    const stylish = await cli(['fixtures/seed', '--no-color']);
    const positions = [...stylish.stdout.matchAll(/^ {2}(\d+):(\d+) +(critical|high|medium|low|info) /gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(positions.length).toBeGreaterThan(0);
    const regions = results.map((x) => x.locations![0].physicalLocation!.region!).map((g) => `${g.startLine}:${g.startColumn}`);
    expect(regions).toEqual(positions);
    expect(log.runs[0].columnKind).toBe('utf16CodeUnits');
    expect(results.every((x) => x.locations![0].physicalLocation!.artifactLocation!.uri === 'fixtures/seed/main.tf')).toBe(true);
  });

  it('describes every rule with help, helpUri, level, tags and security-severity', () => {
    const driver = log.runs[0].tool.driver;
    expect(driver.rules!.map((d) => d.id)).toEqual(rules.map((x) => x.meta.id));
    const adminIndex = driver.rules!.findIndex((d) => d.id === 'no-admin-access');
    const admin = driver.rules![adminIndex];
    expect(admin).toMatchObject({
      name: 'NoAdminAccess',
      helpUri: expect.stringMatching(/\/rules\/no-admin-access\.md$/),
      help: { markdown: expect.stringMatching(/^# no-admin-access\n/) },
      defaultConfiguration: { level: 'error' },
      properties: { tags: expect.arrayContaining(['security']), 'security-severity': '8.0' },
    });
    const sev = Object.fromEntries(driver.rules!.map((d) => [d.id, d.properties?.['security-severity']]));
    expect(sev['require-sub-condition']).toBe('9.5');
    expect(sev['no-wildcard-workspace']).toBe('5.5');
    expect(sev['unused-suppression']).toBe('3.0');
    expect(results.find((x) => x.ruleId === 'no-admin-access')!.ruleIndex).toBe(adminIndex);
  });

  it('links origins as related locations and gives line-independent fingerprints', () => {
    const placeholder = results.find((x) => x.ruleId === 'no-placeholder-scope')!;
    expect(placeholder.relatedLocations?.[0]).toMatchObject({
      id: 1,
      message: { text: expect.stringContaining('var.tfc_organization_name') },
      physicalLocation: { region: { startLine: 18 } },
    });
    for (const x of results) expect(x.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(results.map((x) => x.partialFingerprints![FINGERPRINT_KEY])).size).toBe(results.length);
  });
});

const openRole = tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url            = "https://app.terraform.io"
    client_id_list = ["aws.workload.identity"]
  }
  # tfc-oidc-lint-ignore no-wildcard-organization: sandbox account without data (SEC-1)
  resource "aws_iam_role" "r" {
    name = "r"
    assume_role_policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
          StringLike   = { "app.terraform.io:sub" = "organization:*:project:infra:workspace:prod:run_phase:apply" }
        }
      }]
    })
  }
`;

describe('suppressed findings in SARIF', () => {
  it('are carried with an inSource suppression and its justification, and do not fail the run', { timeout: 180_000 }, async () => {
    const t = writeTree({ 'main.tf': openRole });
    try {
      const r = await cli(['.', '--format', 'sarif', '--fail-on', 'low'], t.dir);
      const log = JSON.parse(r.stdout) as Log;
      expectValid(log);
      const [s] = log.runs[0].results!.filter((x) => x.ruleId === 'no-wildcard-organization');
      expect(s.suppressions).toEqual([
        {
          kind: 'inSource',
          status: 'accepted',
          justification: 'sandbox account without data (SEC-1)',
          location: { physicalLocation: expect.objectContaining({ region: expect.objectContaining({ startLine: 5 }) }) },
        },
      ]);
      expect(log.runs[0].results!.filter((x) => !x.suppressions)).toEqual([]);
      expect(r.code).toBe(0);
      expect(multitoolErrors(r.stdout)).toEqual([]);
    } finally {
      t.cleanup();
    }
  });
});

describe('live (ARN) findings', () => {
  it('become logical locations of kind resource, valid against the schema', () => {
    const arn = 'arn:aws:iam::123456789012:role/tfc';
    const at = { line: 1, column: 1, offset: 0 };
    const finding: Finding = {
      ruleId: 'no-wildcard-organization',
      severity: 'critical',
      message: 'The role admits every organization',
      messageId: 'x',
      range: { arn, start: at, end: at },
      resource: arn,
      docsUrl: rules[0].docsUrl,
      fingerprint: 'f'.repeat(32),
    };
    const log = JSON.parse(
      sarif({ findings: [finding], files: new Map(), stats: { files: 0, durationMs: 0 } }, { color: false, rules }),
    ) as Log;
    expectValid(log);
    expect(log.runs[0].results![0].locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: arn, kind: 'resource' }] }]);
  });
});
