// The bench's account dumps: `aws iam get-account-authorization-details` output as the IAM API
// returns it (policy documents URL-encoded strings), with `roles` roles: mostly service roles with
// inline and attached policies, one in twenty trusting HCP Terraform or GitHub Actions through
// an OIDC provider, and customer-managed policies with their versions. Deterministic.
import { writeFileSync } from 'node:fs';

const ACCOUNT = '123456789012';
const SERVICES = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com', 'states.amazonaws.com'];
const enc = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

function trustOf(i: number): unknown {
  if (i % 20 === 7) {
    const github = i % 60 === 7;
    const host = github ? 'token.actions.githubusercontent.com' : 'app.terraform.io';
    const sub = github
      ? `repo:acme/app-${i}:ref:refs/heads/main`
      : i % 40 === 7
        ? 'organization:acme:project:*:workspace:*:run_phase:*'
        : `organization:acme:project:infra:workspace:ws-${i}:run_phase:apply`;
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [`${host}:aud`]: github ? 'sts.amazonaws.com' : 'aws.workload.identity' },
            StringLike: { [`${host}:sub`]: sub },
          },
        },
      ],
    };
  }
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: SERVICES[i % SERVICES.length] }, Action: 'sts:AssumeRole' }],
  };
}

function inlineOf(i: number): unknown {
  return {
    Version: '2012-10-17',
    Statement: Array.from({ length: 2 + (i % 4) }, (_, k) => ({
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 'dynamodb:Query', 'sqs:SendMessage'].slice(0, 1 + ((i + k) % 4)),
      Resource: [`arn:aws:s3:::bucket-${i}-${k}/*`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/table-${i}-${k}`],
    })),
  };
}

export interface Dump {
  file: string;
  bytes: number;
  roles: number;
  trustRoles: number;
}

export function generateAccountDump(file: string, roles: number): Dump {
  const date = '2025-01-02T03:04:05Z';
  const roleList = [];
  let trustRoles = 0;
  for (let i = 0; i < roles; i++) {
    if (i % 20 === 7) trustRoles++;
    const name = `role-${String(i).padStart(5, '0')}`;
    roleList.push({
      Path: '/',
      RoleName: name,
      RoleId: `AROA${String(i).padStart(17, '0')}`,
      Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      CreateDate: date,
      AssumeRolePolicyDocument: enc(trustOf(i)),
      InstanceProfileList: [],
      RolePolicyList: i % 3 === 0 ? [{ PolicyName: `${name}-inline`, PolicyDocument: enc(inlineOf(i)) }] : [],
      AttachedManagedPolicies: [
        i % 20 === 7 && i % 100 === 7
          ? { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }
          : { PolicyName: 'AWSLambdaBasicExecutionRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
        { PolicyName: `managed-${i % 50}`, PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/managed-${i % 50}` },
      ],
      Tags: [{ Key: 'team', Value: `team-${i % 40}` }],
      RoleLastUsed: { LastUsedDate: date, Region: 'eu-west-1' },
    });
  }
  const policies = Array.from({ length: 50 }, (_, k) => ({
    PolicyName: `managed-${k}`,
    PolicyId: `ANPA${String(k).padStart(17, '0')}`,
    Arn: `arn:aws:iam::${ACCOUNT}:policy/managed-${k}`,
    Path: '/',
    DefaultVersionId: 'v2',
    AttachmentCount: Math.ceil(roles / 50),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: date,
    UpdateDate: date,
    PolicyVersionList: [
      { Document: enc(inlineOf(k)), VersionId: 'v2', IsDefaultVersion: true, CreateDate: date },
      { Document: enc(inlineOf(k + 1)), VersionId: 'v1', IsDefaultVersion: false, CreateDate: date },
    ],
  }));
  const text = JSON.stringify(
    {
      UserDetailList: [],
      GroupDetailList: [],
      RoleDetailList: roleList,
      Policies: policies,
      IsTruncated: false,
    },
    null,
    4,
  );
  writeFileSync(file, text + '\n');
  return { file, bytes: Buffer.byteLength(text) + 1, roles, trustRoles };
}
