import { describe, expect, it } from 'vitest';
import { evaluateFiles } from '../testing/terraform.js';

describe('the provider configuration and account of each AWS resource', () => {
  it('follows the provider meta-argument and module providers maps to the root module name, with its account', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'provider "aws" {\n  region = "eu-west-1"\n}\n' +
        'provider "aws" {\n  alias = "member"\n  assume_role {\n    role_arn = "arn:aws:iam::222233334444:role/admin"\n  }\n}\n' +
        'provider "aws" {\n  alias = "us"\n  region = "us-east-1"\n}\n' +
        'resource "aws_iam_role" "root" {}\n' +
        'resource "aws_iam_role" "member" {\n  provider = aws.member\n}\n' +
        'resource "aws_iam_role" "us" {\n  provider = aws.us\n}\n' +
        'module "m" {\n  source    = "./m"\n  providers = { aws = aws.member, aws.other = aws }\n}\n' +
        'module "plain" {\n  source = "./m"\n}\n',
      'm/main.tf': 'resource "aws_iam_role" "inner" {}\nresource "aws_iam_role" "aliased" {\n  provider = aws.other\n}\n',
    });
    const of = (a: string) => [r.resource(a).provider, r.resource(a).account?.key, r.resource(a).account?.id];
    expect(of('aws_iam_role.root')).toEqual(['aws', 'default', undefined]);
    expect(of('aws_iam_role.member')).toEqual(['aws.member', 'role:arn:aws:iam::222233334444:role/admin', '222233334444']);
    // A region-only alias works with the default credentials: the same account.
    expect(of('aws_iam_role.us')).toEqual(['aws.us', 'default', undefined]);
    expect(of('module.m.aws_iam_role.inner')).toEqual(['aws.member', 'role:arn:aws:iam::222233334444:role/admin', '222233334444']);
    expect(of('module.m.aws_iam_role.aliased')).toEqual(['aws', 'default', undefined]);
    expect(of('module.plain.aws_iam_role.inner')).toEqual(['aws', 'default', undefined]);
  });

  it('records no account where no provider block tells accounts apart', async () => {
    const r = await evaluateFiles({
      'main.tf': 'provider "aws" {\n  region = "eu-west-1"\n}\nresource "aws_iam_role" "a" {\n  provider = aws\n}\n',
    });
    expect(r.resource('aws_iam_role.a').provider).toBe('aws');
    expect(r.resource('aws_iam_role.a').account).toBeUndefined();
  });
});
