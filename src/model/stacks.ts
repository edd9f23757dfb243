// HCP Terraform Stacks: the deployments of a `.tfdeploy.hcl` file (each one's role_arn input and
// the identity_token it presents) and its identity_token blocks (their audiences), read with the
// same tree-sitter HCL grammar as .tf files. `.tfstack.hcl` / `.tfcomponent.hcl` files are parsed
// for syntax errors only: the AWS trust a Stack uses is decided in the deployment file.
import { type Node, kids, namedKids, parseHcl } from '../parse/hcl.js';
import type { Range, SourceFile } from '../core/source.js';
import type { Diagnostic } from '../core/resource.js';

export interface StackString {
  value: string;
  range: Range;
}

export interface IdentityToken {
  name: string;
  range: Range;
  /** Literal audiences; undefined when the list is not written as literals. */
  audiences?: StackString[];
}

export interface StackDeployment {
  name: string;
  range: Range;
  file: string;
  /** The literal `role_arn` input, when written as one. */
  roleArn?: StackString;
  /** The identity_token block its `jwt` input names. */
  token?: IdentityToken;
}

export const STACK_SUFFIXES = ['.tfdeploy.hcl', '.tfstack.hcl', '.tfcomponent.hcl'];

function literal(expr: Node | undefined, file: SourceFile): StackString | undefined {
  const s = expr?.type === 'expression' ? namedKids(expr)[0] : expr;
  const lit = s?.type === 'literal_value' ? namedKids(s)[0] : s;
  if (!lit || lit.type !== 'string_lit') return undefined;
  const parts = namedKids(lit).filter((k) => k.type !== 'quoted_template_start' && k.type !== 'quoted_template_end');
  if (parts.some((p) => p.type !== 'template_literal')) return undefined;
  return { value: parts.map((p) => p.text).join(''), range: file.range(lit.startIndex, lit.endIndex) };
}

function blocks(body: Node | undefined, type: string): { name: string; node: Node; body?: Node }[] {
  if (!body) return [];
  return namedKids(body)
    .filter((b) => b.type === 'block' && namedKids(b)[0]?.text === type)
    .map((b) => {
      const label = namedKids(b).find((k) => k.type === 'string_lit');
      const name = label ? label.text.replace(/^"|"$/g, '') : '';
      return { name, node: b, body: namedKids(b).find((k) => k.type === 'body') };
    });
}

function attribute(body: Node | undefined, name: string): Node | undefined {
  const a = body && namedKids(body).find((k) => k.type === 'attribute' && namedKids(k)[0]?.text === name);
  return a ? namedKids(a)[1] : undefined;
}

/** The `{ key = value }` elements of an object expression. */
function objectElems(expr: Node | undefined): { key: string; val?: Node }[] {
  const obj = expr && findObject(expr);
  if (!obj) return [];
  return namedKids(obj)
    .filter((e) => e.type === 'object_elem')
    .map((e) => {
      const key = e.childForFieldName('key')?.text.replace(/^"|"$/g, '') ?? '';
      const val = e.childForFieldName('val') ?? undefined;
      return { key, val };
    });
}

function findObject(n: Node): Node | undefined {
  if (n.type === 'object') return n;
  for (const k of namedKids(n)) {
    const f = findObject(k);
    if (f) return f;
  }
  return undefined;
}

export function readStackFile(file: SourceFile): { deployments: StackDeployment[]; diagnostics: Diagnostic[] } {
  const { root, diagnostics } = parseHcl(file);
  for (const d of diagnostics) d.range ??= file.range(0, 0);
  if (!file.path.endsWith('.tfdeploy.hcl')) return { deployments: [], diagnostics };
  const body = kids(root).find((k) => k.type === 'body');
  const tokens = new Map<string, IdentityToken>();
  for (const b of blocks(body, 'identity_token')) {
    const t: IdentityToken = { name: b.name, range: file.range(b.node.startIndex, b.node.endIndex) };
    const aud = attribute(b.body, 'audience');
    const tuple = aud && findType(aud, 'tuple');
    if (tuple) {
      const values = namedKids(tuple)
        .filter((k) => k.type === 'expression')
        .map((e) => literal(e, file));
      if (values.every((v): v is StackString => !!v)) t.audiences = values;
    }
    tokens.set(b.name, t);
  }
  const deployments: StackDeployment[] = [];
  for (const b of blocks(body, 'deployment')) {
    const d: StackDeployment = { name: b.name, range: file.range(b.node.startIndex, b.node.endIndex), file: file.path };
    for (const { key, val } of objectElems(attribute(b.body, 'inputs'))) {
      if (/role_arn$/.test(key)) {
        const arn = literal(val, file);
        if (arn) d.roleArn = arn;
      }
      const m = /^identity_token\.([\w-]+)\.jwt$/.exec(val?.text.trim() ?? '');
      if (m && tokens.has(m[1])) d.token = tokens.get(m[1]);
    }
    deployments.push(d);
  }
  return { deployments, diagnostics };
}

function findType(n: Node, type: string): Node | undefined {
  if (n.type === type) return n;
  for (const k of namedKids(n)) {
    const f = findType(k, type);
    if (f) return f;
  }
  return undefined;
}
