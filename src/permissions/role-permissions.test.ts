// Permission levels of AWS managed policies through the real parser, evaluator and model, when
// the ARN is built from an unknown partition (`data.aws_partition.current.partition`).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../model/extract.js';
import type { Project } from '../model/types.js';
import { initHcl } from '../parse/hcl.js';
import { SourceFile } from '../core/source.js';
import { tf } from '../testing/tf.js';
import { evaluateModule } from '../terraform/index.js';
import { permissionLevel } from './role-permissions.js';

const attach = (name: string, arn: string) => tf`
  resource "aws_iam_role" "${name}" {
    name               = "${name}"
    assume_role_policy = "{}"
  }
  resource "aws_iam_role_policy_attachment" "${name}" {
    role       = aws_iam_role.${name}.name
    policy_arn = "${arn}"
  }
`;

const text =
  tf`
  data "aws_partition" "current" {}
` +
  attach('ro', 'arn:${data.aws_partition.current.partition}:iam::aws:policy/ReadOnlyAccess') +
  attach('admin', 'arn:${data.aws_partition.current.partition}:iam::aws:policy/AdministratorAccess') +
  attach('acct', 'arn:aws:iam::${data.aws_caller_identity.me.account_id}:policy/ReadOnlyAccess');

let project: Project;

beforeAll(async () => {
  await initHcl();
  const dir = mkdtempSync(join(tmpdir(), 'perm-'));
  writeFileSync(join(dir, 'main.tf'), text);
  const file = new SourceFile('main.tf', join(dir, 'main.tf'), text);
  const ev = await evaluateModule({ dir, files: [file] }, { rootDir: dir, env: {}, displayPath: (a) => a });
  project = buildProject(ev.resources, { diagnostics: ev.diagnostics, files: new Map([[file.path, file]]) });
});

const roleNamed = (label: string) => project.roles.find((r) => r.label === label)!;

describe('AWS managed policies with an unknown partition', () => {
  it('classifies ReadOnlyAccess by name and labels the attachment with it', () => {
    const p = permissionLevel(roleNamed('ro'));
    expect(p.level).toBe('read');
    expect(roleNamed('ro').attachments.map((a) => a.label)).toEqual(['ReadOnlyAccess']);
  });

  it('classifies AdministratorAccess as admin, naming it', () => {
    const p = permissionLevel(roleNamed('admin'));
    expect(p.level).toBe('admin');
    expect(p.reasons.map((r) => r.noun)).toEqual(['AdministratorAccess']);
  });

  it('does not take a customer policy whose account is unknown for an AWS managed one', () => {
    expect(permissionLevel(roleNamed('acct')).level).toBe('unknown');
  });
});
