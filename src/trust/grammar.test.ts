import { describe, expect, it } from 'vitest';
import { analyzeRoleTrust } from './analyze.js';
import { extractSegments, grammarScopesToReport } from './grammar.js';
import { githubActions } from './issuers/index.js';
import { trustSetup } from '../testing/trust.js';

async function trustFor(host: string, condition: string, clientIds = ['sts.amazonaws.com'], symbol = 'p') {
  const json = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"\${aws_iam_openid_connect_provider.${symbol}.arn}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":${condition}}]}`;
  const { role, project } = await trustSetup(json, {
    providers: [{ address: `aws_iam_openid_connect_provider.${symbol}`, host, clientIds }],
  });
  return analyzeRoleTrust(role, project).issuers[0];
}

const GH = 'token.actions.githubusercontent.com';
const open = (t: Awaited<ReturnType<typeof trustFor>>) =>
  (['organization', 'project', 'workspace', 'runPhase'] as const).flatMap((d) =>
    grammarScopesToReport(t.grammar, d).map((s) => `${d}:${s.segment}`),
  );

describe('profile grammar search', () => {
  it('reads segments from a pattern, as far as it follows the shape', () => {
    const [ref, , , custom] = githubActions.grammar!.shapes;
    expect(extractSegments(ref, 'repo:acme/app:ref:refs/heads/main')).toEqual({ owner: 'acme', repo: 'app', ref: 'refs/heads/main' });
    expect(extractSegments(ref, 'repo:acme/*')).toEqual({ owner: 'acme', repo: '*' });
    expect(extractSegments(custom, 'repo:acme/app:*')).toEqual({ owner: 'acme', repo: 'app', context: '*' });
  });

  it('GitHub repo:* opens the owner, repo:org/* the repository, repo:org/repo:* only the run context', async () => {
    const any = await trustFor(GH, `{"StringLike":{"${GH}:sub":"repo:*"},"StringEquals":{"${GH}:aud":"sts.amazonaws.com"}}`);
    expect(any.profile.id).toBe('github-actions');
    expect(open(any)).toEqual(['organization:owner']);
    expect(open(await trustFor(GH, `{"StringLike":{"${GH}:sub":"repo:acme/*"}}`))).toEqual(['workspace:repo']);
    expect(open(await trustFor(GH, `{"StringLike":{"${GH}:sub":"repo:acme/app:*"}}`))).toEqual(['runPhase:ref']);
    expect(open(await trustFor(GH, `{"StringEquals":{"${GH}:sub":"repo:acme/app:environment:prod"}}`))).toEqual([]);
    expect(open(await trustFor(GH, `{"StringLike":{"${GH}:sub":"repo:acme/app-*:ref:refs/heads/main"}}`))).toEqual(['workspace:repo']);
  });

  it('a statement without a sub condition is unrestricted for every profile with a grammar', async () => {
    const t = await trustFor(GH, `{"StringEquals":{"${GH}:aud":"sts.amazonaws.com"}}`);
    expect(t.grammar?.unrestricted[0]?.witness.sub).toBe('repo:attacker/attacker-repo:ref:refs/heads/attacker-branch');
    const eks = 'oidc.eks.eu-west-1.amazonaws.com/id/abc';
    expect((await trustFor(eks, `{"StringEquals":{"${eks}:aud":"sts.amazonaws.com"}}`)).grammar?.unrestricted).toHaveLength(1);
  });

  it('EKS: a wildcard namespace is a project finding, a wildcard service account a workspace finding', async () => {
    const eks = 'oidc.eks.eu-west-1.amazonaws.com/id/abc';
    expect(open(await trustFor(eks, `{"StringLike":{"${eks}:sub":"system:serviceaccount:*:*"}}`))).toEqual(['project:namespace']);
    expect(open(await trustFor(eks, `{"StringLike":{"${eks}:sub":"system:serviceaccount:kube-system:*"}}`))).toEqual([
      'workspace:serviceaccount',
    ]);
    expect(open(await trustFor(eks, `{"StringEquals":{"${eks}:sub":"system:serviceaccount:kube-system:external-dns"}}`))).toEqual([]);
  });

  it('GitLab, CircleCI and Bitbucket grammars', async () => {
    expect(
      open(
        await trustFor('gitlab.com', `{"StringLike":{"gitlab.com:sub":"project_path:mygroup/*:ref_type:branch:ref:main"}}`, [
          'https://gitlab.com',
        ]),
      ),
    ).toEqual(['workspace:project']);
    expect(open(await trustFor('gitlab.com', `{"StringLike":{"gitlab.com:sub":"project_path:*"}}`, ['https://gitlab.com']))).toEqual([
      'organization:group',
    ]);
    expect(
      open(
        await trustFor('gitlab.com', `{"StringEquals":{"gitlab.com:sub":"project_path:g/p:ref_type:branch:ref:main"}}`, [
          'https://gitlab.com',
        ]),
      ),
    ).toEqual([]);
    const cci = 'oidc.circleci.com/org/0e1c2a3b-0000-4000-8000-000000000001';
    expect(
      open(
        await trustFor(cci, `{"StringLike":{"${cci}:sub":"org/0e1c2a3b-0000-4000-8000-000000000001/project/*"}}`, [
          '0e1c2a3b-0000-4000-8000-000000000001',
        ]),
      ),
    ).toEqual(['workspace:project']);
    const bb = 'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc';
    expect(
      open(
        await trustFor(bb, `{"StringLike":{"${bb}:sub":"{11111111-1111-4111-8111-111111111111}:*"}}`, ['ari:cloud:bitbucket::workspace/x']),
      ),
    ).toEqual(['runPhase:step']);
    expect(open(await trustFor(bb, `{"StringLike":{"${bb}:sub":"*"}}`, ['ari:cloud:bitbucket::workspace/x']))).toEqual([
      'workspace:repository',
    ]);
  });
});

describe('generic profile', () => {
  const host = 'oidc.example.com';
  const finds = (sub: string) =>
    trustFor(host, `{"StringLike":{"${host}:sub":"${sub}"},"StringEquals":{"${host}:aud":"my-app"}}`, ['my-app']);
  it('a bare or leading wildcard lets an outsider subject in; a wildcard after a literal prefix does not', async () => {
    expect((await finds('*')).grammar?.scopes[0]?.witness.values.subject).toBe('attacker-subject');
    expect((await finds('space:legacy:stack:net:*')).grammar?.scopes[0]?.witness.values.subject).not.toBe('attacker-subject');
  });
});
