// `--fix-code [PATHS]`: the findings' fixes as edits to the scanned files (docs/fix-code.md).
// Without --yes: the unified diff on stdout, exit 1 when there are edits and 0 when none. With
// --yes: every file written, or none. Refused edits (they would break parsing, widen a trust or
// leave the finding) and usage problems exit 2.
import { checkPaths } from '../discover/paths.js';
import type { FixValues } from '../core/fix.js';
import { placeName } from '../core/source.js';
import { SEVERITIES } from '../core/finding.js';
import type { LintOptions } from '../engine/types.js';
import type { FixCommandOptions, FixIO } from './fix-command.js';
import { EXIT_ERROR } from './shared.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function runFixCode(opts: FixCommandOptions, io: FixIO, settings: Omit<LintOptions, 'cwd'>): Promise<number> {
  await checkPaths(opts.paths, io.cwd);
  await checkPaths(opts.varFiles, io.cwd);
  const { fixCode, unifiedDiff, writeChanges } = await import('../fix/code.js');
  const values: FixValues = {
    ...(opts.organization !== undefined ? { organization: opts.organization } : {}),
    ...(opts.project !== undefined ? { project: opts.project } : {}),
    ...(opts.workspace !== undefined ? { workspace: opts.workspace } : {}),
    ...(opts.runPhase !== undefined ? { runPhase: opts.runPhase } : {}),
    ...(opts.audiences.length ? { audience: opts.audiences[0] } : {}),
    detachAdmin: opts.detachAdmin,
  };
  const r = await fixCode({
    paths: opts.paths,
    values,
    lint: { ...settings, cwd: io.cwd, vars: opts.vars, varFiles: opts.varFiles, env: io.env },
  });

  const notes: string[] = [];
  const seen = new Set<string>();
  for (const { finding, undecided } of r.undecided) {
    for (const u of undecided) {
      const why = u.field === 'detachAdmin' ? u.why : `the code ${u.why}`;
      const line = `  ${u.flag}: ${finding.ruleId} at ${placeName(finding.range)}:${finding.range.start.line}:${finding.range.start.column} (${why})`;
      if (!seen.has(line)) notes.push(line);
      seen.add(line);
    }
  }
  if (notes.length) io.stderr.write(`Not fixed until a flag decides it:\n${notes.join('\n')}\n`);
  const unedited = [
    ...new Set(
      r.unedited.map(
        ({ finding, why }) =>
          `  ${finding.ruleId} at ${placeName(finding.range)}:${finding.range.start.line}:${finding.range.start.column}: ${why}`,
      ),
    ),
  ];
  if (unedited.length) io.stderr.write(`Not fixable in the code:\n${unedited.join('\n')}\n`);

  if (r.skipped.length)
    io.stderr.write(`Left as they are (a follow-up edit would have done this):\n${r.skipped.map((x) => `  ${x}`).join('\n')}\n`);
  if (r.refused.length) {
    io.stderr.write(`tfc-oidc-lint: --fix-code refused the edits; nothing was written:\n${r.refused.map((x) => `  ${x}`).join('\n')}\n`);
    return EXIT_ERROR;
  }
  if (!r.changes.length) {
    io.stderr.write('No edits to make.\n');
    return 0;
  }
  const counts = SEVERITIES.map((sev) => [sev, (r.after?.findings ?? []).filter((f) => f.severity === sev).length] as const).filter(
    ([, n]) => n,
  );
  const after = `After the edits: ${counts.map(([sev, n]) => `${n} ${sev}`).join(', ') || 'no findings'}${counts.length ? ' (tfc-oidc-lint lists them)' : ''}.`;
  if (!opts.yes) {
    io.stdout.write(unifiedDiff(r.changes));
    io.stderr.write(`${plural(r.changes.length, 'file')} would change. ${after}\nRun again with --yes to write the edits.\n`);
    return 1;
  }
  try {
    writeChanges(r.changes);
  } catch (e) {
    io.stderr.write(`tfc-oidc-lint: could not write the edits (${(e as Error).message}); nothing was written\n`);
    return EXIT_ERROR;
  }
  io.stdout.write(r.changes.map((c) => `fixed: ${c.file}\n`).join('') + `Wrote ${plural(r.changes.length, 'file')}. ${after}\n`);
  return 0;
}
