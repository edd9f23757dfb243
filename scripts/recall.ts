// `npm run recall [case…]`: lint every case of fixtures/recall/ and print, per case and in total,
// how many of the labelled findings were found, which were missed, and the unlabelled findings at
// severity low or above (a clean control must have none). `--json` prints the same as data.
import { placeName } from '../src/core/source.js';
import { labelText, loadRecallCases, runRecallCase, type RecallOutcome } from '../src/testing/recall-corpus.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.filter((a) => !a.startsWith('--'));
const cases = loadRecallCases('fixtures/recall').filter((c) => !only.length || only.includes(c.name));
if (only.length && cases.length !== only.length) {
  console.error(`unknown case: ${only.filter((n) => !cases.some((c) => c.name === n)).join(', ')}`);
  process.exit(2);
}

const outcomes: RecallOutcome[] = [];
for (const c of cases) outcomes.push(await runRecallCase(c));

const labelled = outcomes.reduce((n, o) => n + o.case.findings.length, 0);
const found = outcomes.reduce((n, o) => n + o.found.length, 0);
const controls = outcomes.filter((o) => o.case.exhaustive);
const noisy = controls.filter((o) => o.extra.length);
const extras = outcomes.reduce((n, o) => n + o.extra.length, 0);

if (json) {
  const out = outcomes.map((o) => ({
    case: o.case.name,
    labelled: o.case.findings.length,
    found: o.found.length,
    missed: o.missed.map(labelText),
    extra: o.extra.map((f) => ({
      rule: f.ruleId,
      file: placeName(f.range),
      line: f.range.start.line,
      severity: f.severity,
      message: f.message,
    })),
  }));
  console.log(
    JSON.stringify(
      { cases: out, total: { labelled, found, controls: controls.length, noisyControls: noisy.length, extra: extras } },
      null,
      2,
    ),
  );
} else {
  const width = Math.max(4, ...cases.map((c) => c.name.length));
  for (const o of outcomes) {
    const found = o.case.findings.length ? `${o.found.length}/${o.case.findings.length} found` : '';
    const control = o.case.exhaustive ? (o.extra.length ? 'control NOISY' : 'control quiet') : '';
    const kind = [found, control].filter(Boolean).join(', ');
    console.log(`${o.case.name.padEnd(width)}  ${kind}`);
    for (const l of o.missed) console.log(`${' '.repeat(width)}    missed  ${labelText(l)}`);
    for (const f of o.extra)
      console.log(`${' '.repeat(width)}    extra   ${f.ruleId} ${placeName(f.range)}:${f.range.start.line} (${f.severity})`);
  }
  const pct = labelled ? ((100 * found) / labelled).toFixed(1) : '–';
  console.log(
    `\ntotal: ${found}/${labelled} labelled findings found (${pct} %); ${controls.length - noisy.length}/${controls.length} controls quiet (clean or exhaustive); ${extras} unlabelled findings at low or above`,
  );
}
