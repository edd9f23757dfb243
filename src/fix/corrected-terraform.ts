// Corrected Terraform for the user's code, so that the next `terraform apply` keeps the fix:
// the trust policy as `jsonencode(...)`, the provider block, and the attachments to remove.

export type Json = Record<string, unknown>;

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An HCL string literal: JSON escaping plus Terraform's `${` and `%{` template escapes. */
export function hclString(s: string): string {
  return JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
}

/** HCL for a JSON value; strings in `refs` become references (an ARN → `aws_iam_openid_connect_provider.x.arn`). */
export function hclValue(v: unknown, refs: Map<string, string>, indent = ''): string {
  if (typeof v === 'string') return refs.get(v) ?? hclString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const items = v.map((x) => hclValue(x, refs, inner));
    const flat = `[${items.join(', ')}]`;
    return flat.length <= 80 && !flat.includes('\n') ? flat : `[\n${items.map((x) => `${inner}${x},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Json);
  if (!entries.length) return '{}';
  const keys = entries.map(([k]) => (IDENT.test(k) ? k : hclString(k)));
  const width = Math.max(...keys.map((k) => k.length));
  return `{\n${entries.map(([, x], i) => `${inner}${keys[i].padEnd(width)} = ${hclValue(x, refs, inner)}`).join('\n')}\n${indent}}`;
}

/** `aws_iam_role.x` → ["aws_iam_role", "x"]; module prefixes and instance keys dropped (shown in a comment instead). */
export function splitAddress(
  address: string | undefined,
  fallbackType: string,
  fallbackName: string,
): { type: string; name: string; module?: string } {
  const m = address ? /^(?:(.*)\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[.*\])?$/.exec(address) : null;
  if (!m) return { type: fallbackType, name: fallbackName.replace(/[^A-Za-z0-9_]/g, '_') };
  return { type: m[2], name: m[3], ...(m[1] ? { module: m[1] } : {}) };
}

export interface ProviderBlock {
  address?: string;
  host: string;
  clientIds: string[];
  thumbprints: string[];
}

export interface RoleBlock {
  address?: string;
  name: string;
  trust: Json;
  /** Where the role is declared (`main.tf:53`). */
  where?: string;
  /** Attachment resources to delete, with where they are. */
  remove: { address: string; where?: string; why: string }[];
}

export function providerBlock(p: ProviderBlock): string {
  const { type, name, module } = splitAddress(p.address, 'aws_iam_openid_connect_provider', p.host);
  const lines = [
    ...(module ? [`# in ${module}`] : []),
    `resource "${type}" "${name}" {`,
    `  url             = ${hclString(`https://${p.host}`)}`,
    `  client_id_list  = ${hclValue(p.clientIds, new Map())}`,
    `  thumbprint_list = ${hclValue(p.thumbprints, new Map())}`,
    '}',
  ];
  return lines.join('\n');
}

export function roleBlock(r: RoleBlock, refs: Map<string, string>): string {
  const { type, name, module } = splitAddress(r.address, 'aws_iam_role', r.name);
  const lines = [
    ...(r.where || module ? [`# ${[module && `in ${module}`, r.where].filter(Boolean).join(', ')}: replace assume_role_policy`] : []),
    `resource "${type}" "${name}" {`,
    `  name               = ${hclString(r.name)}`,
    `  assume_role_policy = jsonencode(${hclValue(r.trust, refs, '  ')})`,
    '  # (other arguments unchanged)',
    '}',
    ...r.remove.map((x) => `# remove resource ${x.address}${x.where ? ` (${x.where})` : ''}: ${x.why}`),
  ];
  return lines.join('\n');
}
