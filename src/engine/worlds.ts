// Rules run once per "world" when the evaluation enumerated the values a validation allows for a
// variable without a value (src/terraform/enumerate.ts): each run sees the elements common to all
// worlds plus that world's own, so nothing is duplicated, and a finding carries the world it
// rests on. A finding the same in several worlds is reported once.
import { buildProject } from '../model/extract.js';
import type { Project } from '../model/types.js';
import { type SourceFile, placeName, endOffsetOf, startOffsetOf } from '../core/source.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import type { Finding } from '../core/finding.js';
import type { Rule } from '../model/rule.js';
import { type RunOptions, runRules, sortFindings } from './run.js';

export function runRulesByWorld(
  project: Project,
  resources: ResourceInstance[],
  extra: { diagnostics: Diagnostic[]; files: Map<string, SourceFile> },
  rules: Rule[],
  run: RunOptions,
): Finding[] {
  const worlds = [...new Set(resources.flatMap((r) => (r.world ? [r.world] : [])))];
  if (!worlds.length) return runRules(project, rules, run);
  const byKey = new Map<string, { finding: Finding; worlds: Set<string> }>();
  for (const world of worlds) {
    const p = buildProject(
      resources.filter((r) => !r.world || r.world === world),
      extra,
    );
    for (const f of runRules(p, rules, run)) {
      const key = `${f.ruleId}\0${placeName(f.range)}\0${startOffsetOf(f.range)}\0${endOffsetOf(f.range)}\0${f.message}`;
      const seen = byKey.get(key);
      if (seen) seen.worlds.add(world);
      else byKey.set(key, { finding: f, worlds: new Set([world]) });
    }
    // Diagnostics noted while running (a rule that failed) belong to the whole scan.
    for (const d of p.diagnostics) if (!project.diagnostics.includes(d) && !extra.diagnostics.includes(d)) project.diagnostics.push(d);
  }
  return sortFindings(
    [...byKey.values()].map(({ finding, worlds: inWorlds }) => {
      const own = (finding.assumptions ?? []).filter((a) => !worlds.some((w) => w.split('\n').includes(a)));
      const assumed = [...inWorlds].map((w) => (finding.assumptions ?? []).filter((a) => w.split('\n').includes(a)));
      // Found in every world, or resting on no world's value: no world assumption at all.
      const said = inWorlds.size === worlds.length || assumed.every((a) => !a.length) ? [] : [alternatives(assumed)];
      const assumptions = [...own, ...said];
      const out: Finding = { ...finding };
      if (assumptions.length) out.assumptions = assumptions;
      else delete out.assumptions;
      return out;
    }),
  );
}

/** "assumes var.env = "prod" (…)", or several worlds as alternatives. */
function alternatives(assumed: string[][]): string {
  const each = assumed.map((a) => a.join(' and '));
  const distinct = [...new Set(each)];
  return distinct.length === 1
    ? distinct[0]
    : `${distinct[0]} — or ${distinct
        .slice(1)
        .map((s) => s.replace(/^assumes /, ''))
        .join(' — or ')}`;
}
