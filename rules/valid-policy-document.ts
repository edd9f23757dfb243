// What IAM would reject or silently change in a trust or permission policy that could be read:
// misplaced or misspelt elements (the model's problems), repeated keys, Version 2008-10-17.
// Text that is not JSON at all never becomes a document: parse-error reports it, once.
import { defineRule } from '../src/model/rule.js';
import type { PolicyDocument } from '../src/model/types.js';
import type { Value } from '../src/core/value.js';
import { describeLost, duplicateKeys, webIdentityRoles } from '../src/trust/index.js';

/** Policy variables (`${aws:username}`) left in a value after Terraform's own interpolation. */
function usesPolicyVariables(v: Value, depth = 0): boolean {
  if (depth > 32) return false;
  if (v.kind === 'string') return /\$\{[a-z0-9]+:[^}]+\}/i.test(v.value.replace(/\$\{[^}]*\.[^}]*\}/g, ''));
  if (v.kind === 'list') return v.items.some((i) => usesPolicyVariables(i, depth + 1));
  if (v.kind === 'object') return v.entries.some((e) => usesPolicyVariables(e.value, depth + 1));
  return false;
}

export default defineRule({
  meta: {
    id: 'valid-policy-document',
    description:
      'Trust and permission policies must be documents IAM takes as written: known elements in their place, no repeated keys, Version 2012-10-17.',
    severity: 'high',
    severities: {
      high: 'for repeated keys',
      medium: 'for what IAM rejects, a missing Version, and Version 2008-10-17 with policy variables',
      low: 'for Version 2008-10-17 without policy variables',
    },
    messages: {
      rejected: 'The {{what}} is not a valid IAM policy: {{problem}}',
      duplicateKey:
        'Key "{{key}}" appears twice in {{where}}: JSON parsers, and the AWS provider, keep the last one, so {{lost}} written here is silently dropped',
      oldVersion: 'The {{what}} uses Version "2008-10-17"{{impact}}',
      noVersion: 'The {{what}} has no Version, so IAM reads it as 2008-10-17 and takes its policy variables ({{example}}) as literal text',
    },
    tags: ['trust', 'permissions'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    const docs = new Map<PolicyDocument, { what: string; resource: string; callChain: (typeof project.roles)[number]['callChain'] }>();
    // Roles a web-identity issuer may assume and what is attached to them; in JSON input (a policy
    // file, a dump's Policies) also the policies that stand alone, since the file is the subject.
    for (const role of webIdentityRoles({ project, settings })) {
      const resource = role.address ?? role.id;
      if (role.trust) docs.set(role.trust, { what: `trust policy of role "${role.label}"`, resource, callChain: role.callChain });
      for (const a of role.attachments)
        if (a.policy && !docs.has(a.policy))
          docs.set(a.policy, { what: `policy ${a.label}`, resource: a.address ?? resource, callChain: a.callChain });
    }
    for (const p of project.policies)
      if ((p.input === 'iam-json' || p.input === 'aws') && p.policy && !docs.has(p.policy))
        docs.set(p.policy, { what: `policy ${p.address ?? p.id}`, resource: p.address ?? p.id, callChain: p.callChain });

    for (const [doc, where] of docs) {
      const base = { callChain: where.callChain, resource: where.resource };
      for (const problem of doc.problems) {
        report({
          ...base,
          messageId: 'rejected',
          severity: 'medium',
          data: { what: where.what, problem: problem.message },
          range: problem.range,
          fix: 'Write the element as IAM documents it (names are case-sensitive)',
        });
      }
      for (const d of duplicateKeys(doc.value)) {
        const range = d.lost.keyValue?.range ?? d.lost.value.range;
        if (!range) continue;
        const keptAt = d.kept.keyValue?.range;
        report({
          ...base,
          messageId: 'duplicateKey',
          range,
          data: {
            key: d.lost.key,
            where: d.path.length ? `the ${d.path[d.path.length - 1]} block` : 'the document',
            lost: describeLost(d),
          },
          ...(keptAt ? { related: [{ message: `the "${d.kept.key}" that is kept`, range: keptAt }] } : {}),
          fix: `Merge both "${d.lost.key}" entries into one`,
        });
      }
      const version = doc.version?.kind === 'string' ? doc.version.value : undefined;
      const variables = usesPolicyVariables(doc.value);
      if (version === '2008-10-17') {
        report({
          ...base,
          messageId: 'oldVersion',
          severity: variables ? 'medium' : 'low',
          range: doc.version!.range ?? doc.range,
          data: {
            what: where.what,
            impact: variables
              ? ': its policy variables are taken as literal text and never match'
              : ', which predates policy variables; IAM asks for 2012-10-17',
          },
          fix: 'Version = "2012-10-17"',
        });
      } else if (!doc.version && variables) {
        report({
          ...base,
          messageId: 'noVersion',
          severity: 'medium',
          range: doc.range,
          data: { what: where.what, example: '${aws:…}' },
          fix: 'Add Version = "2012-10-17"',
        });
      }
    }
  },
});
