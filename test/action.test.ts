// The GitHub Action (action.yml) as the runner executes it: each `run:` step through bash, in a
// temporary workspace, with the variables the runner sets (GITHUB_WORKSPACE, GITHUB_OUTPUT,
// GITHUB_ENV, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_ACTION_PATH) and `${{ … }}` expressions
// in `env:`/`working-directory:` resolved from the inputs and earlier steps' outputs. `uses:`
// steps (upload-sarif) cannot run here; their inputs are checked against what the run wrote.
// GITHUB_ACTION_PATH is this checkout, already built by `npm test`, so the install step takes its
// "already installed" branch instead of running `npm ci` over the checkout.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tfcRole, writeTree } from '../src/testing/tf.js';

interface Step {
  name: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Action;

/** `KEY=value` lines (and `KEY<<EOF` blocks) of a GITHUB_OUTPUT / GITHUB_ENV file. */
function readCommandFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readFileSync(path, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

interface Run {
  steps: { step: Step; status: number | null; stdout: string; stderr: string }[];
  skipped: Step[];
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

/** Run the action's steps like the runner: a step whose `if:` is false is skipped, `uses:` steps are recorded. */
function runAction(workspace: string, given: Record<string, string>): Run {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const temp = join(workspace, '.runner-temp');
  spawnSync('mkdir', ['-p', temp]);
  const files = { GITHUB_OUTPUT: join(temp, 'output'), GITHUB_ENV: join(temp, 'env'), GITHUB_STEP_SUMMARY: join(temp, 'summary') };
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expr = (text: string): string => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => String(evaluate(e)));
  const value = (ref: string): string => {
    const input = /^inputs\.([\w-]+)$/.exec(ref);
    if (input) return inputs[input[1]];
    if (ref === 'github.action_path') return root;
    const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(ref);
    if (out) return stepOutputs[out[1]]?.[out[2]] ?? '';
    throw new Error(`expression not known to this test: ${ref}`);
  };
  // Enough of the expression language for this action: refs, 'strings', ==, != and &&.
  const evaluate = (e: string): string | boolean => {
    if (e.includes('&&')) return e.split('&&').every((p) => evaluate(p.trim()) === true);
    const cmp = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(e);
    const term = (t: string) => (/^'.*'$/.test(t) ? t.slice(1, -1) : value(t));
    if (cmp) return (term(cmp[1].trim()) === term(cmp[3].trim())) === (cmp[2] === '==');
    return term(e);
  };
  const result: Run = { steps: [], skipped: [], outputs: {}, summary: '', workspace };
  for (const step of action.runs.steps) {
    if (step.if !== undefined && evaluate(step.if.replace(/^\$\{\{\s*|\s*\}\}$/g, '')) !== true) continue;
    if (step.uses) {
      result.skipped.push({ ...step, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expr(String(v))])) });
      continue;
    }
    for (const f of Object.values(files)) writeFileSync(f, '', { flag: 'w' });
    const envFile = join(temp, 'env-all');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(String(v))]));
    const persisted = existsSync(envFile) ? readCommandFile(envFile) : {};
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd: step['working-directory'] ? expr(step['working-directory']) : workspace,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: root,
        RUNNER_TEMP: temp,
        ...files,
        ...persisted,
        ...stepEnv,
      },
      timeout: 120_000,
    });
    result.steps.push({ step, status: r.status, stdout: r.stdout, stderr: r.stderr });
    writeFileSync(
      envFile,
      Object.entries({ ...persisted, ...readCommandFile(files.GITHUB_ENV) })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    if (step.id) stepOutputs[step.id] = readCommandFile(files.GITHUB_OUTPUT);
    result.summary += readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    if (r.status !== 0) break;
  }
  result.outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expr(v.value)]));
  return result;
}

const role = (sub: string) => tfcRole(sub);

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});
function workspace(files: Record<string, string>): string {
  const t = writeTree(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('action.yml', () => {
  it('is a composite action whose scripts take inputs only through env (no expression pasted into a script)', () => {
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) {
      if (step.run) {
        expect(step.run, step.name).not.toContain('${{');
        expect(step.shell, step.name).toBe('bash');
      }
    }
    expect(action.runs.steps.filter((s) => s.uses).map((s) => s.uses)).toEqual(['github/codeql-action/upload-sarif@v3']);
  });

  it('on an open trust: writes SARIF, annotates, summarises, hands the SARIF to upload-sarif, and fails the job', () => {
    const ws = workspace({
      'infra/main.tf': role('organization:*:project:infra:workspace:prod:run_phase:apply'),
      'docs/readme.md': '# x\n',
    });
    const r = runAction(ws, { path: 'infra' });
    const [install, lint, fail] = r.steps;
    expect(install.stdout).toContain('already installed');
    expect(lint.status).toBe(0);
    expect(r.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'tfc-oidc-lint.sarif' });

    const sarif = JSON.parse(readFileSync(join(ws, 'tfc-oidc-lint.sarif'), 'utf8'));
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    expect(results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri])).toContainEqual([
      'no-wildcard-organization',
      'infra/main.tf',
    ]);

    // Annotations: workflow commands with the file relative to the workspace, as GitHub needs.
    expect(lint.stdout).toMatch(/^::error file=infra\/main\.tf,line=\d+,col=\d+,.*title=no-wildcard-organization \(critical\)::/m);
    expect(r.summary).toContain('### tfc-oidc-lint');
    expect(r.summary).toContain('no-wildcard-organization');

    // upload-sarif gets the very file the run wrote, under its own category.
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0].with).toEqual({ sarif_file: 'tfc-oidc-lint.sarif', category: 'tfc-oidc-lint' });
    expect(existsSync(join(ws, r.skipped[0].with!.sarif_file))).toBe(true);

    expect(fail.status).toBe(1);
    expect(fail.stdout).toContain('exited with 1');
  });

  it('on a pinned trust: exit code 0, the SARIF still uploaded, the job passes', () => {
    const ws = workspace({ 'main.tf': role('organization:acme:project:infra:workspace:prod:run_phase:apply') });
    const r = runAction(ws, { annotations: 'false' });
    expect(r.outputs['exit-code']).toBe('0');
    expect(r.steps.map((s) => s.status)).toEqual([0, 0, 0]);
    expect(r.steps[1].stdout).not.toContain('::error');
    expect(r.skipped.map((s) => s.with?.sarif_file)).toEqual(['tfc-oidc-lint.sarif']);
  });

  it('a mistyped path: exit code 2, an error annotation, nothing uploaded, the job fails', () => {
    const ws = workspace({ 'main.tf': role('organization:acme:project:infra:workspace:prod:run_phase:apply') });
    const r = runAction(ws, { path: 'infar', 'upload-sarif': 'true' });
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.steps[1].stderr).toContain('infar: no such file or directory');
    expect(r.steps[1].stdout).toContain('::error title=tfc-oidc-lint::the linter could not run');
    expect(r.skipped).toEqual([]);
    expect(r.steps[2].status).toBe(2);
  });

  it('passes extra flags through args (a baseline written, then applied: suppressed findings pass)', () => {
    const ws = workspace({ 'main.tf': role('organization:*:project:infra:workspace:prod:run_phase:apply') });
    const first = runAction(ws, { args: '--write-baseline base.json', 'upload-sarif': 'false' });
    expect(first.outputs['exit-code']).toBe('0');
    expect(first.skipped).toEqual([]);
    const again = runAction(ws, { args: '--baseline base.json' });
    expect(again.outputs['exit-code']).toBe('0');
    expect(again.summary).toMatch(/suppressed/);
  });
});

// The GitLab CI template the same way: its script items through bash in a temporary project
// directory, with the job's variables (TFC_OIDC_LINT_HOME pointing at this built checkout, so the
// clone-and-install branch is skipped; TFC_OIDC_LINT_REF must name the released tag).
interface GitlabJob {
  image: string;
  variables: Record<string, string>;
  script: string[];
  artifacts: { when: string; paths: string[] };
}
const gitlab = parse(readFileSync(join(root, 'ci/gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;

function runGitlab(project: string, variables: Record<string, string>) {
  const job = gitlab['tfc-oidc-lint'];
  const script = job.script.join('\n');
  const r = spawnSync('bash', ['-e', '-c', script], {
    cwd: project,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITLAB_CI: 'true',
      CI_PROJECT_DIR: project,
      ...job.variables,
      TFC_OIDC_LINT_HOME: root,
      ...variables,
    },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ci/gitlab-ci.yml', () => {
  it('defines one job on node 20 that keeps the JSON report as an artifact, even when it fails', () => {
    const job = gitlab['tfc-oidc-lint'];
    expect(job.image).toBe('node:20');
    expect(job.artifacts).toMatchObject({ when: 'always', paths: ['tfc-oidc-lint.json'] });
  });

  it('fails the job on an open trust, with the report in the log and the JSON artifact written', () => {
    const dir = workspace({ 'infra/main.tf': role('organization:*:project:infra:workspace:prod:run_phase:apply') });
    const r = runGitlab(dir, { TFC_OIDC_LINT_PATHS: 'infra' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('no-wildcard-organization');
    const report = JSON.parse(readFileSync(join(dir, 'tfc-oidc-lint.json'), 'utf8')) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.map((f) => [f.ruleId, f.file])).toContainEqual(['no-wildcard-organization', 'infra/main.tf']);
  });

  it('passes a pinned trust, and exits 2 for a path with nothing to lint', () => {
    const dir = workspace({ 'main.tf': role('organization:acme:project:infra:workspace:prod:run_phase:apply'), 'empty/README.md': '#\n' });
    expect(runGitlab(dir, {}).status).toBe(0);
    const empty = runGitlab(dir, { TFC_OIDC_LINT_PATHS: 'empty' });
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('no Terraform');
  });
});
