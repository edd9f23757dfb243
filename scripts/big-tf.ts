// The bench's "bigtf" shape: one `.tf` file of about `targetMB` megabytes made of IAM policies the
// model reads — `aws_iam_policy` heredocs of 40 statements, each attached to one web-identity role
// (HCP Terraform) — so that lazy parsing can skip nothing. Deterministic.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'sqs:SendMessage',
  'sqs:ReceiveMessage',
  'kms:Decrypt',
  'logs:PutLogEvents',
  'sns:Publish',
];

const ROLE = `resource "aws_iam_openid_connect_provider" "tfc" {
  url             = "https://app.terraform.io"
  client_id_list  = ["aws.workload.identity"]
  thumbprint_list = ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
}

resource "aws_iam_role" "deploy" {
  name = "tfc-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
        StringLike   = { "app.terraform.io:sub" = "organization:acme:project:infra:workspace:*:run_phase:*" }
      }
    }]
  })
}
`;

function policy(n: number): string {
  const statements = Array.from({ length: 40 }, (_, i) => ({
    Sid: `S${n}x${i}`,
    Effect: 'Allow',
    Action: [ACTIONS[(n + i) % ACTIONS.length], ACTIONS[(n + i * 7) % ACTIONS.length]],
    Resource: [`arn:aws:s3:::p${n}-bucket-${i}/*`, `arn:aws:dynamodb:eu-west-1:123456789012:table/p${n}-${i}`],
    Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
  }));
  return `resource "aws_iam_policy" "p${n}" {
  name   = "platform-${n}"
  policy = <<-EOF
${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2).replace(/^/gm, '    ')}
  EOF
}

resource "aws_iam_role_policy_attachment" "p${n}" {
  role       = aws_iam_role.deploy.name
  policy_arn = aws_iam_policy.p${n}.arn
}

`;
}

/** Write `root/main.tf` of about `targetMB` MB; returns its size and policy count. */
export function generateBigTf(root: string, targetMB = 10): { files: number; bytes: number; policies: number } {
  mkdirSync(root, { recursive: true });
  const parts = [ROLE];
  let bytes = Buffer.byteLength(ROLE);
  let n = 0;
  while (bytes < targetMB * 2 ** 20) {
    const p = policy(n++);
    parts.push(p);
    bytes += Buffer.byteLength(p);
  }
  writeFileSync(join(root, 'main.tf'), parts.join(''));
  return { files: 1, bytes, policies: n };
}
