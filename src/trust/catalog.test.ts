import { describe, expect, it } from 'vitest';
import { analyzeRoleTrust } from './analyze.js';
import { duplicateKeys, describeLost } from './duplicates.js';
import { accountOfArn, parseProviderArn } from './principal.js';
import { policySize } from './size.js';
import { diagnoseSubPattern, exampleClaim, nameProblems, suggestKeyword } from './sub-pattern.js';
import { TFC_PROVIDER, tfcPolicy, trustSetup } from '../testing/trust.js';

describe('parseProviderArn', () => {
  it('reads a well-formed ARN in any partition, host lower-cased', () => {
    expect(parseProviderArn('arn:aws-us-gov:iam::123456789012:oidc-provider/App.Terraform.io').arn).toEqual({
      partition: 'aws-us-gov',
      account: '123456789012',
      host: 'app.terraform.io',
    });
  });
  it.each([
    ['https://app.terraform.io', 'URL or host name'],
    ['arn:aws:iam::123456789012:oidc-provider/https://app.terraform.io', 'https://'],
    ['arn:aws:iam::ACCOUNT:oidc-provider/app.terraform.io', '12-digit'],
    ['arn:aws:iam:us-east-1:123456789012:oidc-provider/app.terraform.io', 'region'],
    ['arn:aws:iam::123456789012:oidc-provider/app.terraform.io/', 'ends with "/"'],
    ['arn:aws:iam::123456789012:saml-provider/tfc', '"saml-provider"'],
    ['arn:aws:sts::123456789012:oidc-provider/app.terraform.io', '"sts"'],
    [' arn:aws:iam::123456789012:oidc-provider/app.terraform.io', 'whitespace'],
  ])('%s: %s', (arn, problem) => {
    expect(parseProviderArn(arn).problem).toContain(problem);
  });
  it('accountOfArn reads roles and providers, and nothing else', () => {
    expect(accountOfArn('arn:aws:iam::111111111111:role/x')).toBe('111111111111');
    expect(accountOfArn('arn:aws:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
    expect(accountOfArn(undefined)).toBeUndefined();
  });
});

describe('sub patterns that no token matches', () => {
  it('finds a matching token for every shape and for broad globs', () => {
    for (const [text, glob] of [
      ['organization:acme:project:Default Project:workspace:prod:run_phase:plan', false],
      ['organization:acme:workspace:prod:run_phase:apply', false],
      ['organization:acme:project:infra:stack:net:deployment:prod:operation:plan', false],
      ['organization:acme:module:vpc:operation:test_run', false],
      ['organization:acme:*', true],
      ['*:workspace:prod:run_phase:appl?', true],
    ] as const) {
      expect(exampleClaim(text, glob), text).toEqual(expect.objectContaining({ organization: expect.any(String) }));
      expect(diagnoseSubPattern(text, glob), text).toBeUndefined();
    }
  });
  it.each([
    [
      'organization:acme:project:infra:workspaces:prod:run_phase:apply',
      'misspelt',
      'organization:acme:project:infra:workspace:prod:run_phase:apply',
    ],
    ['Organization:acme:project:infra:workspace:prod:run_phase:apply', 'misspelt', undefined],
    ['organization:acme:project:infra:workspace:prod:run_phase:', 'empty', undefined],
    ['organization:acme:project:infra:stack:net:run_phase:apply', 'wrongTail', undefined],
    ['organization:acme:module:vpc:operation:plan', 'wrongTail', undefined],
    ['organization:acme:project:infra:workspace:prod:run_phase:test_run', 'badPhase', undefined],
    ['organization:acme:workspace:prod:project:infra:run_phase:apply', 'outOfOrder', undefined],
    ['acme/prod', 'noShape', undefined],
  ])('%s is %s', (text, kind, intended) => {
    const p = diagnoseSubPattern(text, false)!;
    expect(p.kind).toBe(kind);
    if (intended)
      expect(
        p.intended &&
          `organization:${p.intended.organization}:project:${p.intended.project}:workspace:${p.intended.workspace}:run_phase:${p.intended.phase}`,
      ).toBe(intended);
  });
  it('knows IDs by their shape, not by any name with a dash, and null-like names', () => {
    expect(nameProblems('organization:acme:project:prj-AbCdEfGh12345678:workspace:prod:run_phase:apply')[0].detail).toContain('project ID');
    expect(nameProblems('organization:acme:project:infra:workspace:ws-production-east:run_phase:apply')).toEqual([]);
    expect(nameProblems('organization:acme:project:null:workspace:prod:run_phase:apply')[0]).toMatchObject({
      kind: 'empty',
      detail: expect.stringContaining('"null"'),
    });
    expect(suggestKeyword('organisation')).toBe('organization');
    expect(suggestKeyword('prod')).toBeUndefined();
  });
  it('leaves a pattern with a part unknown until apply undecided', () => {
    expect(diagnoseSubPattern('organization:\ue000:project:infra:workspace:prod:run_phase:apply', false)).toBeUndefined();
  });
});

describe('policySize', () => {
  it('counts rendered JSON without whitespace, and says when an unknown part makes it a lower bound', async () => {
    const doc = (await trustSetup('{ "Version": "2012-10-17", "Statement": [ { "Sid": "a b" } ] }', { providers: [] })).role.trust!;
    expect(policySize(doc.value)).toEqual({
      chars: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ab' }] }).length,
      lowerBound: false,
    });
    expect(policySize((await trustSetup(tfcPolicy('{}'))).role.trust!.value).lowerBound).toBe(true);
  });
});

describe('repeated keys', () => {
  const json = tfcPolicy(`{
      "StringEquals": { "app.terraform.io:aud": "aws.workload.identity" },
      "StringEquals": { "app.terraform.io:sub": "organization:acme:project:infra:workspace:prod:run_phase:apply" }
    }`);
  it('names the earlier entry as lost, with what it held', async () => {
    const [d] = duplicateKeys((await trustSetup(json)).role.trust!.value);
    expect(d.path).toEqual(['Statement', 'Condition']);
    expect(describeLost(d)).toBe('the StringEquals operator with its condition on app.terraform.io:aud');
  });
  it('the engine evaluates the policy IAM receives: without the lost aud condition', async () => {
    const { role: r, project } = await trustSetup(json, {
      providers: [{ ...TFC_PROVIDER, clientIds: ['aws.workload.identity', 'other-audience'] }],
    });
    const t = analyzeRoleTrust(r, project).issuers[0];
    expect(t.statements[0].audConditions).toEqual([]);
    expect(t.audience.map((a) => a.kind)).toEqual(['missing']);
    expect(r.trust!.statements[0].conditions).toHaveLength(2);
  });
});
