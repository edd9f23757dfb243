// The byte-level pre-filter: decides, from the text alone, which modules and JSON documents can
// hold anything the model reads, so that the scan parses only those. It must never lose a
// finding, so every test here errs towards "may matter".
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_FILE_BYTES } from '../discover/read.js';
import { overDeepAt } from '../parse/depth.js';
import { heredocEnd } from '../parse/hcl-blocks.js';
import { selfRegistryModule } from '../terraform/registry-self.js';
import { hasWebIdentityEvidence } from '../discover/evidence.js';

/**
 * Web-identity evidence (src/discover/evidence.ts) makes a module matter. These words are only a
 * tie to one: `aws_iam_` text without evidence may still feed a web-identity role through a name
 * (an attachment naming a role by name, a customer-managed policy named by ARN), a file it reads
 * or tfvars — `iamOnlyMayMatter` decides those.
 */
export const MODULE_MARKERS: readonly string[] = ['tfc-oidc-lint', 'app.terraform.io', 'run_phase', 'tfe_'];

/** Top-level keys by which src/inputs/detect.ts recognises IAM and plan JSON. */
export const DOCUMENT_MARKERS: readonly string[] = [
  '"Statement"',
  '"format_version"',
  '"Role"',
  '"RoleDetailList"',
  '"Policies"',
  '"OpenIDConnectProviderList"',
  '"Url"',
];

const isJsonName = (path: string) => path.endsWith('.json');

/** Whether one `.tf` or `.tf.json` file shows web-identity evidence of its own. */
export function moduleFileMayMatter(path: string, text: string): boolean {
  if (hasWebIdentityEvidence(text)) return true;
  // A JSON parser decodes `\u` escapes in keys, so `"Feder\u0061ted"` is still a principal.
  return isJsonName(path) && text.includes('\\u');
}

/** Whether the text names IAM at all (roles, policies, attachments, policy documents). */
export const mentionsIam = (text: string): boolean => text.includes('aws_iam_');

const ATTACHMENT = /aws_iam_(?:role_policy|policy_attachment|role_policies_exclusive)/;
const ROLE_ARG = /(?:^|[\s{,])"?roles?"?[ \t]*[=:][ \t]*(\[?[ \t]*)([^\n]*)/gm;
const FILE_CALL = /\b(?:file|templatefile|fileset|filebase64)[ \t]*\(/g;
const LITERAL_PATH = /^[ \t]*"(?:\$\{path\.module\}\/)?([^"$%\\]*)"/;
const ARN_NAME = /:(role|policy)\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g;

/**
 * A module with IAM text but no web-identity evidence still matters when it:
 * - attaches or writes a policy to a role it does not declare (`role = "name"`, `role = var.x`):
 *   the model links attachments to roles by name across modules (src/model/link.ts findRole);
 * - reads a file into its values (`file`, `templatefile`) whose text shows evidence, or whose path is computed;
 * - has tfvars (`terraform.tfvars`, `*.auto.tfvars`) with evidence;
 * - declares a role or policy whose literal name a module that matters names (`names`, by ARN or name).
 */
export function iamOnlyMayMatter(
  dir: string,
  files: FileText[],
  names: ReadonlySet<string>,
  facts = new Map<string, IamFacts>(),
  listed?: ReadonlyMap<string, boolean>,
): boolean {
  let known = facts.get(dir);
  if (!known) facts.set(dir, (known = iamFacts(dir, files, listed)));
  if (known.tie) return true;
  for (const n of known.literals) if (names.has(n)) return true;
  return false;
}

/** What iamOnlyMayMatter needs of a module, apart from the names (computed once per module and scan). */
export interface IamFacts {
  /** Tied to web identity whatever the names: an attachment to a role elsewhere, a file read, tfvars, broken text. */
  tie: boolean;
  /** Quoted strings of its IAM files: candidate role and policy names. */
  literals: Set<string>;
}

function iamFacts(dir: string, files: FileText[], listed: ReadonlyMap<string, boolean> | undefined): IamFacts {
  const literals = new Set<string>();
  const tie = iamTie(dir, files, literals, listed);
  return { tie, literals };
}

function iamTie(dir: string, files: FileText[], literals: Set<string>, listed: ReadonlyMap<string, boolean> | undefined): boolean {
  for (const f of files) {
    const text = f.text;
    if (!mentionsIam(text)) continue;
    if (isJsonName(f.path)) return true;
    // A broken IAM file (a brace left open, a value missing) may hide its principal: parse it, so
    // that parse-error reports it.
    if (!looksWellFormed(text)) return true;
    if (ATTACHMENT.test(text)) {
      for (const m of text.matchAll(ROLE_ARG)) {
        // Every role it names must be one declared here (`aws_iam_role.x.…`); a list that goes on
        // over several lines cannot be told from one line, so it counts as naming one elsewhere.
        const items = m[2]
          .replace(/#.*|\/\/.*/, '')
          .replace(/[\]\s]+$/, '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        if (!items.length || m[2].trim() === '') return true;
        if (items.every((x) => x.startsWith('aws_iam_role.') || x.startsWith('"${aws_iam_role.'))) continue;
        return true;
      }
    }
    for (const m of text.matchAll(FILE_CALL)) {
      const arg = LITERAL_PATH.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 400));
      if (!arg || m[0].startsWith('fileset')) return true;
      if (fileShowsEvidence(resolve(dir, arg[1]))) return true;
    }
    addLiteralNames(text, literals);
  }
  // Discovery listed the directory and saw no variables file: no need to list it again.
  return listed?.get(dir) !== false && tfvarsShowEvidence(dir);
}

/**
 * Whether an HCL text looks well formed to a byte scan: its brackets close and no argument lacks
 * its value, outside strings (with `${…}` inside them), comments and heredocs. Cheap and
 * conservative: any doubt answers false, and the module is parsed.
 */
export function looksWellFormed(text: string): boolean {
  const stack: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      // # or // comment
      const e = text.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) return false;
      i = e + 2;
    } else if (c === 60 && text.charCodeAt(i + 1) === 60 && stack[stack.length - 1] !== 34) {
      const m = /^<<-?[ \t]*([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (!m) {
        i += 2;
        continue;
      }
      const at = heredocEnd(text, i + m[0].length, m[1]);
      if (at < 0) return false;
      i = at + m[1].length;
    } else if (c === 34) {
      // A string: up to its closing quote, stepping over escapes and into `${…}` / `%{…}`.
      i++;
      for (;;) {
        if (i >= n) return false;
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) {
          i++;
          break;
        } else if (d === 10) return false;
        else if ((d === 36 || d === 37) && text.charCodeAt(i + 1) === 123) {
          // Interpolation: balanced braces, strings inside may nest; give up on anything clever.
          let depth = 1;
          i += 2;
          while (i < n && depth > 0) {
            const e = text.charCodeAt(i);
            if (e === 123) depth++;
            else if (e === 125) depth--;
            else if (e === 10) return false;
            i++;
          }
          if (depth) return false;
        } else i++;
      }
    } else if (c === 61 && !'=!<>'.includes(text[i - 1] ?? '') && text[i + 1] !== '=' && text[i + 1] !== '>') {
      // An argument without a value (`name =` at the end of a line) never parses.
      let j = i + 1;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (j >= n || text[j] === '\n' || text[j] === '\r' || text[j] === '#' || (text[j] === '/' && text[j + 1] === '/')) return false;
      i++;
    } else {
      if (c === 123 || c === 91 || c === 40) stack.push(c);
      else if (c === 125 || c === 93 || c === 41) {
        const open = stack.pop();
        if (open !== (c === 125 ? 123 : c === 93 ? 91 : 40)) return false;
      }
      i++;
    }
  }
  return stack.length === 0;
}

/** Quoted strings of a text, as candidate role and policy names. */
function addLiteralNames(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/"([\w+=,.@-]{1,128})"/g)) into.add(m[1]);
}

/**
 * Role and policy names a module that matters refers to by text: the last part of `:role/…` and
 * `:policy/…` ARNs and the quoted strings of `role`/`roles`/`policy_arn` arguments.
 */
export function namesReferred(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(ARN_NAME)) out.push(m[2]);
  for (const m of text.matchAll(ROLE_ARG)) for (const q of m[2].matchAll(/"([\w+=,.@-]{1,128})"/g)) out.push(q[1]);
  return out;
}

function fileShowsEvidence(abs: string): boolean {
  try {
    const st = statSync(abs);
    if (!st.isFile()) return false;
    if (st.size > MAX_FILE_BYTES) return true;
    return hasWebIdentityEvidence(readFileSync(abs, 'utf8'));
  } catch {
    // Unreadable: the evaluator cannot read it either.
    return false;
  }
}

const AUTO_VARS = /^(?:terraform\.tfvars|.*\.auto\.tfvars)(?:\.json)?$/;

function tfvarsShowEvidence(dir: string): boolean {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  return names.some((n) => AUTO_VARS.test(n) && fileShowsEvidence(join(dir, n)));
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
  // src/parse/json.ts reports JSON nested too deeply as a parse error.
  return overDeepAt(text) >= 0;
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
  // `includes` first: most files call no module, and it is far cheaper than the pattern.
  if (!text.includes('module') || !(json ? JSON_MODULE_KEY : HCL_MODULE_BLOCK).test(text)) return [];
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
  /** Already tested: no web-identity evidence (moduleFileMayMatter was false). */
  noEvidence?: boolean;
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
    /** Role and policy names that modules which matter refer to (`namesReferred`). */
    private readonly names: ReadonlySet<string> = new Set(),
    /** Variables given to the scan (--var, --var-file, TF_VAR_) show evidence: any IAM text may be fed by them. */
    private readonly allIam = false,
    /** Shared across rounds of names (src/engine/sources.ts). */
    private readonly facts = new Map<string, IamFacts>(),
    /** Directories discovery listed, and whether they hold a variables file (Discovery.listed). */
    private readonly listed?: ReadonlyMap<string, boolean>,
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

  /** Whether the module itself, without its calls, matters. */
  ownEvidence(dir: string, files: FileText[]): boolean {
    for (const f of files) if (!f.noEvidence && moduleFileMayMatter(f.path, f.text)) return true;
    if (!files.some((f) => mentionsIam(f.text))) return false;
    return this.allIam || iamOnlyMayMatter(dir, files, this.names, this.facts, this.listed);
  }

  private decide(dir: string, files: FileText[]): boolean {
    if (this.ownEvidence(dir, files)) return true;
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
  filesOnDisk(dir: string): FileText[] {
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
        const text = st.size > MAX_FILE_BYTES ? 'Federated' : readFileSync(abs, 'utf8');
        out.push({ path: abs, text });
      } catch {
        // Unreadable: the evaluator cannot read it either.
      }
    }
    return out;
  }
}
