// The bench's "realistic" monorepo: IAM everywhere, as in real service repositories. Nearly every
// service module has a role for its compute (Lambda, ECS task, EC2 instance profile) with a
// Service-principal trust written with `jsonencode` or an `aws_iam_policy_document`, inline and
// managed policies with attachments, and some large plain IAM policies; modules call shared
// modules (a role module, a tags module) and one module in twenty holds a web-identity trust
// (HCP Terraform in every source shape, a few GitHub Actions trusts, some through a shared
// trust module). Deterministic: the same target and seed write the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';
import type { Monorepo } from './monorepo.js';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICES = ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com', 'states.amazonaws.com', 'events.amazonaws.com'];
const MANAGED = [
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
  'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
];
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

const SUBS = [
  'organization:acme:project:infra:workspace:prod:run_phase:apply',
  'organization:acme:project:infra:workspace:*:run_phase:*',
  'organization:*:project:infra:workspace:prod:run_phase:apply',
  'organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply',
];

const VARIABLES = `variable "name" {
  type    = string
  default = "svc"
}

variable "env" {
  type    = string
  default = "prod"
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "memory" {
  type    = number
  default = 256
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-1", "subnet-2"]
}
`;

const OUTPUTS = (role: string) => `output "role_arn" {
  value = aws_iam_role.${role}.arn
}

output "name" {
  value = local.full_name
}
`;

/** The service role: a Service-principal trust in jsonencode (most) or a policy document. */
function serviceRole(rand: () => number, service: string, viaDocument: boolean): string {
  const trust = viaDocument
    ? `data "aws_iam_policy_document" "assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["${service}"]
    }
  }
}

`
    : '';
  const assume = viaDocument
    ? 'data.aws_iam_policy_document.assume.json'
    : `jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${service}" }
      Action    = "sts:AssumeRole"
    }]
  })`;
  const actions = Array.from({ length: 2 + Math.floor(rand() * 4) }, (_, i) => ACTIONS[(i * 3 + Math.floor(rand() * 10)) % ACTIONS.length]);
  return `${trust}resource "aws_iam_role" "service" {
  name               = "\${local.full_name}-role"
  assume_role_policy = ${assume}
  tags               = local.tags
}

resource "aws_iam_role_policy" "inline" {
  name = "\${local.full_name}-inline"
  role = aws_iam_role.service.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ${JSON.stringify([...new Set(actions)])}
      Resource = ["arn:aws:s3:::\${local.full_name}-data/*", "arn:aws:dynamodb:*:*:table/\${local.full_name}"]
    }]
  })
}

resource "aws_iam_policy" "managed" {
  name = "\${local.full_name}-managed"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
      Resource = "arn:aws:sqs:*:*:\${local.full_name}-*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "managed" {
  role       = aws_iam_role.service.name
  policy_arn = aws_iam_policy.managed.arn
}

resource "aws_iam_role_policy_attachment" "aws" {
  role       = aws_iam_role.service.name
  policy_arn = "${MANAGED[Math.floor(rand() * MANAGED.length)]}"
}
${service === 'ec2.amazonaws.com' ? '\nresource "aws_iam_instance_profile" "service" {\n  name = "${local.full_name}-profile"\n  role = aws_iam_role.service.name\n}\n' : ''}`;
}

/** A large plain IAM policy (a heredoc with many statements), as platform teams write them. */
function largePolicy(rand: () => number, n: string): string {
  const statements = Array.from({ length: 40 + Math.floor(rand() * 40) }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: [ACTIONS[i % ACTIONS.length], ACTIONS[(i * 7) % ACTIONS.length]],
    Resource: [`arn:aws:s3:::${n}-bucket-${i}/*`, `arn:aws:dynamodb:eu-west-1:123456789012:table/${n}-${i}`],
    Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
  }));
  return `resource "aws_iam_policy" "platform" {
  name   = "${n}-platform"
  policy = <<-EOF
${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2).replace(/^/gm, '    ')}
  EOF
}
`;
}

const COMPUTE = [
  (svc: string) => `resource "aws_lambda_function" "fn" {
  function_name = local.full_name
  role          = ${svc}
  runtime       = "python3.12"
  handler       = "main.handler"
  memory_size   = var.memory
  filename      = "\${path.module}/build.zip"
  environment {
    variables = { ENV = var.env, TABLE = aws_dynamodb_table.data.name }
  }
  tags = local.tags
}

resource "aws_dynamodb_table" "data" {
  name         = local.full_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
}
`,
  (svc: string) => `resource "aws_ecs_task_definition" "task" {
  family             = local.full_name
  task_role_arn      = ${svc}
  execution_role_arn = ${svc}
  cpu                = 256
  memory             = var.memory * 2
  container_definitions = jsonencode([{
    name      = var.name
    image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/\${var.name}:latest"
    essential = true
    portMappings = [{ containerPort = 8080 }]
  }])
}

resource "aws_cloudwatch_log_group" "task" {
  name              = "/ecs/\${local.full_name}"
  retention_in_days = 30
}
`,
  (svc: string) => `resource "aws_launch_template" "lt" {
  name_prefix   = local.full_name
  image_id      = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  iam_instance_profile {
    arn = ${svc.replace('aws_iam_role.service.arn', 'aws_iam_instance_profile.service.arn')}
  }
  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo "starting \${var.name}" > /var/log/boot.log
  EOT
  )
}

resource "aws_security_group" "sg" {
  name   = local.full_name
  vpc_id = "vpc-123"
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
`,
];

const LOCALS = (team: string) => `locals {
  full_name = "\${var.env}-\${var.name}"
  tags      = merge(var.tags, { Team = "${team}", Service = var.name })
}
`;

/** Write about `target` files (about three per module) under `root`; one module in `trustEvery` holds a web-identity trust. */
export function generateRealistic(root: string, target: number, seed = 11, trustEvery = 20): Monorepo {
  const rand = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  let files = 0;
  let bytes = 0;
  let modules = 0;
  let trustModules = 0;
  let sampleFile = '';
  let sampleTrustFile = '';
  const write = (rel: string, text: string) => {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files++;
    bytes += Buffer.byteLength(text);
  };

  // Shared modules: a service-role module (IAM, no web identity), a tags module, and a trust
  // module for HCP Terraform that callers give a sub pattern.
  write(
    'shared/service-role/main.tf',
    `variable "name" {\n  type = string\n}\n\nvariable "service" {\n  type = string\n}\n\nlocals {\n  full_name = var.name\n  tags      = {}\n}\n\n${serviceRole(rand, 'lambda.amazonaws.com', false).replace('"lambda.amazonaws.com"', 'var.service')}\noutput "arn" {\n  value = aws_iam_role.service.arn\n}\n`,
  );
  write(
    'shared/tags/main.tf',
    'variable "team" {\n  type = string\n}\n\noutput "tags" {\n  value = { Team = var.team, ManagedBy = "terraform" }\n}\n',
  );
  const roleShape = allShapes({
    conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': 'SUB' } },
  })[1];
  write('shared/tfc-role/main.tf', roleShape.files['main.tf'].replace('"SUB"', 'var.sub'));
  write('shared/tfc-role/variables.tf', 'variable "sub" {\n  type = string\n}\n');
  modules += 3;

  for (let m = 0; files < target; m++) {
    const team = `team-${String(m % 40).padStart(2, '0')}`;
    const dir = `services/${team}/svc-${String(m).padStart(5, '0')}`;
    modules++;
    if (m % trustEvery === 7 % trustEvery) {
      // One module in twenty: a web-identity trust. Mostly HCP Terraform in the six shapes, some
      // through the shared trust module, and a GitHub Actions deploy role.
      trustModules++;
      const kind = (m / trustEvery) | 0;
      if (kind % 8 === 3) {
        write(
          `${dir}/main.tf`,
          `module "tfc_role" {\n  source = "../../../shared/tfc-role"\n  sub    = "${pick(SUBS)}"\n}\n\nmodule "tags" {\n  source = "../../../shared/tags"\n  team   = "${team}"\n}\n`,
        );
        write(`${dir}/variables.tf`, VARIABLES);
        write(`${dir}/outputs.tf`, 'output "role" {\n  value = module.tfc_role\n}\n');
        continue;
      }
      if (kind % 8 === 5) {
        write(
          `${dir}/main.tf`,
          `resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

resource "aws_iam_role" "deploy" {
  name = "github-deploy"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.github.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com" }
        StringLike   = { "token.actions.githubusercontent.com:sub" = "repo:acme/${dir.replace(/\//g, '-')}:ref:refs/heads/main" }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.deploy.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
`,
        );
        write(`${dir}/variables.tf`, VARIABLES);
        write(`${dir}/outputs.tf`, 'output "arn" {\n  value = aws_iam_role.deploy.arn\n}\n');
        continue;
      }
      const spec: TrustSpec = {
        conditions: {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLike: { 'app.terraform.io:sub': pick(SUBS) },
        },
        managedPolicies: rand() < 0.3 ? ['AdministratorAccess'] : ['ReadOnlyAccess'],
      };
      const shape = allShapes(spec)[kind % 6];
      for (const [name, text] of Object.entries(shape.files)) write(`${dir}/${name}`, text);
      write(`${dir}/variables.tf`, VARIABLES);
      sampleTrustFile ||= `${dir}/${Object.keys(shape.files).find((f) => f.endsWith('.tf')) ?? Object.keys(shape.files)[0]}`;
      continue;
    }
    const roll = rand();
    const service = pick(SERVICES);
    const compute = service === 'ecs-tasks.amazonaws.com' ? COMPUTE[1] : service === 'ec2.amazonaws.com' ? COMPUTE[2] : COMPUTE[0];
    if (roll < 0.12) {
      // The role comes from the shared service-role module.
      write(
        `${dir}/main.tf`,
        `${LOCALS(team)}
module "role" {
  source  = "../../../shared/service-role"
  name    = local.full_name
  service = "${service}"
}

${compute('module.role.arn').replace(/aws_iam_instance_profile\.service\.arn/g, 'module.role.arn')}`,
      );
      write(`${dir}/variables.tf`, VARIABLES);
      write(`${dir}/outputs.tf`, 'output "name" {\n  value = local.full_name\n}\n');
      continue;
    }
    if (roll < 0.9) {
      // The common case: the module's own service role, inline and managed policies, attachments.
      write(
        `${dir}/main.tf`,
        LOCALS(team) +
          '\n' +
          compute('aws_iam_role.service.arn') +
          (rand() < 0.15 ? `\nmodule "tags" {\n  source = "../../../shared/tags"\n  team   = "${team}"\n}\n` : ''),
      );
      write(`${dir}/iam.tf`, serviceRole(rand, service, rand() < 0.25) + (rand() < 0.08 ? '\n' + largePolicy(rand, `svc${m}`) : ''));
      write(`${dir}/variables.tf`, VARIABLES);
      if (rand() < 0.05) write(`${dir}/outputs.tf`, OUTPUTS('service'));
      sampleFile ||= `${dir}/main.tf`;
      continue;
    }
    // Infrastructure without IAM.
    write(`${dir}/main.tf`, LOCALS(team) + '\n' + COMPUTE[2]('"arn:aws:iam::123456789012:instance-profile/base"'));
    write(`${dir}/variables.tf`, VARIABLES);
    write(`${dir}/outputs.tf`, 'output "name" {\n  value = local.full_name\n}\n');
  }
  return { files, bytes, modules, trustModules, sampleFile, sampleTrustFile };
}
