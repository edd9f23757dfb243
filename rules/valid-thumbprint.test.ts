import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { tf } from '../src/testing/tf.js';

const GOOD = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';

const providerWith = (list: string, url = 'https://app.terraform.io') => tf`
  resource "aws_iam_openid_connect_provider" "tfc" {
    url             = "${url}"
    client_id_list  = ["aws.workload.identity"]
    thumbprint_list = ${list}
  }
`;

async function thumbprintFindings(files: Record<string, string>) {
  const r = await lintTree(files);
  return { ...r, found: r.findings.filter((f) => f.ruleId === 'valid-thumbprint') };
}

describe('valid-thumbprint', () => {
  it('reports a value that is not 40 hex digits, at that value', async () => {
    const { found, text } = await thumbprintFindings({ 'main.tf': providerWith(`["${GOOD.slice(0, 39)}", "${GOOD}"]`) });
    const malformed = found.filter((f) => f.messageId === 'malformed');
    expect(malformed).toHaveLength(1);
    expect(text('main.tf', malformed[0].range)).toBe(`"${GOOD.slice(0, 39)}"`);
    expect(malformed[0].range.start.line).toBe(4);
  });

  it('reports duplicates regardless of case, and more than five entries', async () => {
    const six = ['1', '2', '3', '4', '5', '6'].map((d) => `"${d.repeat(40)}"`).join(', ');
    const dup = await thumbprintFindings({ 'main.tf': providerWith(`["${GOOD}", "${GOOD.toUpperCase()}"]`) });
    expect(dup.found.map((f) => f.messageId)).toContain('duplicate');
    const many = await thumbprintFindings({ 'main.tf': providerWith(`[${six}]`) });
    expect(many.found.find((f) => f.messageId === 'tooMany')?.message).toContain('6 thumbprints');
  });

  it('notes a hard-coded literal once: low for app.terraform.io, medium for a Terraform Enterprise host', async () => {
    const hcp = await thumbprintFindings({ 'main.tf': providerWith(`["${GOOD}", "${'a'.repeat(40)}"]`) });
    const notes = hcp.found.filter((f) => f.messageId === 'hardCoded');
    expect(notes).toHaveLength(1);
    expect(notes[0].severity).toBe('low');

    const tfeRole = tf`
      resource "aws_iam_role" "r" {
        name = "tfe"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { Federated = aws_iam_openid_connect_provider.tfc.arn }
            Action    = "sts:AssumeRoleWithWebIdentity"
            Condition = { StringEquals = { "tfe.acme.internal:sub" = "organization:acme:project:infra:workspace:prod:run_phase:apply", "tfe.acme.internal:aud" = "aws.workload.identity" } }
          }]
        })
      }
    `;
    const tfe = await thumbprintFindings({ 'main.tf': providerWith(`["${GOOD}"]`, 'https://tfe.acme.internal') + tfeRole });
    const tfeNotes = tfe.found.filter((f) => f.messageId === 'hardCoded');
    expect(tfeNotes).toHaveLength(1);
    expect(tfeNotes[0].severity).toBe('medium');
    expect(tfeNotes[0].message).toContain('private CA');
  });

  it('stays quiet for the data.tls_certificate idiom and for other issuers', async () => {
    const idiom = await thumbprintFindings({
      'main.tf': tf`
        data "tls_certificate" "tfc" {
          url = "https://app.terraform.io"
        }
        resource "aws_iam_openid_connect_provider" "tfc" {
          url             = data.tls_certificate.tfc.url
          client_id_list  = ["aws.workload.identity"]
          thumbprint_list = [data.tls_certificate.tfc.certificates[0].sha1_fingerprint]
        }
      `,
    });
    expect(idiom.found).toEqual([]);
  });

  it('checks other issuers too: the format, and a literal for GitHub is an info note (AWS verifies GitHub with its trusted CAs)', async () => {
    const bad = await thumbprintFindings({ 'main.tf': providerWith(`["not-a-thumbprint"]`, 'https://token.actions.githubusercontent.com') });
    expect(bad.found.map((f) => f.messageId)).toEqual(['malformed']);
    const literal = await thumbprintFindings({ 'main.tf': providerWith(`["6938fd4d98bab03faadb97b34396831e3780aea1"]`, 'https://token.actions.githubusercontent.com') });
    expect(literal.found.map((f) => [f.messageId, f.severity])).toEqual([['ignored', 'info']]);
    expect(literal.found[0].message).toContain('GitHub Actions');
  });

  it('a literal thumbprint next to a computed one is reported once, as mixed', async () => {
    const mixed = await thumbprintFindings({
      'main.tf': tf`
        data "tls_certificate" "gl" {
          url = "https://gitlab.example.com"
        }
        resource "aws_iam_openid_connect_provider" "gl" {
          url             = "https://gitlab.example.com"
          client_id_list  = ["https://gitlab.example.com"]
          thumbprint_list = [data.tls_certificate.gl.certificates[0].sha1_fingerprint, "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"]
        }
      `,
    });
    expect(mixed.found.map((f) => [f.messageId, f.severity])).toEqual([['mixed', 'low']]);
  });

  it('checks the format of thumbprints in plan JSON, without the literal note', async () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_iam_openid_connect_provider.tfc',
              mode: 'managed',
              type: 'aws_iam_openid_connect_provider',
              name: 'tfc',
              values: { url: 'https://app.terraform.io', client_id_list: ['aws.workload.identity'], thumbprint_list: ['xyz', GOOD] },
            },
          ],
        },
      },
    };
    const { found } = await thumbprintFindings({ 'plan.json': JSON.stringify(plan, null, 2) });
    expect(found.map((f) => f.messageId)).toEqual(['malformed']);
  });
});
