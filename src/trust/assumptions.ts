// Findings resting on an assumption say so: a role whose trust was analysed under one (an unknown
// host read as HCP Terraform, a policy recovered from broken JSON) passes it to every finding on
// that role, its trust policy or its attachments, whichever rule reported it.
import type { Finding } from '../core/finding.js';
import type { Project } from '../model/types.js';
import { type Range, placeName, rangeContains } from '../core/source.js';
import { unitOf } from '../model/link.js';
import { type AnalyzeOptions, analyzeProject } from './analyze.js';
import { latentWitnesses } from './latent.js';

/** Adds each finding's assumptions (`finding.assumptions`, and in words at the end of its message). */
export function attachAssumptions(findings: Finding[], project: Project, options: AnalyzeOptions = {}): void {
  const marked = analyzeProject(project, options).flatMap((rt) => {
    const texts = [...new Set([...(rt.assumptions ?? []), ...rt.issuers.flatMap((i) => i.assumptions ?? [])])];
    if (!texts.length) return [];
    const role = rt.role;
    const resources = new Set([role.address ?? role.id, ...role.attachments.map((a) => a.address).filter((a): a is string => !!a)]);
    const ranges = [role.trust?.range, role.blockRange].filter((r): r is Range => !!r);
    // Two root modules may declare the same addresses: a finding matches by address only in the
    // role's own root module or in a file where the role or an attachment is declared.
    const files = new Set([placeName(role.range), ...role.attachments.map((a) => placeName(a.range))]);
    return [{ texts, resources, ranges, root: unitOf(role), files }];
  });
  // What a latent copy's findings rest on ("takes effect once …"), whether the rule passed it or its witness carries it.
  const latentTexts = new Set(
    analyzeProject(project, options).flatMap((rt) => (rt.latentIssuers ?? []).flatMap((i) => (i.latent ? [i.latent] : []))),
  );
  for (const f of findings) {
    // The note and the parse error are what the assumption is about, not findings resting on it.
    if (f.ruleId === 'could-not-evaluate' || f.ruleId === 'parse-error') continue;
    const latent = f.witness ? latentWitnesses.get(f.witness) : undefined;
    const texts = marked
      .filter(
        (m) =>
          (f.resource && m.resources.has(f.resource) && (m.files.has(placeName(f.range)) || unitOf(f) === m.root)) ||
          m.ranges.some((r) => rangeContains(r, f.range)),
      )
      .flatMap((m) => m.texts);
    if (latent) texts.push(latent);
    const add = [...new Set(texts)].filter((t) => !f.assumptions?.includes(t));
    // A latent text the rule passed itself is an assumption already; the message still says it.
    const say = [...add, ...(f.assumptions ?? []).filter((a) => latentTexts.has(a) && !f.message.includes(a))];
    if (add.length) f.assumptions = [...(f.assumptions ?? []), ...add];
    if (say.length) f.message += ` (${[...new Set(say)].join('; ')})`;
  }
}
