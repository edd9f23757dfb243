import { describe, expect, it } from 'vitest';
import { lintTree } from '../src/testing/lint-tree.js';
import { APPLY_SUB, PLAN_SUB, type WiringSpec, wiringShapes } from '../src/testing/wiring.js';

const RULE = 'no-self-managing-role';
const roleWith = (statements: object[], sub: string | string[] = APPLY_SUB): WiringSpec => ({ roles: { run: { sub, inline: statements } }, resources: {} });

describe(RULE, () => {
  for (const [i, name] of ['HCL', 'Terraform JSON'].entries()) {
    const run = async (s: WiringSpec) => {
      const r = await lintTree(wiringShapes(s)[i].files);
      return { r, f: r.findings.filter((x) => x.ruleId === RULE) };
    };
    it(`${name}: fires on iam:UpdateAssumeRolePolicy on the role itself (by reference), at the action, with a token that gets in`, async () => {
      const { r, f } = await run(roleWith([{ Effect: 'Allow', Action: ['s3:GetObject', 'iam:UpdateAssumeRolePolicy'], Resource: '${aws_iam_role.run.arn}' }]));
      expect(f.map((x) => x.message)).toEqual([
        'Role "tfc-run" may iam:UpdateAssumeRolePolicy on itself (run-inline): any run its trust admits can rewrite the role\'s own trust policy and widen its access',
      ]);
      expect(r.text(f[0].range.file, f[0].range)).toContain('iam:UpdateAssumeRolePolicy');
      expect(f[0].witness?.sub).toBe(APPLY_SUB);
    });
    it(`${name}: fires through wildcards (iam:Put*, iam:Attach*) on "*" and on a role-name pattern`, async () => {
      const all = await run(roleWith([{ Effect: 'Allow', Action: 'iam:Put*', Resource: '*' }]));
      expect(all.f.map((x) => x.message)).toEqual([expect.stringContaining('may iam:PutRolePolicy, iam:PutRolePermissionsBoundary on "*"')]);
      const pattern = await run(roleWith([{ Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: 'arn:aws:iam::123456789012:role/tfc-*' }]));
      expect(pattern.f).toHaveLength(1);
    });
    it(`${name}: reads an account known only at apply as any account, but not an unknown role name`, async () => {
      const acct = await run(roleWith([{ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: 'arn:aws:iam::${data.aws_caller_identity.me.account_id}:role/tfc-*' }]));
      expect(acct.f).toHaveLength(1);
      const name = await run(roleWith([{ Effect: 'Allow', Action: 'iam:UpdateAssumeRolePolicy', Resource: 'arn:aws:iam::123456789012:role/${data.aws_caller_identity.me.account_id}' }]));
      expect(name.f).toEqual([]);
    });
    it(`${name}: stays quiet on IAM changes to other roles, on Deny, and on read-only IAM`, async () => {
      expect((await run(roleWith([{ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: 'arn:aws:iam::123456789012:role/app-*' }]))).f).toEqual([]);
      expect((await run(roleWith([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]))).f).toEqual([]);
      expect((await run(roleWith([{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }], [PLAN_SUB, APPLY_SUB]))).f).toEqual([]);
    });
    it(`${name}: sees AWS managed IAMFullAccess and AdministratorAccess (their documents grant the IAM writes on "*"), not PowerUserAccess or ReadOnlyAccess; one finding per attachment, by no-admin-access when it runs`, async () => {
      const said = (managed: string) => `may iam:UpdateAssumeRolePolicy, iam:PutRolePolicy, iam:AttachRolePolicy, iam:PutRolePermissionsBoundary, iam:DeleteRolePermissionsBoundary on "*" (${managed})`;
      for (const managed of ['IAMFullAccess', 'AdministratorAccess']) {
        const spec: WiringSpec = { roles: { run: { sub: APPLY_SUB, managed: [managed] } }, resources: {} };
        // The same problem as the admin finding on that attachment (detaching it removes both): reported once, by no-admin-access, with this as a related note.
        const both = await run(spec);
        expect(both.f).toEqual([]);
        const [admin] = both.r.findings.filter((x) => x.ruleId === 'no-admin-access');
        expect(admin?.related?.map((x) => x.message)).toContainEqual(expect.stringContaining(said(managed)));
        // With no-admin-access off, nothing else says it: this rule reports it.
        const alone = await lintTree(wiringShapes(spec)[i].files, { ruleSettings: { 'no-admin-access': 'off' } });
        expect(alone.findings.filter((x) => x.ruleId === RULE).map((x) => x.message)).toEqual([expect.stringContaining(said(managed))]);
      }
      for (const managed of ['PowerUserAccess', 'ReadOnlyAccess']) {
        expect((await run({ roles: { run: { sub: APPLY_SUB, managed: [managed] } }, resources: {} })).f).toEqual([]);
      }
    });
  }
});
