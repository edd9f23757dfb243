// HCP Terraform Stacks: each deployment's role_arn (in a .tfdeploy.hcl file) must name a role whose
// trust admits that deployment's token, with the audience its identity_token block requests; one
// role should not serve production and non-production deployments alike.
import { defineRule } from '../src/model/rule.js';
import { knownString } from '../src/model/names.js';
import type { Project, Role } from '../src/model/types.js';
import type { StackDeployment } from '../src/model/stacks.js';
import { type IssuerTrust, type SubClaim, formatSub, terraformTrusts, toWitness, tryClaim } from '../src/trust/index.js';

const PROD = /(^|[-_])(prod|production|prd|live)([-_]|$)/i;
const NON_PROD = /(^|[-_])(dev|development|stag|staging|test|testing|qa|uat|sandbox|sbx|nonprod|non-prod|preview)([-_]|$)/i;

function roleOf(project: Project, arn: string): Role | undefined {
  const name = /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  return project.roles.find((r) => (r.arn ? r.arn === arn : knownString(r.name) === name));
}

/** A Stacks token of this deployment the role accepts (with any audience it knows), or why not. */
function admitted(trust: IssuerTrust, deployment: string): { claim?: SubClaim; decided: boolean } {
  const stacks = (trust.search?.accepted ?? []).filter((a) => a.claim.kind === 'stack');
  const exact = stacks.find((a) => a.claim.deployment === deployment);
  if (exact) return { claim: exact.claim, decided: true };
  for (const a of stacks) {
    const claim = { ...a.claim, deployment };
    const r = tryClaim(trust, claim);
    if (typeof r === 'object') return { claim, decided: true };
  }
  return { decided: !trust.search?.undecided };
}

export default defineRule({
  meta: {
    id: 'stack-deployment-role',
    description:
      'Each Stacks deployment must present its identity_token to a role whose trust admits that Stack deployment with that audience, and production and non-production deployments should not share one role.',
    severity: 'high',
    severities: { medium: 'for one role shared by production and non-production deployments' },
    messages: {
      notAdmitted:
        'Deployment "{{deployment}}" uses role "{{role}}", whose trust admits no Stacks token of deployment {{deployment}}{{hint}}: its plans and applies fail to authenticate',
      audience:
        'Deployment "{{deployment}}" presents identity_token "{{token}}" with audience {{auds}}, which role "{{role}}" does not accept ({{why}}): its plans and applies fail to authenticate',
      shared:
        'Role "{{role}}" is used by production deployment{{prodS}} {{prod}} and non-production deployment{{nonS}} {{non}}: a change tried in {{firstNon}} runs with production credentials',
    },
    tags: ['trust', 'workspace'],
  },
  check({ project, report, settings }) {
    const deployments = project.stackDeployments ?? [];
    if (!deployments.length) return;
    const options = settings.hostnames?.length ? { terraformHosts: settings.hostnames } : {};
    const trusts = terraformTrusts(project, options);
    const byArn = new Map<string, StackDeployment[]>();
    for (const d of deployments) {
      if (!d.roleArn) continue;
      byArn.set(d.roleArn.value, [...(byArn.get(d.roleArn.value) ?? []), d]);
      const role = roleOf(project, d.roleArn.value);
      const trust = role && trusts.find((t) => t.role === role)?.trust;
      if (!role || !trust) continue;
      const base = {
        range: d.roleArn.range,
        related: [{ message: `role "${role.label}"`, range: role.range }],
        resource: `deployment.${d.name}`,
      };
      const got = admitted(trust, d.name);
      if (!got.claim) {
        if (!got.decided) continue;
        const workspaceOnly = trust.search?.accepted.some((a) => a.claim.kind !== 'stack');
        report({
          ...base,
          messageId: 'notAdmitted',
          data: {
            deployment: d.name,
            role: role.label,
            hint: workspaceOnly
              ? ' (its sub admits workspace runs only; Stacks tokens read organization:<org>:project:<project>:stack:<stack>:deployment:<deployment>:operation:<plan|apply>)'
              : '',
          },
          fix: `Add "organization:<org>:project:<project>:stack:<stack>:deployment:${d.name}:operation:*" to the role's sub values`,
        });
        continue;
      }
      const auds = d.token?.audiences;
      if (!auds?.length) continue;
      const ids = trust.provider?.clientIds.flatMap((v) => knownString(v) ?? []);
      const passes = auds.some((a) => typeof tryClaim(trust, got.claim!, a.value) === 'object' && (!ids?.length || ids.includes(a.value)));
      if (passes) continue;
      const undecided = auds.every((a) => tryClaim(trust, got.claim!, a.value) === 'unknown');
      if (undecided) continue;
      const notClient = ids?.length && !auds.some((a) => ids.includes(a.value));
      report({
        ...base,
        range: d.token!.audiences![0].range,
        messageId: 'audience',
        data: {
          deployment: d.name,
          token: d.token!.name,
          role: role.label,
          auds: auds.map((a) => `"${a.value}"`).join(', '),
          why: notClient
            ? `the provider's client IDs are ${ids.map((i) => `"${i}"`).join(', ')}`
            : 'its aud condition names another audience',
        },
        related: [...base.related, { message: `deployment "${d.name}"`, range: d.range }],
        witness: toWitness(
          trust,
          { sub: trust.opaque.show(formatSub(got.claim)), aud: auds[0].value },
          `deployment ${d.name} of the Stack, with the audience its identity_token requests: rejected`,
          'rejected',
        ),
        fix: `Make the identity_token audience match the role's ${trust.host}:aud value and the provider's client_id_list`,
      });
    }
    for (const group of byArn.values()) {
      const prod = group.filter((d) => PROD.test(d.name));
      const non = group.filter((d) => NON_PROD.test(d.name) && !PROD.test(d.name));
      if (!prod.length || !non.length) continue;
      const role = roleOf(project, group[0].roleArn!.value);
      const label = role?.label ?? group[0].roleArn!.value;
      for (const d of [...prod, ...non]) {
        report({
          messageId: 'shared',
          severity: 'medium',
          range: d.roleArn!.range,
          resource: `deployment.${d.name}`,
          data: {
            role: label,
            prod: prod.map((x) => `"${x.name}"`).join(', '),
            prodS: prod.length > 1 ? 's' : '',
            non: non.map((x) => `"${x.name}"`).join(', '),
            nonS: non.length > 1 ? 's' : '',
            firstNon: non[0].name,
          },
          related: group.filter((x) => x !== d).map((x) => ({ message: `deployment "${x.name}"`, range: x.roleArn!.range })),
          fix: 'Give production deployments their own role, whose sub pins deployment:<production deployment>',
        });
      }
    }
  },
});
