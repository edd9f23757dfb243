import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, type WiringSpec, wiringShapes, workspaceWith } from '../src/testing/wiring.js';

const RULE = 'no-static-credentials';
const withKeys = (dynamic: boolean): WiringSpec => {
  const resources = workspaceWith('prod', {
    AWS_ACCESS_KEY_ID: '${aws_iam_access_key.ci.id}',
    AWS_SECRET_ACCESS_KEY: '${aws_iam_access_key.ci.secret}',
    ...(dynamic ? { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' } : {}),
  });
  return {
    roles: dynamic ? { run: { sub: APPLY_SUB } } : {},
    resources: { ...resources, aws_iam_user: { ci: { name: 'tfc-ci' } }, aws_iam_access_key: { ci: { user: '${aws_iam_user.ci.name}' } } },
  };
};

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    const run = async (s: WiringSpec) => {
      const r = await lintTree(wiringShapes(s)[i].files);
      return { r, f: r.findings.filter((x) => x.ruleId === RULE) };
    };
    it(`${name}: fires on each static key variable (at its key) and on the access key it comes from`, async () => {
      const { r, f } = await run(withKeys(false));
      expect(f.map((x) => x.messageId).sort()).toEqual(['accessKey', 'staticKey', 'staticKey']);
      const id = f.find((x) => x.message.startsWith('AWS_ACCESS_KEY_ID'))!;
      expect(r.text(id.range.file, id.range)).toBe('"AWS_ACCESS_KEY_ID"');
      expect(id.fix).toContain('TFC_AWS_PROVIDER_AUTH');
      const key = f.find((x) => x.messageId === 'accessKey')!;
      expect(key.message).toContain('Access key aws_iam_access_key.ci of IAM user "tfc-ci" is handed to HCP Terraform');
      expect(r.text(key.range.file, key.range)).toMatch(i === 0 ? /^resource "aws_iam_access_key" "ci" \{[^]*\}$/ : /^\{\s*"user": "\$\{aws_iam_user\.ci\.name\}"\s*\}$/);
    });
    it(`${name}: says so when the workspace already has dynamic credentials`, async () => {
      const { f } = await run(withKeys(true));
      expect(f.filter((x) => x.messageId === 'staticNextToDynamic')).toHaveLength(2);
    });
    it(`${name}: stays quiet on a dynamic setup without keys, and on an access key not handed to HCP Terraform`, async () => {
      const quiet: WiringSpec = {
        roles: { run: { sub: APPLY_SUB } },
        resources: {
          ...workspaceWith('prod', { TFC_AWS_PROVIDER_AUTH: 'true', TFC_AWS_RUN_ROLE_ARN: '${aws_iam_role.run.arn}' }),
          aws_iam_user: { ci: { name: 'other-ci' } },
          aws_iam_access_key: { ci: { user: '${aws_iam_user.ci.name}' } },
        },
      };
      expect((await run(quiet)).f).toEqual([]);
    });
  }
});
