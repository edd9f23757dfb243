// Attributes the provider computes but whose value follows from configured arguments:
// a role's id is its name, an AWS-managed policy's ARN follows from its name, and a policy
// document's json is rendered from its statements.
import { jsondecode } from './functions-encoding.js';
import type { ModuleEvaluator } from './module.js';
import { renderPolicyDocument } from './policy-document.js';
import { derivedString } from './strings.js';
import { renderTemplateFile } from './template-file.js';
import type { ResourceInstance } from '../core/resource.js';
import { type ObjectValue, type Value, getEntry, hasUnknownRun } from '../core/value.js';

export interface Computed {
  value: Value;
  /** 'resource': the value is one of the instance's arguments (gets a resource-attribute origin). */
  origin: 'resource' | 'own';
}

/** The attributes computedAttribute() can derive for this kind of resource (for whole-instance references). */
export function derivableAttributes(mode: 'managed' | 'data', type: string): string[] {
  if (mode === 'managed' && (type === 'aws_iam_role' || type === 'aws_iam_user')) return ['id'];
  if (mode === 'data' && type === 'aws_iam_policy') return ['arn'];
  if (mode === 'data' && type === 'aws_iam_policy_document') return ['json', 'minified_json'];
  if (mode === 'data' && type === 'template_file') return ['rendered'];
  return [];
}

export function computedAttribute(
  mode: 'managed' | 'data',
  type: string,
  attr: string,
  values: ObjectValue,
  instance: () => ResourceInstance,
  mod: ModuleEvaluator,
): Computed | undefined {
  if (mode === 'managed' && attr === 'id' && (type === 'aws_iam_role' || type === 'aws_iam_user')) {
    const name = getEntry(values, 'name')?.value;
    return name && name.kind === 'string' ? { value: name, origin: 'resource' } : undefined;
  }
  if (mode === 'data' && type === 'aws_iam_policy' && attr === 'arn') return managedPolicyArn(values, instance);
  if (mode === 'data' && type === 'template_file' && attr === 'rendered')
    return { value: renderTemplateFile(values, mod.env, instance().range), origin: 'own' };
  if (mode === 'data' && type === 'aws_iam_policy_document' && (attr === 'json' || attr === 'minified_json')) {
    const inst = instance();
    const diagnostics = mod.shared.budget.diagnostics;
    const resolveDoc = (v: Value): Value | undefined => {
      try {
        return jsondecode(v);
      } catch {
        return undefined;
      }
    };
    return { value: renderPolicyDocument(inst, resolveDoc, diagnostics), origin: 'own' };
  }
  return undefined;
}

function managedPolicyArn(values: ObjectValue, instance: () => ResourceInstance): Computed | undefined {
  const name = getEntry(values, 'name')?.value;
  const prefix = getEntry(values, 'path_prefix')?.value;
  if (!name || name.kind !== 'string' || hasUnknownRun(name)) return undefined;
  if (prefix && prefix.kind !== 'null') return undefined;
  const inst = instance();
  const value = derivedString(`arn:aws:iam::aws:policy/${name.value}`, name.range, [
    ...(name.origins ?? []),
    { kind: 'data-source', name: inst.address.replace(/^.*?(data\.)/, '$1'), range: name.range },
  ]);
  return { value, origin: 'own' };
}
