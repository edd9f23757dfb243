// A deterministic synthetic Terraform monorepo for the benchmark: mostly ordinary modules
// (networking, storage, compute, some with service roles for Lambda), and in a few percent of
// them an HCP Terraform trust setup in every source shape, some reached only through a module call.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type TrustSpec, allShapes } from '../src/testing/shapes.js';

/** mulberry32: a tiny seeded generator, so that every run writes the same repository. */
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

const ORDINARY = [
  (n: string) => `resource "aws_s3_bucket" "${n}" {
  bucket = "\${var.prefix}-${n}"
  tags   = merge(var.tags, { Name = "${n}" })
}

resource "aws_s3_bucket_versioning" "${n}" {
  bucket = aws_s3_bucket.${n}.id
  versioning_configuration {
    status = "Enabled"
  }
}
`,
  (n: string) => `resource "aws_security_group" "${n}" {
  name        = "\${var.prefix}-${n}"
  description = "Traffic for ${n}"
  vpc_id      = var.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [for s in var.subnets : s.cidr if s.public]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`,
  (n: string) => `resource "aws_instance" "${n}" {
  count         = var.instance_count
  ami           = data.aws_ami.base.id
  instance_type = var.instance_type
  subnet_id     = element(var.subnet_ids, count.index)
  user_data     = <<-EOT
    #!/bin/bash
    echo "starting ${n} \${count.index}" > /var/log/boot.log
  EOT
  tags = merge(var.tags, { Name = format("%s-${n}-%02d", var.prefix, count.index) })
}
`,
  (n: string) => `resource "aws_cloudwatch_log_group" "${n}" {
  name              = "/app/\${var.prefix}/${n}"
  retention_in_days = lookup(var.retention, terraform.workspace, 14)
}

resource "aws_sns_topic" "${n}" {
  name = "\${var.prefix}-${n}-alerts"
}
`,
  (n: string) => `resource "aws_dynamodb_table" "${n}" {
  name         = "\${var.prefix}-${n}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
}
`,
];

const VARIABLES = `variable "prefix" {
  type    = string
  default = "app"
}

variable "tags" {
  type    = map(string)
  default = {}
}

variable "vpc_id" {
  type    = string
  default = "vpc-123"
}

variable "subnets" {
  type    = list(object({ cidr = string, public = bool }))
  default = []
}

variable "subnet_ids" {
  type    = list(string)
  default = ["subnet-1", "subnet-2"]
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "instance_type" {
  type    = string
  default = "t3.micro"
}

variable "retention" {
  type    = map(number)
  default = { prod = 90 }
}
`;

const VERSIONS = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

data "aws_ami" "base" {
  most_recent = true
  owners      = ["amazon"]
}
`;

const LAMBDA_ROLE = (n: string) => `resource "aws_iam_role" "${n}" {
  name = "\${var.prefix}-${n}-lambda"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy_attachment" "${n}" {
  role       = aws_iam_role.${n}.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
`;

const SUBS = [
  'organization:acme:project:infra:workspace:prod:run_phase:apply',
  'organization:acme:project:infra:workspace:*:run_phase:*',
  'organization:*:project:infra:workspace:prod:run_phase:apply',
  'organization:YOUR_ORG_NAME:project:infra:workspace:prod:run_phase:apply',
];

export interface Monorepo {
  files: number;
  bytes: number;
  modules: number;
  trustModules: number;
  /** One ordinary file, as a pre-commit hook would be given. */
  sampleFile: string;
  /** One file of a module with a web-identity trust (a pre-commit run that must evaluate). */
  sampleTrustFile?: string;
}

/** Write about `target` files under `root`; the same `target` and `seed` give the same bytes. */
export function generateMonorepo(root: string, target: number, seed = 6): Monorepo {
  const rand = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  let files = 0;
  let bytes = 0;
  let modules = 0;
  let trustModules = 0;
  let sampleFile = '';
  const write = (rel: string, text: string) => {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    files++;
    bytes += Buffer.byteLength(text);
  };

  // Shared local modules that ordinary modules call (they never touch IAM).
  write(
    'shared/tags/main.tf',
    'variable "team" {\n  type = string\n}\n\noutput "tags" {\n  value = { Team = var.team, ManagedBy = "terraform" }\n}\n',
  );
  write('modules/tfc-role/variables.tf', 'variable "sub" {\n  type = string\n}\n');

  for (let m = 0; files < target; m++) {
    const team = `team-${String(m % 40).padStart(2, '0')}`;
    const dir = `teams/${team}/svc-${String(m).padStart(5, '0')}`;
    modules++;
    const roll = rand();
    if (roll < 0.04) {
      // A trust setup, rotating through the six source shapes and a few sub patterns.
      trustModules++;
      const spec: TrustSpec = {
        conditions: {
          StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' },
          StringLike: { 'app.terraform.io:sub': pick(SUBS) },
        },
        managedPolicies: rand() < 0.3 ? ['AdministratorAccess'] : ['ReadOnlyAccess'],
      };
      const shape = allShapes(spec)[trustModules % 6];
      for (const [name, text] of Object.entries(shape.files)) write(`${dir}/${name}`, text);
      write(`${dir}/variables.tf`, VARIABLES);
      continue;
    }
    if (roll < 0.05) {
      // The trust setup lives in a shared module; this caller has no IAM text of its own.
      trustModules++;
      write(`${dir}/main.tf`, `module "tfc_role" {\n  source = "../../../modules/tfc-role"\n  sub    = "${pick(SUBS)}"\n}\n`);
      continue;
    }
    const main = Array.from({ length: 4 + Math.floor(rand() * 6) }, (_, i) => pick(ORDINARY)(`r${i}`)).join('\n');
    const tags = rand() < 0.2 ? `\nmodule "tags" {\n  source = "../../../shared/tags"\n  team   = "${team}"\n}\n` : '';
    const remote = rand() < 0.1 ? '\nmodule "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = "5.8.1"\n}\n' : '';
    const lambda = rand() < 0.05 ? `\n${LAMBDA_ROLE('fn')}` : '';
    write(`${dir}/main.tf`, main + tags + remote + lambda);
    write(`${dir}/variables.tf`, VARIABLES);
    write(`${dir}/versions.tf`, VERSIONS);
    write(`${dir}/outputs.tf`, 'output "prefix" {\n  value = var.prefix\n}\n');
    if (rand() < 0.02) write(`${dir}/config.json`, JSON.stringify({ service: dir, replicas: 3, features: ['a', 'b'] }, null, 2) + '\n');
    sampleFile ||= `${dir}/main.tf`;
  }
  // The shared trust module, called by the callers above.
  const roleShape = allShapes({
    conditions: { StringEquals: { 'app.terraform.io:aud': 'aws.workload.identity' }, StringLike: { 'app.terraform.io:sub': 'SUB' } },
  })[1];
  write('modules/tfc-role/main.tf', roleShape.files['main.tf'].replace('"SUB"', 'var.sub'));
  return { files, bytes, modules, trustModules, sampleFile };
}
