// HCP Terraform and Terraform Enterprise: the deepest profile. Its `sub` grammar (workspace runs,
// legacy tokens, Stacks, module tests) lives in ../claims.ts and its witness search in ../witness.ts;
// this module holds the rest of the profile as data. docs/issuers.md#hcp-terraform
import type { IssuerProfileData } from './types.js';

const terraform = {
  terraform: true,
  defaultAudience: 'aws.workload.identity',
  audienceNote: 'aws.workload.identity unless TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE sets another',
  missingAudSeverity: 'high',
  missingSub: { severity: 'critical', who: 'a run in any organization, including one an attacker creates' },
  docs: 'https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens',
  runs: 'runs',
  exampleSub: 'organization:<org>:project:<project>:workspace:<workspace>:run_phase:apply',
} as const;

export const hcpTerraform: IssuerProfileData = {
  ...terraform,
  id: 'hcp-terraform',
  name: 'HCP Terraform',
  hosts: ['app.terraform.io', 'app.eu.terraform.io'],
  thumbprintIgnored: true,
};

export const terraformEnterprise: IssuerProfileData = {
  ...terraform,
  id: 'terraform-enterprise',
  name: 'Terraform Enterprise',
  hosts: [],
  thumbprintIgnored: false,
};
