// The words a finding carries when it rests on an assumption (docs/unknown-values.md).

/** The issuer's host is unknown; the sub grammar or the audience said HCP Terraform. */
export const ASSUMED_HCP_TERRAFORM = 'host unknown: assumed HCP Terraform';

/** The trust policy's text does not parse; the finding is on what an error-tolerant parse recovered. */
export const RECOVERED_POLICY = 'in a policy that does not parse as written';
