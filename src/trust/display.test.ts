// Issue 9 item 11e: an unknown value prints as what it is (`⟨var.org, not set⟩`), never as
// literal `${…}` text, in messages, quoted patterns and witnesses.
import { expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { lintTree } from '../testing/lint-tree.js';
import { displayUnknown } from './pattern.js';

it('an input without a value reads ⟨var.org, not set⟩ in the message, the quoted pattern and the witness', async () => {
  const r = await lintTree({
    'main.tf': tf`
      variable "org" {
        type = string
      }
      resource "aws_iam_role" "r" {
        name = "r"
        assume_role_policy = jsonencode({
          Version = "2012-10-17"
          Statement = [{
            Effect    = "Allow"
            Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/app.terraform.io" }
            Action    = "sts:AssumeRoleWithWebIdentity"
            Condition = {
              StringEquals = { "app.terraform.io:aud" = "aws.workload.identity" }
              StringLike   = { "app.terraform.io:sub" = "organization:${'${var.org}'}:project:*:workspace:*:run_phase:apply" }
            }
          }]
        })
      }
    `,
  });
  const [f] = r.findings.filter((x) => x.ruleId === 'no-wildcard-project');
  expect(f.message).toContain('organization "⟨var.org, not set⟩" ("organization:⟨var.org, not set⟩:project:*');
  expect(f.witness?.sub).toMatch(/^organization:⟨var\.org, not set⟩:project:/);
  for (const x of r.findings) expect(`${x.message} ${x.witness?.sub ?? ''}`).not.toContain('${');
});

it('a computed attribute reads ⟨address.attribute, known after apply⟩', () => {
  expect(
    displayUnknown('${aws_iam_role.x.arn}', { reason: 'computed', symbol: { address: 'aws_iam_role.x', attribute: 'arn', module: '' } }),
  ).toBe('⟨aws_iam_role.x.arn, known after apply⟩');
});
