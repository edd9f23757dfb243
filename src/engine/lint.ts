// One lint run: discover → read → evaluate → model → rules.
import { isAbsolute, resolve } from 'node:path';
import { discover, readSource } from '../discover/index.js';
import { loadJsonDocument } from '../inputs/index.js';
import { linkOidcProviders } from '../inputs/iam-json.js';
import { buildProject, modelWants } from '../model/extract.js';
import { initHcl } from '../parse/hcl.js';
import type { SourceFile } from '../parse/source.js';
import { evaluateModule } from '../terraform/index.js';
import type { Diagnostic, ResourceInstance } from '../terraform/types.js';
import { recommendedRules } from '../../rules/index.js';
import { runRules } from './run.js';
import type { LintOptions, LintResult } from './types.js';
import { displayPath } from '../discover/paths.js';

interface ModuleRun {
  dir: string;
  resources: ResourceInstance[];
  diagnostics: Diagnostic[];
  calledDirs: string[];
}

export async function lint(paths: string[], options: LintOptions = {}): Promise<LintResult> {
  const started = performance.now();
  const cwd = options.cwd ?? process.cwd();
  const display = (abs: string) => displayPath(abs, cwd);
  const found = await discover(paths.length ? paths : ['.'], { cwd });
  const files = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [...found.diagnostics];

  const read = async (abs: string) => {
    const { file, diagnostic } = await readSource(abs, display(abs));
    if (diagnostic) diagnostics.push(diagnostic);
    if (file) files.set(file.path, file);
    return file;
  };

  if (found.modules.length) await initHcl();
  const runs: ModuleRun[] = [];
  for (const mod of found.modules) {
    const sources = (await Promise.all(mod.files.map(read))).filter((f): f is SourceFile => f !== undefined);
    const evaluation = await evaluateModule(
      { dir: mod.dir, files: sources },
      {
        rootDir: found.root,
        vars: options.vars,
        varFiles: (options.varFiles ?? []).map((f) => (isAbsolute(f) ? f : resolve(cwd, f))),
        env: options.env ?? process.env,
        displayPath: display,
        wanted: modelWants,
      },
    );
    for (const f of evaluation.files) files.set(f.path, f);
    runs.push({ dir: mod.dir, ...evaluation });
  }

  // A directory that another scanned module calls is evaluated through that call (with its
  // inputs); evaluating it again as a root, with its variables unset, would only add noise.
  const called = new Set(runs.flatMap((r) => r.calledDirs));
  const resources: ResourceInstance[] = [];
  for (const r of runs) {
    if (called.has(r.dir) && !isOnlyCaller(r, runs)) continue;
    resources.push(...r.resources);
    diagnostics.push(...r.diagnostics);
  }

  const documentResources: ResourceInstance[] = [];
  for (const abs of found.documents) {
    const file = await read(abs);
    if (!file) continue;
    const doc = loadJsonDocument(file);
    documentResources.push(...doc.resources);
    diagnostics.push(...doc.diagnostics);
  }
  // `get-open-id-connect-provider` output has no ARN; a sibling list file supplies it.
  resources.push(...linkOidcProviders(documentResources));

  const project = buildProject(resources, { diagnostics, files });
  if (options.online) {
    // Loaded only when asked for: a plain lint makes no network calls and loads no TLS code.
    const { enrichOnline } = await import('../online/index.js');
    await enrichOnline(project, { env: options.env ?? process.env });
  }
  const findings = runRules(project, options.rules ?? recommendedRules, {
    severities: options.ruleSettings,
    ruleOptions: options.ruleOptions,
    settings: options.expectations ?? {},
  });
  return {
    findings,
    project,
    files,
    stats: {
      files: files.size,
      modules: found.modules.length,
      documents: found.documents.length,
      durationMs: performance.now() - started,
    },
  };
}

/** A module that only calls itself (recursion) is still a root. */
function isOnlyCaller(run: ModuleRun, runs: ModuleRun[]): boolean {
  return runs.every((r) => r === run || !r.calledDirs.includes(run.dir));
}
