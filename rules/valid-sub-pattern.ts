// A `sub` value no real token can match, so the role silently never works: an ID where the token
// carries a name, an empty segment, misspelt or misordered keywords, a wrong Stacks or module-test
// tail; and a project pinned for an organization whose other roles show it still issues legacy tokens.
import { defineRule } from '../src/model/rule.js';
import type { Statement, Condition, Project } from '../src/model/types.js';
import { type Value, knownString } from '../src/core/value.js';
import {
  type IdReference,
  type IssuerTrust,
  diagnoseSubPattern,
  idReferenceOf,
  nameProblems,
  operatorInfo,
  patternFields,
  placeOf,
  rangeOfChars,
  rejectedWitness,
  trustsFor,
  type SubProblem,
} from '../src/trust/index.js';

interface SubValue {
  trust: IssuerTrust;
  statement: Statement;
  condition: Condition;
  value: Value;
  text: string;
  glob: boolean;
  sourceIndex: number[];
}

function subValues(trust: IssuerTrust): SubValue[] {
  const out: SubValue[] = [];
  for (const { statement, subConditions } of trust.statements) {
    for (const condition of subConditions) {
      const op = operatorInfo(condition.op);
      if (!op.known || op.negated || op.base === 'Null') continue;
      const glob = op.base === 'StringLike';
      for (const value of condition.values) {
        const t = trust.opaque.of(value);
        // Wildcards under StringEquals belong to no-wildcard-in-string-equals.
        if (!t || t.fullyUnknown || (!glob && /[*?]/.test(t.text))) continue;
        out.push({ trust, statement, condition, value, text: t.text, glob, sourceIndex: t.sourceIndex });
      }
    }
  }
  return out;
}

/** A value in the legacy shape (organization and workspace, no project) pins: evidence the organization still issues such tokens. */
function legacyOrganization(v: SubValue): string | undefined {
  const { fields, loose } = patternFields(v.text);
  const kw = fields.map((f) => f.keyword);
  const org = fields.find((f) => f.keyword === 'organization')?.value;
  if (
    !org ||
    /[*?\ue000-\uf8ff]/.test(org) ||
    loose.length ||
    !kw.includes('workspace') ||
    kw.includes('project') ||
    kw.includes('stack') ||
    kw.includes('module')
  )
    return undefined;
  return org;
}

/** The name of the workspace or project an ID reference points at, when the scan declares it. */
function withKnownName(ref: IdReference | undefined, module: string, project: Project): IdReference | undefined {
  if (!ref) return undefined;
  const address = (module ? `${module}.` : '') + ref.expression.slice(0, ref.expression.lastIndexOf('.'));
  const all = ref.keyword === 'workspace' ? project.tfeWorkspaces : ref.keyword === 'project' ? project.tfeProjects : undefined;
  const name = all?.find((x) => x.address === address)?.name;
  const known = knownString(name);
  return known !== undefined ? { ...ref, knownName: known } : ref;
}

export default defineRule({
  meta: {
    id: 'valid-sub-pattern',
    description:
      'Every `sub` value of an HCP Terraform trust must be able to match a real token; one that cannot makes the role silently never work.',
    severity: 'high',
    severities: { medium: 'for a project pinned where legacy tokens are still issued' },
    messages: {
      idNotName: 'The sub value "{{value}}" can never match a run: {{detail}}. The role does not work for the runs it was written for',
      noToken: 'The sub value "{{value}}" can never match a token: {{detail}}. The role does not work for the runs it was written for',
      projectPinnedLegacy:
        'The sub value "{{value}}" requires project "{{project}}", but organization "{{org}}" still issues tokens without a project (role "{{other}}" trusts "{{legacy}}"): until it moves to project-scoped tokens, its runs are rejected here',
    },
    tags: ['trust'],
  },
  check({ project, report, settings }) {
    const trusts = trustsFor({ project, settings });
    const all = trusts.flatMap(({ role, trust }) => subValues(trust).map((v) => ({ role, v })));
    const legacy = new Map<string, { role: string; value: string }>();
    const reportedLegacy = new Set<string>();
    for (const { role, v } of all) {
      const org = legacyOrganization(v);
      if (org && !legacy.has(org)) legacy.set(org, { role: role.label, value: v.trust.opaque.show(v.text) });
    }
    for (const { role, v } of all) {
      const { trust } = v;
      const shown = trust.opaque.show(v.text);
      const common = { ...placeOf(v.value, v.condition, v.statement), callChain: role.callChain, resource: role.address ?? role.id };
      const at = (p: SubProblem) => {
        if (p.start === undefined || p.end === undefined) return {};
        const end = p.end < v.sourceIndex.length ? v.sourceIndex[p.end] : v.value.kind === 'string' ? v.value.value.length : p.end;
        const r = rangeOfChars(v.value, v.sourceIndex[p.start], end);
        return r ? { related: [{ message: 'this part', range: r }] } : {};
      };
      const problems = [
        ...nameProblems(v.text, (c) =>
          withKnownName(idReferenceOf(trust.opaque.symbolOf(c)), trust.opaque.symbolOf(c)?.module ?? '', project),
        ),
      ];
      const whole = diagnoseSubPattern(v.text, v.glob);
      if (whole && !problems.length) problems.push(whole);
      for (const p of problems) {
        report({
          ...common,
          messageId: p.kind === 'id' ? 'idNotName' : 'noToken',
          data: { value: shown, detail: trust.opaque.show(p.detail) },
          ...at(p),
          ...(p.intended ? { witness: rejectedWitness(trust, p.intended, 'the token such a run carries: rejected') } : {}),
          fix:
            p.kind === 'id'
              ? p.nameReference
                ? `Use ${p.nameReference}, not the ID`
                : 'Use the name shown in HCP Terraform, not the ID'
              : 'Write organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan|apply>',
        });
      }
      if (problems.length) continue;
      const { fields } = patternFields(v.text);
      const org = fields.find((f) => f.keyword === 'organization')?.value;
      const proj = fields.find((f) => f.keyword === 'project')?.value;
      const evidence = org ? legacy.get(org) : undefined;
      if (!evidence || proj === undefined || /[*?]/.test(proj) || fields.some((f) => f.keyword === 'stack')) continue;
      // One finding per organization: one legacy-shaped value (often a typo) must not flag every
      // project-pinned role of the organization.
      if (reportedLegacy.has(org!)) continue;
      // Quiet when this role already accepts the organization's legacy tokens some other way.
      if (trust.search?.accepted.some((a) => a.claim.kind === 'legacy' && a.claim.organization === org)) continue;
      const workspace = fields.find((f) => f.keyword === 'workspace')?.value ?? 'my-workspace';
      const phase = fields.find((f) => f.keyword === 'run_phase')?.value;
      report({
        ...common,
        messageId: 'projectPinnedLegacy',
        severity: 'medium',
        data: {
          value: shown,
          project: trust.opaque.show(proj),
          org: trust.opaque.show(org!),
          other: evidence.role,
          legacy: evidence.value,
        },
        witness: rejectedWitness(
          trust,
          {
            kind: 'legacy',
            organization: org!,
            workspace: /[*?]/.test(workspace) ? 'my-workspace' : workspace,
            phase: phase === 'plan' ? 'plan' : 'apply',
          },
          'a legacy token without a project: rejected',
        ),
        fix: `Check which form organization "${trust.opaque.show(org!)}" issues: if it still issues tokens without a project, move it to project-scoped tokens; if not, role "${evidence.role}" is the one to correct`,
      });
      reportedLegacy.add(org!);
    }
  },
});
