// One JSON file in, instances out: parse with positions, classify, convert.
import { parseJsonFile } from '../parse/json.js';
import { parseJsonStreamed } from '../parse/json-stream.js';
import { hasWebIdentityEvidence } from '../discover/evidence.js';
import type { SourceFile } from '../core/source.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { type JsonKind, detectJsonKind } from './detect.js';
import { type Loaded, loadAccountDetails, loadGetRole, loadOidcProvider, loadOidcProviderList, loadPolicyDocument } from './iam-json.js';
import { loadPlan } from './plan-json.js';

export { detectJsonKind, type JsonKind } from './detect.js';

export interface LoadOptions {
  /** Leave out what cannot matter (default): roles of a dump without web-identity evidence, plan resources outside IAM and tfe. */
  prefilter?: boolean;
}

/** Top-level arrays of account dumps and plans, read element by element (src/parse/json-stream.ts). */
const STREAMED_ARRAYS = new Set(['RoleDetailList', 'Policies', 'UserDetailList', 'GroupDetailList', 'resource_changes', 'resource_drift']);
/** A plan's and a state's module trees, whose `resources` elements are read one by one (src/parse/json-stream.ts). */
const MODULE_TREES = new Set(['planned_values', 'prior_state', 'values']);

/** URL-encoded runs decoded (IAM's API encodes policy documents); `undefined` if one does not decode. */
function decodeRuns(raw: string): string | undefined {
  let ok = true;
  const out = raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      ok = false;
      return m;
    }
  });
  return ok ? out : undefined;
}

/**
 * Whether an element of a streamed array can matter. Users and groups are never read. A role of
 * an account dump matters when its text (URL-decoded) shows web-identity evidence, as a module
 * must (docs/performance.md), or when its trust policy is missing or does not decode (a note or a
 * parse error reports that). Plan resources matter when they name IAM or tfe (the model reads
 * nothing else).
 */
function keepElement(key: string, raw: string, prefilter: boolean): boolean {
  if (key === 'UserDetailList' || key === 'GroupDetailList') return false;
  if (!prefilter) return true;
  if (key === 'RoleDetailList') {
    if (hasWebIdentityEvidence(raw) || !raw.includes('"AssumeRolePolicyDocument"') || raw.includes('\\u')) return true;
    // URL-encoded documents keep letters, digits and `.-_` as they are, so the words above are
    // found as written; `:sub`/`:aud` and `"*"` are encoded. Decode only when those may hide there,
    // or when a sequence may not decode (a parse error to report).
    if (/%3[Aa](?:sub|aud)\b/.test(raw)) return true;
    if (!/%2[Aa]|%(?![0-9A-Fa-f]{2})|%[89A-Fa-f][0-9A-Fa-f]/.test(raw)) return false;
    const decoded = decodeRuns(raw);
    return decoded === undefined || hasWebIdentityEvidence(decoded);
  }
  // A plan's planned or prior `resources` element that is not kept is deferred, not dropped: it is
  // parsed when an IAM resource's open attribute refers to it (src/inputs/plan-json.ts).
  if (key === 'resource_changes' || key === 'resource_drift' || key === 'resources')
    return raw.includes('aws_iam_') || raw.includes('tfe_') || raw.includes('\\u') || hasWebIdentityEvidence(raw);
  return true;
}
export { linkOidcProviders } from './iam-json.js';
export { readDocument } from './common.js';

/**
 * Reads an IAM JSON or plan JSON file. `.tf.json` and `.tfvars.json` are only classified (the
 * evaluator reads them); unrelated JSON is 'unknown' with no diagnostics. Never throws.
 */
export function loadJsonDocument(
  file: SourceFile,
  opts: LoadOptions = {},
): { kind: JsonKind; resources: ResourceInstance[]; diagnostics: Diagnostic[] } {
  const streamed = parseJsonStreamed(file, {
    arrays: STREAMED_ARRAYS,
    modules: MODULE_TREES,
    keep: (key, raw) => keepElement(key, raw, opts.prefilter !== false),
  });
  const { value, diagnostics } = streamed ? { value: streamed.value, diagnostics: [] as Diagnostic[] } : parseJsonFile(file);
  const kind = detectJsonKind(value, file.path);
  if (value?.kind !== 'object') return { kind, resources: [], diagnostics };
  let loaded: Loaded = { resources: [], diagnostics: [] };
  try {
    switch (kind) {
      case 'policy':
        loaded = loadPolicyDocument(file, value);
        break;
      case 'get-role':
        loaded = loadGetRole(file, value);
        break;
      case 'account-authorization-details':
        loaded = loadAccountDetails(file, value);
        break;
      case 'oidc-providers':
        loaded = loadOidcProviderList(file, value);
        break;
      case 'oidc-provider':
        loaded = loadOidcProvider(file, value);
        break;
      case 'plan':
        loaded = loadPlan(file, value);
        break;
      default:
        break;
    }
  } catch (e) {
    // A shape we did not foresee must cost this file, not the scan.
    diagnostics.push({
      code: 'parse-error',
      severity: 'error',
      message: `could not read ${kind} JSON: ${(e as Error).message}`,
      range: file.range(0, 0),
    });
  }
  return { kind, resources: loaded.resources, diagnostics: [...diagnostics, ...loaded.diagnostics] };
}
