// ResourceInstance[] → Project: extract every element, then link attachments to roles and policies.
import type { SourceFile } from '../core/source.js';
import type { Diagnostic, ResourceInstance } from '../core/resource.js';
import { type Extracted, extractAttachments, extractManagedPolicy, extractProvider, extractRole } from './resource-elements.js';
import { indexModel, linkAttachments, resolvePolicy, shareInlineDocuments } from './link.js';
import type { Project } from './types.js';
import { WORKSPACE_DATA_TYPES, WORKSPACE_RESOURCE_TYPES, extractWorkspaces, isUnneededVariable } from './workspace.js';
import { type Range, rangeContains } from '../core/source.js';

/** The managed resource types the model reads; evaluation may skip the rest unless referenced. */
export const MODEL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'aws_iam_openid_connect_provider',
  'aws_iam_role',
  'aws_iam_policy',
  'aws_iam_role_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachments_exclusive',
  'aws_iam_role_policies_exclusive',
  ...WORKSPACE_RESOURCE_TYPES,
]);

export function modelWants(mode: 'managed' | 'data', type: string): boolean {
  return mode === 'managed' ? MODEL_RESOURCE_TYPES.has(type) : WORKSPACE_DATA_TYPES.has(type);
}

export function buildProject(resources: ResourceInstance[], extra: { diagnostics: Diagnostic[]; files: Map<string, SourceFile> }): Project {
  const out: Extracted = { providers: [], roles: [], policies: [], pending: [], managed: [], diagnostics: [] };
  for (const r of resources) {
    if (!modelWants(r.mode, r.type)) continue;
    try {
      extractOne(r, out);
    } catch (e) {
      // One odd resource must not cost the rest of the model.
      out.diagnostics.push({
        code: 'evaluation',
        severity: 'warning',
        message: `could not read ${r.address}: ${String(e)}`,
        range: r.range,
      });
    }
  }
  const ix = indexModel(out.roles, out.policies);
  for (const { attachment, module } of out.managed) resolvePolicy(attachment, module, ix);
  for (const p of linkAttachments(out.pending, ix)) {
    out.diagnostics.push({
      code: 'evaluation',
      severity: 'note',
      message: `${p.source}: no single role in the input matches its role argument; attachment of ${p.attachment.label} left out`,
      range: p.roleRef.range ?? p.attachment.range,
    });
  }
  for (const role of out.roles) shareInlineDocuments(role);
  const wiring = extractWorkspaces(resources, ix, out.diagnostics);
  return {
    providers: out.providers,
    roles: out.roles,
    policies: out.policies,
    ...wiring,
    diagnostics: withoutUnneeded([...extra.diagnostics, ...out.diagnostics], resources),
    files: extra.files,
  };
}

/** Evaluation notes inside blocks no rule reads (a `TFC_VAULT_*` variable) are dropped: only values a rule needed are noted. */
function withoutUnneeded(diagnostics: Diagnostic[], resources: ResourceInstance[]): Diagnostic[] {
  const unneeded: Range[] = resources.filter(isUnneededVariable).map((r) => r.blockRange ?? r.range);
  if (!unneeded.length) return diagnostics;
  return diagnostics.filter((d) => d.code !== 'evaluation' || !d.range || !unneeded.some((b) => rangeContains(b, d.range!)));
}

function extractOne(r: ResourceInstance, out: Extracted): void {
  switch (r.type) {
    case 'aws_iam_openid_connect_provider':
      return extractProvider(r, out);
    case 'aws_iam_role':
      return extractRole(r, out);
    case 'aws_iam_policy':
      return extractManagedPolicy(r, out);
    default:
      return extractAttachments(r, out);
  }
}
