// Kubernetes service-account tokens: Amazon EKS (IAM roles for service accounts) and other
// clusters' issuers. docs/issuers.md#amazon-eks-irsa
import type { IssuerGrammar, IssuerProfileData } from './types.js';

const DNS = 'a-z0-9.-';

const grammar: IssuerGrammar = {
  segments: {
    namespace: {
      dimension: 'project',
      noun: 'namespace',
      chars: DNS,
      outsiders: ['attacker-ns'],
      sample: 'default',
      severity: 'high',
      consequence: 'a pod in any namespace of the cluster, with any service account, gets its credentials',
    },
    serviceaccount: {
      dimension: 'workspace',
      noun: 'service account',
      chars: DNS,
      outsiders: ['attacker-sa'],
      sample: 'default',
      severity: 'medium',
      consequence: 'any pod that can run as another service account of the namespace (default included) gets its credentials',
    },
  },
  shapes: [
    {
      id: 'sa',
      template: 'system:serviceaccount:<namespace>:<serviceaccount>',
      describe: 'a pod running as service account <serviceaccount> in namespace <namespace>',
    },
  ],
};

export const eks: IssuerProfileData = {
  id: 'eks',
  name: 'Amazon EKS (IRSA)',
  terraform: false,
  hosts: ['oidc.eks.*.amazonaws.com/id/*'],
  defaultAudience: 'sts.amazonaws.com',
  audienceNote: 'sts.amazonaws.com, the audience of the token EKS projects into pods',
  missingAudSeverity: 'info',
  missingSub: { severity: 'high', who: 'a pod with any service account in any namespace of the cluster' },
  thumbprintIgnored: true,
  docs: 'https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html',
  runs: 'pods',
  exampleSub: 'system:serviceaccount:<namespace>:<service account>',
  grammar,
};

export const kubernetes: IssuerProfileData = {
  ...eks,
  id: 'kubernetes',
  name: 'Kubernetes service accounts',
  hosts: ['kubernetes.default.svc', 'container.googleapis.com/*', 'oidc.prod-aks.azure.com/*'],
  subPrefixes: ['system:serviceaccount:'],
  thumbprintIgnored: false,
  docs: 'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/',
};
