// Every issuer profile, in the order hosts are matched. Adding an issuer is adding a module here.
import { bitbucket } from './bitbucket.js';
import { circleci } from './circleci.js';
import { generic, knownOthers } from './generic.js';
import { githubActions } from './github-actions.js';
import { gitlab } from './gitlab.js';
import { hcpTerraform, terraformEnterprise } from './hcp-terraform.js';
import { eks, kubernetes } from './kubernetes.js';
import type { IssuerProfileData } from './types.js';

export type * from './types.js';
export { bitbucket, circleci, eks, generic, githubActions, gitlab, hcpTerraform, kubernetes, terraformEnterprise };

/** Profiles matched by host, HCP Terraform first. */
export const PROFILES: IssuerProfileData[] = [hcpTerraform, githubActions, eks, gitlab, circleci, bitbucket, kubernetes, ...knownOthers];

/** Every profile a rule may apply to (for --list-rules and docs). */
export const ALL_PROFILES: IssuerProfileData[] = [hcpTerraform, terraformEnterprise, ...PROFILES.slice(1), generic];

export function profileById(id: string): IssuerProfileData | undefined {
  return ALL_PROFILES.find((p) => p.id === id);
}
