// CircleCI OIDC: one issuer per organization, audience = the organization ID. docs/issuers.md#circleci
import type { IssuerProfileData } from './types.js';

const UUID = 'A-Fa-f0-9-';

export const circleci: IssuerProfileData = {
  id: 'circleci',
  name: 'CircleCI',
  terraform: false,
  hosts: ['oidc.circleci.com/org/*'],
  subPrefixes: ['org/'],
  audienceNote: 'the organization ID, unless the job requests a custom audience',
  missingAudSeverity: 'info',
  missingSub: { severity: 'high', who: 'a job in any project of the CircleCI organization' },
  thumbprintIgnored: true,
  docs: 'https://circleci.com/docs/openid-connect-tokens/',
  runs: 'jobs',
  exampleSub: 'org/<organization ID>/project/<project ID>/user/*',
  grammar: {
    segments: {
      org: {
        dimension: 'organization',
        noun: 'organization',
        chars: UUID,
        outsiders: [],
        sample: '00000000-0000-4000-8000-00000000000a',
        fixedByIssuer: true,
        severity: 'info',
        consequence: 'the issuer URL already pins the organization',
      },
      project: {
        dimension: 'workspace',
        noun: 'project',
        chars: UUID,
        outsiders: ['00000000-0000-4000-8000-0000000000ad'],
        sample: '00000000-0000-4000-8000-00000000000b',
        severity: 'medium',
        consequence: 'a job in any project of the organization gets its credentials',
      },
      user: {
        dimension: 'runPhase',
        noun: 'user',
        chars: UUID,
        outsiders: ['00000000-0000-4000-8000-0000000000ee'],
        sample: '00000000-0000-4000-8000-00000000000c',
        severity: 'info',
        consequence: 'a job triggered by any user of the project gets its credentials',
      },
    },
    shapes: [
      { id: 'job', template: 'org/<org>/project/<project>/user/<user>', describe: 'a job of project <project> triggered by user <user>' },
    ],
  },
};
