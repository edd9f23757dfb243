// The byte-level pre-filter: decides, from the text alone, which modules and JSON documents can
// hold anything the model reads, so that the scan parses only those. It must never lose a
// finding, so every test here errs towards "may matter".
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { selfRegistryModule } from '../terraform/registry-self.js';

/**
 * A Terraform file can matter only if it names a type the model reads (every one starts with
 * one of these prefixes: test/prefilter.test.ts checks MODEL_RESOURCE_TYPES against them),
 * mentions the tool (an inline suppression comment, which suppression rules look at), or names
 * the HCP Terraform issuer or its claims: a call to a registry module that builds the trust
 * (`provider_url = "app.terraform.io"`) is evaluated so that could-not-evaluate can say it was not read.
 */
export const MODULE_MARKERS: readonly string[] = ['aws_iam_', 'tfe_', 'tfc-oidc-lint', 'app.terraform.io', 'run_phase'];

/** Top-level keys by which src/inputs/detect.ts recognises IAM and plan JSON. */
export const DOCUMENT_MARKERS: readonly string[] = ['"Statement"', '"format_version"', '"Role"', '"RoleDetailList"', '"Policies"', '"OpenIDConnectProviderList"', '"Url"'];

/** src/parse/json.ts reports JSON nested deeper than this as a parse error. */
const JSON_MAX_DEPTH = 200;

const isJsonName = (path: string) => path.endsWith('.json');

/** Whether one `.tf` or `.tf.json` file can declare something the model reads. */
export function moduleFileMayMatter(path: string, text: string): boolean {
  if (MODULE_MARKERS.some((m) => text.includes(m))) return true;
  // A JSON parser decodes `\u` escapes in keys, so `"aws_iam\u005frole"` is still a role.
  return isJsonName(path) && text.includes('\\u');
}

/**
 * Whether a standalone `.json` file can be IAM or plan JSON, or is broken (a parse error is a
 * finding on any JSON file, so only JSON that parses cleanly may be skipped).
 */
export function documentMayMatter(text: string): boolean {
  if (DOCUMENT_MARKERS.some((m) => text.includes(m)) || text.includes('\\u')) return true;
  try {
    JSON.parse(text);
  } catch {
    return true;
  }
  return jsonDepth(text) > JSON_MAX_DEPTH;
}

function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const HCL_MODULE_BLOCK = /(^|[\n{;])[ \t]*module[ \t]+["A-Za-z_]/;
const JSON_MODULE_KEY = /"module"\s*:/;
const HCL_SOURCE = /(?:^|[^\w.-])source[ \t]*=[ \t]*("(?:[^"\\\n]|\\.)*"?)?/g;
const JSON_SOURCE = /"source"\s*:\s*("(?:[^"\\]|\\.)*")?/g;

/**
 * The local sources (`./x`, `../x`) of a file's `module` calls (`withRegistry`: also those that
 * may be registry addresses, which a caller inside the module's own repository evaluates locally). `undefined` when the file has a
 * module call whose source is not a plain string literal: the caller then cannot rule the call out.
 */
export function localCallSources(path: string, text: string, withRegistry = false): string[] | undefined {
  const json = isJsonName(path);
  if (!(json ? JSON_MODULE_KEY : HCL_MODULE_BLOCK).test(text)) return [];
  const out: string[] = [];
  for (const m of text.matchAll(json ? JSON_SOURCE : HCL_SOURCE)) {
    const literal = m[1];
    // Interpolation, escapes or an expression: the evaluator may still compute a local path.
    if (!literal || !literal.endsWith('"') || /\\|\$\{|%\{/.test(literal)) return undefined;
    const source = literal.slice(1, -1);
    if (source.startsWith('./') || source.startsWith('../') || (withRegistry && source.includes('/'))) out.push(source);
  }
  return out;
}

/** What the pre-filter needs of a module's files: display or absolute path and text. */
export interface FileText {
  path: string;
  text: string;
}

/**
 * Module relevance over the call graph: a module matters when one of its files may matter or
 * when it calls a local module that matters. Call targets are read from disk the way the
 * evaluator reads them (every `.tf`/`.tf.json` there, ignore files or not).
 */
export class ModuleRelevance {
  private readonly verdicts = new Map<string, boolean>();
  private readonly visiting = new Set<string>();

  constructor(
    /** Files already read, by absolute module directory (the discovered modules). */
    private readonly known: Map<string, FileText[]>,
  ) {}

  /** A discovered module evaluated as a root: the evaluator reads exactly its discovered files. */
  rootMatters(dir: string): boolean {
    return this.decide(dir, this.known.get(dir) ?? []);
  }

  /** A module reached through a `module` call: the evaluator lists its directory itself. */
  private targetMatters(dir: string): boolean {
    const hit = this.verdicts.get(dir);
    if (hit !== undefined) return hit;
    // A call cycle adds nothing by itself: the answer comes from the modules on it.
    if (this.visiting.has(dir)) return false;
    this.visiting.add(dir);
    try {
      const verdict = this.decide(dir, this.filesOnDisk(dir));
      this.verdicts.set(dir, verdict);
      return verdict;
    } finally {
      this.visiting.delete(dir);
    }
  }

  private decide(dir: string, files: FileText[]): boolean {
    for (const f of files) if (moduleFileMayMatter(f.path, f.text)) return true;
    for (const f of files) {
      const sources = localCallSources(f.path, f.text, true);
      if (sources === undefined) return true;
      for (const s of sources) {
        // A registry address inside that module's own repository is evaluated locally (src/terraform/registry-self.ts).
        const target = s.startsWith('./') || s.startsWith('../') ? resolve(dir, s) : selfRegistryModule(dir, s)?.dir;
        if (target !== undefined && this.targetMatters(target)) return true;
      }
    }
    return false;
  }

  /** The discovered files plus any module file on disk that discovery left out (ignored ones). */
  private filesOnDisk(dir: string): FileText[] {
    const known = this.known.get(dir) ?? [];
    const seen = new Set(known.map((f) => f.path));
    const out = [...known];
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      return known;
    }
    for (const name of names) {
      if (!name.endsWith('.tf') && !name.endsWith('.tf.json')) continue;
      const abs = join(dir, name);
      if (seen.has(abs)) continue;
      try {
        const st = statSync(abs);
        // Never open a FIFO or a device (it could block); the evaluator skips them too.
        if (!st.isFile()) continue;
        // Too big to sniff cheaply: assume it matters, the evaluator will say what it did with it.
        const text = st.size > MAX_FILE_BYTES ? MODULE_MARKERS[0] : readFileSync(abs, 'utf8');
        out.push({ path: abs, text });
      } catch {
        // Unreadable: the evaluator cannot read it either.
      }
    }
    return out;
  }
}
