// Issuers we know by host but whose `sub` grammar we do not model, and the generic profile for a
// host nobody lists: `sub` and `aud` are required, nothing else is assumed. docs/issuers.md#generic
import type { IssuerProfileData } from './types.js';

const base = {
  terraform: false,
  audienceNote: 'the audience the provider lists as a client ID',
  missingAudSeverity: 'medium',
  missingSub: { severity: 'critical', who: 'any identity the issuer signs a token for' },
  thumbprintIgnored: false,
  runs: 'tokens',
  exampleSub: '<the exact subject of the workload>',
  // One segment: the whole subject. A wildcard in it is reported as an open subject.
  grammar: {
    segments: {
      subject: {
        dimension: 'organization',
        noun: 'subject',
        outsiderOnly: true,
        chars: 'A-Za-z0-9_.:/@|{}= -',
        outsiders: ['attacker-subject'],
        sample: 'workload',
        severity: 'high',
        consequence: 'every identity of the issuer whose subject fits the pattern gets its credentials',
      },
    },
    shapes: [{ id: 'subject', template: '<subject>', describe: 'a token with subject <subject>' }],
  },
} satisfies Omit<IssuerProfileData, 'id' | 'name' | 'hosts' | 'docs'>;

export const generic: IssuerProfileData = {
  ...base,
  id: 'generic',
  name: 'generic OIDC',
  hosts: [],
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc.html',
};

export const knownOthers: IssuerProfileData[] = [
  {
    ...base,
    id: 'google',
    name: 'Google',
    hosts: ['accounts.google.com'],
    thumbprintIgnored: true,
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_oidc_user-id.html',
  },
  {
    ...base,
    id: 'azure-ad',
    name: 'Microsoft Entra ID',
    hosts: ['sts.windows.net/*', 'login.microsoftonline.com/*/v2.0'],
    docs: 'https://learn.microsoft.com/entra/identity-platform/access-tokens',
  },
  {
    ...base,
    id: 'spacelift',
    name: 'Spacelift',
    hosts: ['*.app.spacelift.io'],
    docs: 'https://docs.spacelift.io/integrations/cloud-providers/oidc/',
  },
  {
    ...base,
    id: 'buildkite',
    name: 'Buildkite',
    hosts: ['agent.buildkite.com'],
    docs: 'https://buildkite.com/docs/pipelines/security/oidc',
  },
  {
    ...base,
    id: 'cognito',
    name: 'Amazon Cognito',
    hosts: ['cognito-identity.amazonaws.com'],
    grammar: undefined,
    missingSub: { severity: 'high', who: 'any identity of any Cognito identity pool' },
    docs: 'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
  },
];
