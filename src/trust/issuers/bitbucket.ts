// Bitbucket Pipelines OIDC: one issuer per workspace. docs/issuers.md#bitbucket-pipelines
import type { IssuerProfileData } from './types.js';

const UUID = '{}A-Fa-f0-9-';

export const bitbucket: IssuerProfileData = {
  id: 'bitbucket',
  name: 'Bitbucket Pipelines',
  terraform: false,
  hosts: ['api.bitbucket.org/2.0/workspaces/*/pipelines-config/identity/oidc'],
  audienceNote: 'ari:cloud:bitbucket::workspace/<workspace UUID>, fixed per workspace',
  missingAudSeverity: 'info',
  missingSub: { severity: 'high', who: 'a pipeline step in any repository of the Bitbucket workspace' },
  thumbprintIgnored: true,
  docs: 'https://support.atlassian.com/bitbucket-cloud/docs/integrate-pipelines-with-resource-servers-using-oidc/',
  runs: 'pipeline steps',
  exampleSub: '{<repository UUID>}:*',
  grammar: {
    segments: {
      repository: {
        dimension: 'workspace',
        noun: 'repository',
        chars: UUID,
        outsiders: ['{00000000-0000-4000-8000-0000000000ad}'],
        sample: '{11111111-1111-4111-8111-111111111111}',
        severity: 'medium',
        consequence: 'a pipeline in any repository of the workspace gets its credentials',
      },
      environment: {
        dimension: 'runPhase',
        noun: 'deployment environment',
        chars: UUID,
        outsiders: ['{00000000-0000-4000-8000-0000000000e0}'],
        sample: '{22222222-2222-4222-8222-222222222222}',
        severity: 'info',
        consequence: 'steps of every deployment environment get its credentials',
      },
      step: {
        dimension: 'runPhase',
        noun: 'step',
        chars: UUID,
        outsiders: ['{00000000-0000-4000-8000-00000000057e}'],
        sample: '{33333333-3333-4333-8333-333333333333}',
        severity: 'info',
        consequence: "every step of the repository's pipelines gets its credentials",
      },
    },
    shapes: [
      { id: 'step', template: '<repository>:<step>', describe: 'step <step> of repository <repository>' },
      {
        id: 'deployment',
        template: '<repository>:<environment>:<step>',
        describe: 'step <step> deploying to environment <environment> of repository <repository>',
      },
    ],
  },
};
