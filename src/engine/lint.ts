// One lint run: discover → read (pre-filter) → evaluate (cache, workers) → model → rules.
import { isAbsolute, resolve } from 'node:path';
import { discover, readSource } from '../discover/index.js';
import { loadJsonDocument } from '../inputs/index.js';
import { linkOidcProviders } from '../inputs/iam-json.js';
import { buildProject } from '../model/extract.js';
import type { SourceFile } from '../core/source.js';
import type { Project } from '../model/types.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { recommendedRules } from '../../rules/index.js';
import { reasonOf } from './rule-crash.js';
import { runRulesByWorld } from './worlds.js';
import { attachAssumptions } from '../trust/assumptions.js';
import { analyzeOptionsOf } from '../trust/context.js';
import { resolveFixes } from './fix-edits.js';
import { applySuppressions } from './suppress.js';
import type { LintOptions, LintResult } from './types.js';
import { displayPath } from '../discover/paths.js';
import { EvaluationCache, cachePath } from './cache.js';
import type { EvalSettings } from './evaluate.js';
import { tfVarEnv } from './tf-vars.js';
import { readSources } from './sources.js';
import { readFileSync, statSync } from 'node:fs';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { hasWebIdentityEvidence } from '../discover/evidence.js';
import { get, isFullyKnown } from '../core/value.js';

/** Discovered modules from which a scan loads the evaluator while it reads (a pre-commit run on a few files does not). */
const EARLY_EVALUATOR_MODULES = 64;

interface ModuleRun {
  dir: string;
  resources: ResourceInstance[];
  diagnostics: Diagnostic[];
  calledDirs: string[];
  /** Display paths of the files evaluation read beyond the module's own (tfvars, file(), child modules). */
  read: string[];
}

/** A crash while reading one document is an internal-error at that file; the scan goes on. */
function loadDocumentSafely(
  file: SourceFile,
  options: Parameters<typeof loadJsonDocument>[1],
): { resources: ResourceInstance[]; diagnostics: Diagnostic[] } {
  try {
    return loadJsonDocument(file, options);
  } catch (err) {
    return {
      resources: [],
      diagnostics: [
        {
          code: 'internal-error',
          severity: 'error',
          message: `Reading ${file.path} crashed, so its findings are missing: ${reasonOf(err)}`,
          range: { file: file.path, start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
        },
      ],
    };
  }
}

export async function lint(paths: string[], options: LintOptions = {}): Promise<LintResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const display = (abs: string) => displayPath(abs, cwd);
  const found = await discover(paths.length ? paths : ['.'], { cwd });
  const files = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [...found.diagnostics];

  // Every file is read (unreadable ones are findings); the pre-filter lets go of what cannot matter.
  const settings: EvalSettings = {
    cwd,
    rootDir: found.root,
    vars: options.vars,
    varFiles: (options.varFiles ?? []).map((f) => (isAbsolute(f) ? f : resolve(cwd, f))),
    env: tfVarEnv(options.env ?? process.env),
    lazy: options.prefilter !== false,
  };
  // A large scan will evaluate something: load the evaluator and compile the grammar (WebAssembly,
  // on V8's own background threads) while the files are read, instead of after.
  if (found.modules.length >= EARLY_EVALUATOR_MODULES)
    import('./evaluate.js')
      .then((m) => m.prepareEvaluator())
      // A failure shows where the evaluator is used, module by module, as without this head start.
      .catch(() => undefined);
  const sources = await readSources(found, display, {
    prefilter: options.prefilter !== false,
    varsShowEvidence: varsShowEvidence(settings),
    maxFileSize: options.maxFileSize,
  });
  for (const x of sources.diagnostics) diagnostics.push(x);
  const cacheFile = cachePath(options.cache, cwd);
  const cache = cacheFile ? EvaluationCache.open(cacheFile) : undefined;
  // The evaluator (about 30 modules with the Terraform functions and RE2) loads only when the
  // pre-filter kept a module: a pre-commit run on files that cannot matter skips it.
  const evaluated = sources.modules.length
    ? await (await import('./evaluate.js')).evaluateAll(sources.modules, { settings, jobs: options.jobs, cache })
    : { evaluations: [], stats: { cacheHits: 0, workers: 0 } };
  cache?.save();
  const runs: ModuleRun[] = sources.modules.map((mod, i) => {
    const evaluation = evaluated.evaluations[i];
    for (const f of mod.files) files.set(f.path, f);
    for (const f of evaluation.files) files.set(f.path, f);
    const run = { dir: mod.dir, ...evaluation, read: evaluation.files.map((f) => f.path) };
    return mod.outOfScope ? outOfScope(run) : run;
  });

  // A directory that another scanned module calls is evaluated through that call (with its
  // inputs); evaluating it again as a root, with its variables unset, would only add noise.
  const called = new Set(runs.flatMap((r) => r.calledDirs));
  const resources: ResourceInstance[] = [];
  for (const r of runs) {
    if (called.has(r.dir) && !isOnlyCaller(r, runs)) continue;
    for (const x of r.resources) resources.push(x);
    for (const x of r.diagnostics) diagnostics.push(x);
  }

  // A document that a module reads with file() or templatefile() is part of that module's role
  // or policy; linting it again on its own would report the same trust twice.
  const readByModules = new Set(runs.flatMap((r) => r.read));
  const documentResources: ResourceInstance[] = [];
  for (const file of sources.documents) {
    if (readByModules.has(file.path)) continue;
    files.set(file.path, file);
    const doc = loadDocumentSafely(file, { prefilter: options.prefilter !== false });
    for (const x of doc.resources) documentResources.push(x);
    for (const x of doc.diagnostics) diagnostics.push(x);
  }
  // `get-open-id-connect-provider` output has no ARN; a sibling list file supplies it.
  for (const x of linkOidcProviders(documentResources)) resources.push(x);

  const project = buildProject(resources, { diagnostics, files });
  if (found.stacks.length) await readStacks(found.stacks, project, files, display);
  if (options.online) {
    // Loaded only when asked for: a plain lint makes no network calls and loads no TLS code.
    const { enrichOnline } = await import('../online/index.js');
    await enrichOnline(project, {
      env: options.env ?? process.env,
      timeoutMs: options.onlineTimeoutMs,
      resolve: options.onlineConnect?.resolve,
      ca: options.onlineConnect?.ca,
      terraformHosts: options.expectations?.hostnames,
    });
  }
  const runOptions = { severities: options.ruleSettings, ruleOptions: options.ruleOptions, settings: options.expectations ?? {} };
  const ran = runRulesByWorld(project, resources, { diagnostics, files }, options.rules ?? recommendedRules, runOptions);
  // Findings resting on an assumption say so (src/trust/assumptions.ts).
  attachAssumptions(ran, project, analyzeOptionsOf(options.expectations ?? {}));
  // Each fix with the flags applied and its edits (src/engine/fix-edits.ts).
  resolveFixes(ran, files, options.fixValues, project);
  // Inline comments, config `ignore` and the baseline (src/engine/suppress.ts).
  const { findings, suppressed } = await applySuppressions(ran, { files, cwd, rules: options.rules ?? recommendedRules, options });
  return {
    findings,
    suppressed,
    project,
    files,
    stats: {
      // Files the pre-filter let go were read too (and may have been read again through a module call).
      files: files.size + sources.skippedFiles.filter((p) => !files.has(p)).length,
      modules: found.modules.length,
      documents: found.documents.length,
      durationMs: performance.now() - started,
      evaluatedModules: sources.modules.length,
      skippedModules: sources.skippedModules,
      skippedDocuments: sources.skippedDocuments,
      cacheHits: evaluated.stats.cacheHits,
      workers: evaluated.stats.workers,
    },
  };
}

/** Stacks files: deployments and identity tokens join the project; syntax errors are parse errors. */
async function readStacks(
  paths: string[],
  project: Project,
  files: Map<string, SourceFile>,
  display: (abs: string) => string,
): Promise<void> {
  const [{ initHcl }, { readStackFile }] = await Promise.all([import('../parse/hcl.js'), import('../model/stacks.js')]);
  await initHcl();
  for (const abs of paths) {
    const { file, diagnostic } = await readSource(abs, display(abs));
    if (diagnostic) project.diagnostics.push(diagnostic);
    if (!file) continue;
    files.set(file.path, file);
    const read = readStackFile(file);
    for (const x of read.diagnostics) project.diagnostics.push(x);
    {
      const list = (project.stackDeployments ??= []);
      for (const x of read.deployments) list.push(x);
    }
  }
}

/**
 * With --no-prefilter, a module the pre-filter would leave out is still parsed (its syntax errors
 * are reported) and its roles and policies reach the rules, which look only at web-identity roles
 * (docs/performance.md). Two things the text alone cannot place are out of scope there, as the
 * pre-filter has them: what evaluation could not decide (could-not-evaluate), and roles whose
 * trust policy is not wholly known (it could be any principal).
 */
function outOfScope(run: ModuleRun): ModuleRun {
  return {
    ...run,
    diagnostics: run.diagnostics.filter((d) => d.code !== 'evaluation'),
    resources: run.resources.filter((r) => {
      if (r.type !== 'aws_iam_role' || r.mode !== 'managed') return true;
      const trust = get(r.values, 'assume_role_policy');
      return trust !== undefined && isFullyKnown(trust);
    }),
  };
}

/** Values given to the scan from outside its files show web-identity evidence. */
function varsShowEvidence(s: EvalSettings): boolean {
  const texts = [...Object.values(s.vars ?? {}), ...Object.values(s.env)];
  for (const f of s.varFiles) {
    try {
      // Only a regular file: a FIFO or a device named with --var-file would block the read (the
      // evaluator reports it as not a regular file).
      const st = statSync(f);
      if (st.isFile() && st.size <= MAX_FILE_BYTES) texts.push(readFileSync(f, 'utf8'));
    } catch {
      // The evaluator reports an unreadable --var-file.
    }
  }
  return texts.some(hasWebIdentityEvidence);
}

/** A module that only calls itself (recursion) is still a root. */
function isOnlyCaller(run: ModuleRun, runs: ModuleRun[]): boolean {
  return runs.every((r) => r === run || !r.calledDirs.includes(run.dir));
}
