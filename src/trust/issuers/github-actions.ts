// GitHub Actions (github.com, GitHub Enterprise Cloud issuers and GitHub Enterprise Server).
// docs/issuers.md#github-actions
import type { IssuerProfileData } from './types.js';

const NAME = 'A-Za-z0-9_.-';

export const githubActions: IssuerProfileData = {
  id: 'github-actions',
  name: 'GitHub Actions',
  terraform: false,
  hosts: ['token.actions.githubusercontent.com', 'token.actions.githubusercontent.com/*', '*/_services/token'],
  subPrefixes: ['repo:'],
  defaultAudience: 'sts.amazonaws.com',
  audienceNote: 'the audience aws-actions/configure-aws-credentials requests by default',
  missingAudSeverity: 'low',
  missingSub: { severity: 'critical', who: 'a workflow in any repository on GitHub, including one an attacker creates' },
  thumbprintIgnored: true,
  docs: 'https://docs.github.com/en/actions/reference/security/oidc',
  runs: 'workflow runs',
  exampleSub: 'repo:<owner>/<repo>:environment:<environment>',
  grammar: {
    segments: {
      owner: {
        dimension: 'organization',
        noun: 'repository owner',
        chars: NAME,
        outsiders: ['attacker'],
        sample: 'octo-org',
        severity: 'critical',
        consequence: 'anyone can create a GitHub account or organization and run a workflow that assumes it',
      },
      repo: {
        dimension: 'workspace',
        noun: 'repository',
        chars: NAME,
        outsiders: ['attacker-repo'],
        sample: 'app',
        severity: 'medium',
        consequence: 'anyone who can create or push to a repository of that owner gets its credentials',
      },
      ref: {
        dimension: 'runPhase',
        noun: 'branch or tag',
        chars: `/${NAME}`,
        outsiders: ['refs/heads/attacker-branch'],
        sample: 'refs/heads/main',
        severity: 'info',
        consequence:
          'anyone who can push a branch to the repository gets its credentials; pin a protected branch or an environment if only reviewed code should deploy',
      },
      environment: {
        dimension: 'runPhase',
        noun: 'environment',
        chars: ` ${NAME}`,
        outsiders: ['attacker-env'],
        sample: 'production',
        severity: 'info',
        consequence: 'every environment of the repository, protected or not, gets its credentials',
      },
      context: {
        dimension: 'runPhase',
        noun: 'run context (branch, tag, environment or pull request)',
        chars: `/: ${NAME}`,
        outsiders: ['ref:refs/heads/attacker-branch'],
        sample: 'pull_request',
        severity: 'info',
        consequence:
          'every branch, pull request and environment of the repository gets its credentials, so anyone with write access can deploy unreviewed code',
      },
    },
    shapes: [
      { id: 'ref', template: 'repo:<owner>/<repo>:ref:<ref>', describe: 'a workflow run on <ref> of repository <owner>/<repo>' },
      {
        id: 'environment',
        template: 'repo:<owner>/<repo>:environment:<environment>',
        describe: 'a job with environment <environment> in repository <owner>/<repo>',
      },
      {
        id: 'pull_request',
        template: 'repo:<owner>/<repo>:pull_request',
        describe: 'a pull_request workflow run of repository <owner>/<repo>',
      },
      // Customised sub templates (OIDC customization API) keep the repo: prefix and add claims after it.
      { id: 'custom', template: 'repo:<owner>/<repo>:<context>', describe: 'a workflow run of repository <owner>/<repo> (<context>)' },
    ],
  },
};
