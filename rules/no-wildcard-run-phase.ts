// One role for both plan and apply: speculative plans (pull requests) run arbitrary code, so
// they get whatever the role may do. High when that is write or admin.
import { defineRule } from '../src/model/rule.js';
import {
  OPEN_SEGMENT_MESSAGE,
  openSegmentFindings,
  phasePairsToReport,
  pinSubFix,
  placeOf,
  showValue,
  trustsWithLatentFor,
  witnessOf,
} from '../src/trust/index.js';
import { permissionLevel } from '../src/permissions/index.js';

export default defineRule({
  meta: {
    id: 'no-wildcard-run-phase',
    description:
      'A role that HCP Terraform plan runs can assume should not also serve apply runs; plan runs execute code from pull requests.',
    severity: 'high',
    severities: {
      high: 'when the role has write or admin permissions',
      medium: 'when its permissions are not in the scan',
      info: "for another issuer's open run context (branch, environment, step)",
    },
    messages: {
      planWithPower:
        'Role "{{role}}" accepts plan runs and has {{what}}: any speculative plan, including one from a pull request, runs with {{level}} credentials',
      planAndApply:
        'Role "{{role}}" accepts both plan and apply runs ({{pattern}}){{what}}: speculative plans, including ones from pull requests, get the same credentials as apply',
      openSegment: OPEN_SEGMENT_MESSAGE,
    },
    tags: ['trust', 'permissions'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    for (const { role, trust } of trustsWithLatentFor({ project, settings })) {
      const pairs = phasePairsToReport(trust);
      if (!pairs.length) continue;
      const perms = permissionLevel(role, project);
      // A role whose known policies are all read-only is what plan runs are meant to get: sharing it
      // with apply hands plans nothing more (a role with no policy in the scan is still reported).
      if (perms.level === 'read' && role.attachments.length) continue;
      const powerful = perms.level === 'admin' || perms.level === 'write';
      // Admin reads "has AdministratorAccess and aws_iam_policy.x (granting …)"; write names the grants in parentheses.
      const what =
        perms.level === 'admin' ? perms.reasons.map((r) => r.noun).join(' and ') : perms.reasons.map((r) => r.message).join(', ');
      const related = perms.reasons.map((r) => ({ message: `${r.message} (${r.level})`, range: r.range }));
      for (const [plan] of pairs) {
        report({
          messageId: powerful ? 'planWithPower' : 'planAndApply',
          data: {
            role: role.label,
            pattern: showValue(plan.value) || 'no run_phase pinned',
            what: powerful
              ? perms.level === 'admin'
                ? what
                : `write permissions (${what})`
              : perms.level === 'read'
                ? ''
                : ' and permissions that could not be classified',
            level: perms.level,
          },
          severity: powerful ? 'high' : 'medium',
          ...placeOf(plan.value, plan.condition, plan.statement),
          witness: witnessOf(trust, plan),
          ...(related.length ? { related } : {}),
          // A role with write access is pinned to one run phase (--run-phase decides which).
          ...(powerful ? { fixData: pinSubFix(trust, plan.value) } : {}),
          fix: 'A read-only role for run_phase:plan (TFC_AWS_PLAN_ROLE_ARN) and this role for run_phase:apply only (TFC_AWS_APPLY_ROLE_ARN)',
          callChain: role.callChain,
          resource: role.address ?? role.id,
        });
      }
    }
    for (const f of openSegmentFindings({ project, settings }, 'runPhase')) report(f);
  },
});
