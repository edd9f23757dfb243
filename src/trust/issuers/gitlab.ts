// GitLab CI/CD ID tokens (gitlab.com and self-managed instances). docs/issuers.md#gitlab
import type { IssuerProfileData } from './types.js';

export const gitlab: IssuerProfileData = {
  id: 'gitlab',
  name: 'GitLab',
  terraform: false,
  hosts: ['gitlab.com'],
  subPrefixes: ['project_path:'],
  defaultAudience: 'https://gitlab.com',
  audienceNote: 'the aud the job requests in id_tokens (there is no platform default)',
  missingAudSeverity: 'low',
  missingSub: { severity: 'critical', who: 'a job in any project on the GitLab instance, including one an attacker creates' },
  thumbprintIgnored: true,
  docs: 'https://docs.gitlab.com/ci/secrets/id_token_authentication/',
  runs: 'CI/CD jobs',
  exampleSub: 'project_path:<group>/<project>:ref_type:branch:ref:main',
  grammar: {
    segments: {
      group: {
        dimension: 'organization',
        noun: 'top-level group',
        chars: 'A-Za-z0-9_.-',
        outsiders: ['attacker-group'],
        sample: 'my-group',
        severity: 'critical',
        consequence: 'anyone can create a group on the instance and run a job that assumes it',
      },
      project: {
        dimension: 'workspace',
        noun: 'project (or subgroup)',
        chars: 'A-Za-z0-9_./-',
        outsiders: ['attacker-project'],
        sample: 'app',
        severity: 'medium',
        consequence: 'anyone who can create or push to a project of that group gets its credentials',
      },
      ref_type: {
        dimension: 'runPhase',
        noun: 'ref type',
        chars: 'a-z',
        outsiders: ['tag'],
        sample: 'branch',
        severity: 'info',
        consequence: 'branches and tags alike get its credentials',
      },
      ref: {
        dimension: 'runPhase',
        noun: 'branch or tag',
        chars: 'A-Za-z0-9_./-',
        outsiders: ['attacker-branch'],
        sample: 'main',
        severity: 'info',
        consequence:
          'anyone who can push a branch to the project gets its credentials; pin a protected branch if only reviewed code should deploy',
      },
    },
    shapes: [
      {
        id: 'ref',
        template: 'project_path:<group>/<project>:ref_type:<ref_type>:ref:<ref>',
        describe: 'a job on <ref_type> <ref> of project <group>/<project>',
      },
    ],
  },
};
