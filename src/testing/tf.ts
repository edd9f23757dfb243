// Test helpers: a dedenting `tf` tag (line 1 of the snippet is line 1 of the file) and real
// temporary directories on disk.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Dedent a template literal; drops the first line when it is empty, and the last when blank. */
export function tf(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  text = text.replace(/\\`/g, '`').replace(/\\\$/g, '$');
  const lines = text.split('\n');
  if (lines[0].trim() === '') lines.shift();
  if (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}

/** Write `files` (path → content) under a fresh temporary directory; returns its path and a cleanup. */
export function writeTree(files: Record<string, string | Buffer>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-oidc-lint-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A provider for app.terraform.io and one role whose jsonencode trust pins the default audience and
 * puts `sub` under `operator` (StringLike unless said): the setup most CLI and integration tests need.
 */
export function tfcRole(sub: string, { name = 'deploy', operator = 'StringLike' }: { name?: string; operator?: string } = {}): string {
  return tf`
    resource "aws_iam_openid_connect_provider" "tfc" {
      url            = "https://app.terraform.io"
      client_id_list = ["aws.workload.identity"]
    }
    resource "aws_iam_role" "${name}" {
      name = "${name}"
      assume_role_policy = jsonencode({
        Version = "2012-10-17"
        Statement = [{
          Effect    = "Allow"
          Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
          Action    = "sts:AssumeRoleWithWebIdentity"
          Condition = {
            StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
            ${operator.padEnd(12)} = { "app.terraform.io:sub" = "${sub}" }
          }
        }]
      })
    }
  `;
}
