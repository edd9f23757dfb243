import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCS_BASE, type Finding } from '../core/finding.js';
import { SourceFile, rangeIn, withApproximate } from '../core/source.js';
import { getReporter, REPORTER_NAMES } from './index.js';
import { escapeProperty, github } from './github.js';
import { json } from './json-reporter.js';
import { stylish } from './stylish.js';
import type { ReportInput } from './types.js';

const seedPath = fileURLToPath(new URL('../../fixtures/seed/main.tf', import.meta.url));
const seed = new SourceFile('fixtures/seed/main.tf', seedPath, readFileSync(seedPath, 'utf8'));

/** Range of the first occurrence of `needle` on 1-based `line` of the seed. */
function at(line: number, needle: string, length = needle.length) {
  const col = seed.lines.lineText(line).indexOf(needle);
  if (col < 0) throw new Error(`"${needle}" not on line ${line}`);
  const start = seed.lines.offsetAt(line, col + 1);
  return seed.range(start, start + length);
}

function seedFindings(): Finding[] {
  const subValue = at(71, '"organization:', seed.lines.lineText(71).length - seed.lines.lineText(71).indexOf('"organization:'));
  return [
    {
      ruleId: 'no-wildcard-run-phase',
      severity: 'high',
      messageId: 'planAndAdmin',
      message:
        'Role "terraform-cloud-sts-assumption-role" accepts plan runs and has AdministratorAccess: any speculative plan, including one from a pull request, runs with admin credentials',
      range: subValue,
      witness: {
        kind: 'accepted',
        sub: 'organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:plan',
        aud: 'aws.workload.identity',
        iss: 'https://app.terraform.io',
        note: 'a plan run',
      },
      fix: 'a read-only role for run_phase:plan and this role for run_phase:apply only',
      docsUrl: `${DOCS_BASE}no-wildcard-run-phase.md`,
      resource: 'aws_iam_role.terraform_cloud_sts_assumption_role',
    },
    {
      ruleId: 'no-placeholder-scope',
      severity: 'high',
      messageId: 'placeholder',
      message: 'The trust policy pins organization "YOUR_ORG_NAME", a placeholder: the role trusts whoever registers that name',
      range: subValue,
      origins: [
        { kind: 'variable-default', name: 'var.tfc_organization_name', range: at(18, '"YOUR_ORG_NAME"') },
        { kind: 'module-input', name: 'module.trust.org', range: rangeIn(at(4, 'variable'), 'fixtures/other/main.tf') },
      ],
      callChain: [{ name: 'module.trust', source: './modules/trust', range: at(37, 'data') }],
      docsUrl: `${DOCS_BASE}no-placeholder-scope.md`,
    },
    {
      ruleId: 'no-admin-access',
      severity: 'critical',
      messageId: 'admin',
      message: 'AdministratorAccess is attached to a role that HCP Terraform runs can assume',
      range: withApproximate(at(87, 'resource')),
      related: [{ message: 'data.aws_iam_policy.admin', range: at(83, 'data') }],
      docsUrl: `${DOCS_BASE}no-admin-access.md`,
    },
  ];
}

function seedInput(findings: Finding[] = seedFindings()): ReportInput {
  return { findings, files: new Map([[seed.path, seed]]), stats: { files: 1, durationMs: 213 } };
}

const ESC = '\u001b[';

describe('stylish', () => {
  it('renders the seed findings grouped by file with frames (once per range), token, origins, chain, fix and docs', () => {
    expect(stylish(seedInput(), { color: false })).toBe(
      [
        'fixtures/seed/main.tf',
        '  71:37  high      Role "terraform-cloud-sts-assumption-role" accepts plan runs and has',
        '                   AdministratorAccess: any speculative plan, including one from a pull request,',
        '                   runs with admin credentials  no-wildcard-run-phase',
        '     69 |        },',
        '     70 |        "StringLike": {',
        '   > 71 |          "${var.tfc_hostname}:sub": "organization:${var.tfc_organization_name}:project:…',
        '        |                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        // The value goes on in a second row: its decisive end, run_phase:*, is shown.
        '        | …${var.tfc_project_name}:workspace:${var.tfc_workspace_name}:run_phase:*"',
        '        |  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '     accepted token: sub = organization:YOUR_ORG_NAME:project:YOUR_PROJECT_NAME:workspace:YOUR_WORKSPACE_NAME:run_phase:plan, aud = aws.workload.identity — a plan run',
        '     fix: a read-only role for run_phase:plan and this role for run_phase:apply only',
        `     docs: ${DOCS_BASE}no-wildcard-run-phase.md`,
        '',
        '  71:37  high      The trust policy pins organization "YOUR_ORG_NAME", a placeholder: the role',
        '                   trusts whoever registers that name  no-placeholder-scope',
        // The same range: a pointer to the frame above instead of a second copy.
        '     code: the same value as the finding above (71:37)',
        // Places as display paths, never a bare main.tf that two modules share.
        '     value from: var.tfc_organization_name default (fixtures/seed/main.tf:18) → module.trust.org (fixtures/other/main.tf:4)',
        '     via: module.trust (fixtures/seed/main.tf:37)',
        `     docs: ${DOCS_BASE}no-placeholder-scope.md`,
        '',
        '  87:1   critical  AdministratorAccess is attached to a role that HCP Terraform runs can assume',
        '                   no-admin-access',
        '     85 | }',
        '     86 |',
        '   > 87 | resource "aws_iam_role_policy_attachment" "terraform_cloud_sts_assumption_role_admin_po…',
        '        | ^^^^^^^^',
        '     note: position is approximate (the enclosing construct)',
        '     see: data.aws_iam_policy.admin (fixtures/seed/main.tf:83)',
        `     docs: ${DOCS_BASE}no-admin-access.md`,
        '',
        '✖ 3 problems (1 critical, 2 high) · 1 file · 0.21 s',
        '',
      ].join('\n'),
    );
  });

  it('prints only a tick and the file count when there is nothing to report', () => {
    const input: ReportInput = { findings: [], files: new Map(), stats: { files: 2, durationMs: 5 } };
    expect(stylish(input, { color: false })).toBe('✔ no problems · 2 files\n');
  });

  it('colours only when asked', () => {
    expect(stylish(seedInput(), { color: true })).toContain(ESC);
    expect(stylish(seedInput(), { color: false })).not.toContain(ESC);
  });

  it('names the issuer in the token line only when it is not HCP Terraform', () => {
    const [f] = seedFindings();
    const tfe: Finding = { ...f, witness: { kind: 'rejected', sub: 's', aud: 'a', iss: 'https://tfe.example.com' } };
    const out = stylish({ ...seedInput([tfe]) }, { color: false });
    expect(out).toContain('     rejected token: sub = s, aud = a, iss = https://tfe.example.com\n');
  });

  it('wraps the message to the width and still lists details when the file text is unknown', () => {
    const [f] = seedFindings();
    const input: ReportInput = {
      findings: [{ ...f, range: rangeIn(f.range, 'aws://role/x') }],
      files: new Map(),
      stats: { files: 0, durationMs: 0 },
    };
    const out = stylish(input, { color: false, width: 60 }).split('\n');
    expect(out[0]).toBe('aws://role/x');
    expect(out.slice(1, 8).every((l) => l.length <= 60)).toBe(true);
    expect(out.some((l) => l.includes(' | '))).toBe(false);
    expect(out).toContain('     fix: a read-only role for run_phase:plan and this role for run_phase:apply only');
  });
});

describe('json', () => {
  const doc = JSON.parse(json(seedInput(), { color: false, toolVersion: '9.9.9' }));

  it('writes the versioned envelope with tool and summary counts by severity', () => {
    expect(Object.keys(doc)).toEqual(['version', 'tool', 'findings', 'suppressed', 'summary']);
    expect(doc.suppressed).toEqual([]);
    expect(doc.version).toBe(1);
    expect(doc.tool).toEqual({ name: 'tfc-oidc-lint', version: '9.9.9' });
    expect(doc.summary).toEqual({
      total: 3,
      counts: { critical: 1, high: 2, medium: 0, low: 0, info: 0 },
      suppressed: 0,
      files: 1,
      durationMs: 213,
    });
  });

  it('writes a finding with its range, witness, fix and resource, and no empty optional keys', () => {
    expect(doc.findings[0]).toEqual({
      ruleId: 'no-wildcard-run-phase',
      severity: 'high',
      message: seedFindings()[0].message,
      file: 'fixtures/seed/main.tf',
      range: { start: { line: 71, column: 37, offset: 2230 }, end: { line: 71, column: 160, offset: 2353 } },
      witness: seedFindings()[0].witness,
      fix: 'a read-only role for run_phase:plan and this role for run_phase:apply only',
      docsUrl: `${DOCS_BASE}no-wildcard-run-phase.md`,
      resource: 'aws_iam_role.terraform_cloud_sts_assumption_role',
    });
    expect(Object.keys(doc.findings[0])).not.toContain('messageId');
  });

  it('flattens origins and the call chain to file, line and column', () => {
    expect(doc.findings[1].origins).toEqual([
      { kind: 'variable-default', name: 'var.tfc_organization_name', file: 'fixtures/seed/main.tf', line: 18, column: 17 },
      { kind: 'module-input', name: 'module.trust.org', file: 'fixtures/other/main.tf', line: 4, column: 1 },
    ]);
    expect(doc.findings[1].callChain).toEqual([
      { name: 'module.trust', source: './modules/trust', file: 'fixtures/seed/main.tf', line: 37, column: 1 },
    ]);
  });

  it('marks an approximate range and keeps related locations', () => {
    expect(doc.findings[2].range.approximate).toBe(true);
    expect(doc.findings[2].related).toEqual([
      {
        message: 'data.aws_iam_policy.admin',
        file: 'fixtures/seed/main.tf',
        range: { start: { line: 83, column: 1, offset: 2496 }, end: { line: 83, column: 5, offset: 2500 } },
      },
    ]);
  });
});

function suppressedInput(): ReportInput {
  const [f, g] = seedFindings();
  const suppressed: Finding[] = [
    { ...f, fingerprint: 'a'.repeat(32), suppressions: [{ kind: 'inSource', justification: 'sandbox', location: f.range }] },
  ];
  return { ...seedInput([g]), suppressed };
}

describe('json with suppressed findings', () => {
  const doc = JSON.parse(json(suppressedInput(), { color: false }));
  it('lists them apart, with kind, justification and the comment position, and counts them', () => {
    expect(doc.findings).toHaveLength(1);
    expect(doc.suppressed[0]).toMatchObject({
      fingerprint: 'a'.repeat(32),
      suppressions: [{ kind: 'inSource', justification: 'sandbox', file: 'fixtures/seed/main.tf', line: 71, column: 37 }],
    });
    expect(doc.summary).toMatchObject({ total: 1, suppressed: 1 });
  });
});

describe('github', () => {
  it('writes one escaped workflow command per finding, error/warning/notice by severity, and a summary', () => {
    const [f, g] = seedFindings();
    const out = github(
      {
        ...seedInput([
          { ...f, message: 'a, b: 100%\nnext' },
          { ...g, severity: 'medium' },
        ]),
        suppressed: [g],
      },
      { color: false },
    ).split('\n');
    expect(out[0]).toMatch(
      /^::error file=fixtures\/seed\/main\.tf,line=71,col=37,endLine=71,endColumn=160,title=no-wildcard-run-phase \(high\)::a, b: 100%25%0Anext%0Aaccepted token: /,
    );
    expect(out[1]).toMatch(/^::warning file=fixtures\/seed\/main\.tf,line=71,/);
    expect(out[2]).toBe('tfc-oidc-lint: 2 problems (1 high, 1 medium), 1 suppressed');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
  it('names the ARN of a live finding in the message instead of a file', () => {
    const [f] = seedFindings();
    const arn = 'arn:aws:iam::123456789012:role/x';
    const out = github(seedInput([{ ...f, range: rangeIn(f.range, arn) }]), { color: false });
    expect(out).toMatch(/^::error title=no-wildcard-run-phase \(high\)::arn:aws:iam::123456789012:role\/x: /);
  });
});

describe('docs/json-format.md', () => {
  it('shows an example with the envelope and only finding keys the reporter writes', () => {
    const md = readFileSync(fileURLToPath(new URL('../../docs/json-format.md', import.meta.url)), 'utf8');
    const example = JSON.parse(md.match(/```json\n([\s\S]*?)```/)![1]);
    const written = new Set(JSON.parse(json(seedInput(), { color: false })).findings.flatMap((f: object) => Object.keys(f)));
    expect(Object.keys(example)).toEqual(['version', 'tool', 'findings', 'suppressed', 'summary']);
    expect(Object.keys(example.summary)).toEqual(['total', 'counts', 'suppressed', 'files', 'durationMs']);
    const withFingerprint = JSON.parse(json(suppressedInput(), { color: false })).suppressed.flatMap((f: object) => Object.keys(f));
    for (const key of Object.keys(example.findings[0])) expect([...written, ...withFingerprint]).toContain(key);
    const suppressedKeys = new Set(JSON.parse(json(suppressedInput(), { color: false })).suppressed.flatMap((f: object) => Object.keys(f)));
    for (const key of Object.keys(example.suppressed[0])) expect(suppressedKeys).toContain(key);
  });
});

describe('getReporter', () => {
  it('knows stylish, json, sarif and github and nothing else, not even inherited names', () => {
    expect(REPORTER_NAMES).toEqual(['stylish', 'json', 'sarif', 'github']);
    expect(getReporter('stylish')).toBe(stylish);
    expect(getReporter('json')).toBe(json);
    expect(getReporter('xml')).toBeUndefined();
    expect(getReporter('toString')).toBeUndefined();
  });
});
