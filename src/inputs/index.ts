// One JSON file in, instances out: parse with positions, classify, convert.
import { parseJsonFile } from '../parse/json.js';
import type { SourceFile } from '../core/source.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { type JsonKind, detectJsonKind } from './detect.js';
import { type Loaded, loadAccountDetails, loadGetRole, loadOidcProvider, loadOidcProviderList, loadPolicyDocument } from './iam-json.js';
import { loadPlan } from './plan-json.js';

export { detectJsonKind, type JsonKind } from './detect.js';
export { linkOidcProviders } from './iam-json.js';
export { readDocument } from './common.js';

/**
 * Reads an IAM JSON or plan JSON file. `.tf.json` and `.tfvars.json` are only classified (the
 * evaluator reads them); unrelated JSON is 'unknown' with no diagnostics. Never throws.
 */
export function loadJsonDocument(file: SourceFile): { kind: JsonKind; resources: ResourceInstance[]; diagnostics: Diagnostic[] } {
  const { value, diagnostics } = parseJsonFile(file);
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
    diagnostics.push({ code: 'parse-error', severity: 'error', message: `could not read ${kind} JSON: ${(e as Error).message}`, range: file.range(0, 0) });
  }
  return { kind, resources: loaded.resources, diagnostics: [...diagnostics, ...loaded.diagnostics] };
}
