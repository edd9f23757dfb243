// Which role a file plays, by name alone. `.tf.json` must be tested before `.json`.

export type FileRole = 'module' | 'vars' | 'document' | 'stack' | 'other';

export function classify(name: string): FileRole {
  const n = name.toLowerCase();
  if (n.endsWith('.tf') || n.endsWith('.tf.json')) return 'module';
  // HCP Terraform Stacks: deployments, stack and component configuration (src/model/stacks.ts).
  if (n.endsWith('.tfdeploy.hcl') || n.endsWith('.tfstack.hcl') || n.endsWith('.tfcomponent.hcl')) return 'stack';
  // The evaluator reads tfvars itself, by Terraform's own rules; they are neither modules' files nor documents.
  if (n.endsWith('.tfvars') || n.endsWith('.tfvars.json')) return 'vars';
  if (n.endsWith('.json')) return 'document';
  return 'other';
}

/** Variables files Terraform loads by itself: `terraform.tfvars(.json)` and `*.auto.tfvars(.json)`. */
export function isAutoVars(name: string): boolean {
  const n = name.toLowerCase().replace(/\.json$/, '');
  return n === 'terraform.tfvars' || n.endsWith('.auto.tfvars');
}
