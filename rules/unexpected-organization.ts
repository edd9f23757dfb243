// The team states which organizations, projects and hostnames it trusts; a role that admits a
// token from outside that list is reported with that token.
import { defineRule } from '../src/model/rule.js';
import type { Role, Statement } from '../src/model/types.js';
import type { Value } from '../src/core/value.js';
import { type AcceptedToken, hasOpaque, type IssuerTrust, normalizeHost, placeOf, terraformTrusts, witnessOf } from '../src/trust/index.js';

type Dim = 'organization' | 'project';

/** The first accepted token per accepting value whose `dim` is outside `allowed`, preferring names the policy writes. */
function outsiders(trust: IssuerTrust, dim: Dim, allowed: string[]): AcceptedToken[] {
  const tokens = [...trust.unrestricted.map((u) => u.witness), ...(trust.search?.accepted ?? [])];
  const byValue = new Map<Value | Statement, AcceptedToken>();
  for (const t of tokens) {
    const name = dim === 'organization' ? t.claim.organization : t.claim.project;
    // Legacy and module-test tokens carry no project; an opaque name cannot be compared.
    if (name === undefined || hasOpaque(name) || allowed.includes(name)) continue;
    const k = t.value ?? t.statement;
    const had = byValue.get(k);
    const written = (x: AcceptedToken) =>
      trust.scopedNames.some((s) => s.dimension === dim && s.name === (dim === 'organization' ? x.claim.organization : x.claim.project));
    if (!had || (!written(had) && written(t))) byValue.set(k, t);
  }
  return [...byValue.values()];
}

export default defineRule({
  meta: {
    id: 'unexpected-organization',
    description:
      'A role must admit only the HCP Terraform organizations, projects and hostnames the team lists in its config (organizations, projects, hostnames).',
    severity: 'high',
    messages: {
      organization: 'Role "{{role}}" admits runs of organization "{{name}}", which is not one the team trusts ({{allowed}})',
      project: 'Role "{{role}}" admits runs of project "{{name}}", which is not one the team trusts ({{allowed}})',
      hostname: 'Role "{{role}}" trusts tokens from {{host}}, which is not a hostname the team trusts ({{allowed}})',
    },
    tags: ['trust', 'expectations'],
  },
  check({ project, report, settings }) {
    const orgs = settings.organizations ?? [];
    const projects = settings.projects ?? [];
    const hosts = (settings.hostnames ?? []).map(normalizeHost);
    if (!orgs.length && !projects.length && !hosts.length) return;
    const options = hosts.length ? { terraformHosts: settings.hostnames } : {};
    const reportToken = (role: Role, trust: IssuerTrust, dim: Dim, t: AcceptedToken, allowed: string[]) =>
      report({
        messageId: dim,
        data: {
          role: role.label,
          name: trust.opaque.show(dim === 'organization' ? t.claim.organization : t.claim.project!),
          allowed: allowed.join(', '),
        },
        ...placeOf(t.value, t.condition, t.statement),
        witness: witnessOf(trust, t),
        fix: `Pin the ${dim} in the sub condition to one the team trusts, or add it to the config's ${dim === 'organization' ? 'organizations' : 'projects'}`,
        callChain: role.callChain,
        resource: role.address ?? role.id,
      });
    for (const { role, trust } of terraformTrusts(project, options)) {
      if (hosts.length && trust.host && !trust.assumptions?.length && !hosts.includes(normalizeHost(trust.host))) {
        const first = trust.statements[0]?.statement;
        report({
          messageId: 'hostname',
          data: { role: role.label, host: trust.host, allowed: hosts.join(', ') },
          range: first?.principals?.[0]?.range ?? first?.range ?? role.range,
          fix: "Trust only the team's HCP Terraform or Terraform Enterprise host, or add it to the config's hostnames",
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
      if (orgs.length) for (const t of outsiders(trust, 'organization', orgs)) reportToken(role, trust, 'organization', t, orgs);
      if (projects.length) {
        // Projects of an organization the team does not trust are already that finding.
        for (const t of outsiders(trust, 'project', projects)) {
          if (!orgs.length || orgs.includes(t.claim.organization)) reportToken(role, trust, 'project', t, projects);
        }
      }
    }
  },
});
