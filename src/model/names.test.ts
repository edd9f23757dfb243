import { describe, expect, it } from 'vitest';
import { awsManagedPolicyName, customerPolicyName, readProviderUrl } from './names.js';
import { parseOperator } from './operator.js';

describe('readProviderUrl', () => {
  it('lower-cases the host and strips https:// for a well-formed URL', () => {
    expect(readProviderUrl('https://App.Terraform.IO')).toEqual({ host: 'app.terraform.io', problems: [] });
  });

  it('keeps a path (IAM prefixes condition keys with it) and names each defect of a malformed URL', () => {
    expect(readProviderUrl('https://tfe.example.com/oidc')).toEqual({ host: 'tfe.example.com/oidc', problems: [] });
    expect(readProviderUrl('app.terraform.io').problems).toEqual(['the URL does not start with https://']);
    expect(readProviderUrl('https://app.terraform.io?x=1').problems).toEqual(['the URL has a query or fragment; IAM rejects it']);
    expect(readProviderUrl(' https://app.terraform.io').problems).toEqual(['the URL has leading or trailing whitespace']);
  });

  it('gives no host when there is none to give', () => {
    expect(readProviderUrl('https://')).toEqual({ problems: ['the URL has no host'] });
    expect(readProviderUrl('https://${var.host}').host).toBeUndefined();
  });
});

describe('policy ARN names', () => {
  it('takes the last path segment of an AWS-managed ARN, in any partition', () => {
    expect(awsManagedPolicyName('arn:aws:iam::aws:policy/AdministratorAccess')).toBe('AdministratorAccess');
    expect(awsManagedPolicyName('arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess')).toBe('ViewOnlyAccess');
    expect(awsManagedPolicyName('arn:aws:iam::123456789012:policy/AdministratorAccess')).toBeUndefined();
    expect(customerPolicyName('arn:aws:iam::123456789012:policy/ops/deploy')).toBe('deploy');
  });
});

describe('parseOperator', () => {
  it('splits qualifier, base and IfExists', () => {
    expect(parseOperator('StringLike')).toEqual({ op: { base: 'StringLike', ifExists: false } });
    expect(parseOperator('ForAllValues:StringNotEqualsIfExists')).toEqual({
      op: { set: 'ForAllValues', base: 'StringNotEquals', ifExists: true },
    });
    expect(parseOperator('forAnyValue:stringlike').op).toEqual({ set: 'ForAnyValue', base: 'StringLike', ifExists: false });
  });

  it('reports operators IAM does not have', () => {
    expect(parseOperator('StringMatches').problem).toBe('"StringMatches" is not an IAM condition operator');
    expect(parseOperator('NullIfExists').problem).toBe('Null has no IfExists form');
    expect(parseOperator('Null')).toEqual({ op: { base: 'Null', ifExists: false } });
  });
});
