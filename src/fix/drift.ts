// After a fix, the Terraform code still says the old thing: the next `terraform apply` would undo
// it. Name what Terraform manages and print the corrected blocks.
import { permissionLevel } from '../permissions/role-permissions.js';
import type { Project } from '../model/types.js';
import { placeName } from '../core/source.js';
import type { Action } from './actions.js';
import type { FixPlan } from './plan.js';
import { providerBlock, roleBlock, splitAddress } from './corrected-terraform.js';

const TERRAFORM_INPUTS = new Set(['hcl', 'tf-json', 'plan']);

/**
 * The corrected Terraform for the changes that were made (`done`): a resource whose change was
 * not applied (a failure part-way, nothing to do) gets no block, since the account still holds
 * what the code says.
 */
export function correctedTerraform(plan: FixPlan, code: Project, detachAdmin: boolean, done: Action[] = plan.actions): string | undefined {
  const blocks: string[] = [];
  const refs = new Map<string, string>();
  const providerChanged = (p: FixPlan['providers'][number]) =>
    done.some(
      (a) =>
        (a.kind === 'create-provider' && a.url === p.host) ||
        ((a.kind === 'update-thumbprints' || a.kind === 'add-client-id') && a.arn === p.arn),
    );
  const roleChanged = (name: string) =>
    done.some(
      (a) =>
        ((a.kind === 'update-trust' || a.kind === 'create-role') && a.name === name) || (a.kind === 'detach-policy' && a.role === name),
    );
  const detached = (name: string) => detachAdmin && done.some((a) => a.kind === 'detach-policy' && a.role === name);
  for (const p of plan.providers) {
    const codeProvider = plan.roles.find((r) => r.target.host === p.host)?.target.trust.provider;
    const managed = codeProvider && TERRAFORM_INPUTS.has(codeProvider.input);
    if (codeProvider?.address && managed) {
      const { type, name } = splitAddress(codeProvider.address, 'aws_iam_openid_connect_provider', p.host);
      refs.set(p.arn, `${type}.${name}.arn`);
    }
    if (managed && providerChanged(p))
      blocks.push(
        `# ${placeName(codeProvider.range)}:${codeProvider.range.start.line}\n${providerBlock({ address: codeProvider.address, host: p.host, clientIds: p.clientIds, thumbprints: p.thumbprints })}`,
      );
  }
  for (const r of plan.roles) {
    const role = r.target.role;
    if (!r.next || !TERRAFORM_INPUTS.has(role.input) || !roleChanged(r.target.roleName)) continue;
    const remove = detached(r.target.roleName)
      ? permissionLevel(role, code)
          .reasons.filter((x) => x.level === 'admin' && x.attachment.address)
          .map((x) => ({
            address: x.attachment.address!,
            where: `${placeName(x.attachment.range)}:${x.attachment.range.start.line}`,
            why: `it attaches ${x.message}, which --detach-admin detached`,
          }))
      : [];
    blocks.push(
      roleBlock(
        {
          address: role.address,
          name: r.target.roleName,
          trust: r.next,
          where: `${placeName(role.range)}:${role.range.start.line}`,
          remove,
        },
        refs,
      ),
    );
  }
  if (!blocks.length) return undefined;
  return [
    'warning: Terraform manages these resources. Until the code says the same, the next `terraform apply` undoes the fix.',
    'Corrected Terraform:',
    '',
    blocks.join('\n\n'),
    '',
  ].join('\n');
}
