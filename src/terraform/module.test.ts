import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { evaluateFiles, plain } from '../testing/terraform.js';

const child = tf`
  variable "org" { type = string }
  variable "names" {
    type    = list(string)
    default = []
  }
  resource "aws_iam_role" "r" {
    name = "role-\${var.org}"
  }
  output "role_name" {
    value = aws_iam_role.r.name
  }
`;

describe('local module calls', () => {
  it('binds arguments to the child variables with a module-input origin and addresses child instances', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'module "roles" {\n  source = "./modules/role"\n  org    = "acme"\n}\nresource "t" "use" {\n  name = module.roles.role_name\n}\n',
      'modules/role/main.tf': child,
    });
    const role = r.resource('module.roles.aws_iam_role.r');
    expect(role.module).toBe('module.roles');
    expect(role.callChain).toEqual([
      {
        name: 'module.roles',
        source: './modules/role',
        range: expect.objectContaining({ file: 'main.tf', start: expect.objectContaining({ line: 1, column: 1 }) }),
      },
    ]);
    const name = role.values.entries.find((e) => e.key === 'name')!.value;
    expect(plain(name)).toBe('role-acme');
    if (name.kind !== 'string') throw new Error('not a string');
    const seg = name.segments!.find((s) => name.value.slice(s.start, s.end) === 'acme')!;
    expect(seg.range).toMatchObject({ file: 'modules/role/main.tf' });
    expect(seg.origins).toEqual([
      {
        kind: 'module-input',
        name: 'var.org',
        range: expect.objectContaining({ file: 'main.tf', start: expect.objectContaining({ line: 3, column: 12 }) }),
      },
    ]);
    const used = r.arg('t.use', 'name');
    expect(plain(used)).toBe('role-acme');
    expect(used.origins?.map((o) => o.kind)).toEqual(['resource-attribute', 'module-output']);
    expect(r.calledDirs).toEqual([`${r.dir}/modules/role`]);
    expect(r.files.map((f) => f.path)).toContain('modules/role/main.tf');
  });

  it('expands for_each on a module call and nests module paths', async () => {
    const r = await evaluateFiles({
      'main.tf': 'module "outer" {\n  source = "./outer"\n}\n',
      'outer/main.tf': 'module "inner" {\n  source   = "../inner"\n  for_each = toset(["a", "b"])\n  org      = each.key\n}\n',
      'inner/main.tf': child,
    });
    expect(r.resources.map((x) => x.address)).toEqual([
      'module.outer.module.inner["a"].aws_iam_role.r',
      'module.outer.module.inner["b"].aws_iam_role.r',
    ]);
    const b = r.resource('module.outer.module.inner["b"].aws_iam_role.r');
    expect(b.callChain.map((c) => c.name)).toEqual(['module.outer', 'module.inner["b"]']);
    expect(plain(b.values.entries[0].value)).toBe('role-b');
  });

  it('reads outputs of a counted module call by index', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'module "m" {\n  source = "./m"\n  count  = 2\n  org    = "o${count.index}"\n}\nresource "t" "use" {\n  second = module.m[1].role_name\n}\n',
      'm/main.tf': child,
    });
    expect(r.resources.map((x) => x.address)).toEqual(['t.use', 'module.m[0].aws_iam_role.r', 'module.m[1].aws_iam_role.r']);
    expect(plain(r.arg('t.use', 'second'))).toBe('role-o1');
  });

  it('guards against a module calling itself and notes a registry source that builds HCP Terraform trust, not others', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'module "self" {\n  source = "./"\n}\nmodule "reg" {\n  source = "hashicorp/x/aws"\n  provider_url = "app.terraform.io"\n}\nmodule "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
    });
    expect(r.resources).toEqual([]);
    expect(r.diagnostics.some((d) => /recursively/.test(d.message))).toBe(true);
    expect(r.diagnostics.filter((d) => /remote source/.test(d.message)).map((d) => d.message)).toEqual([
      expect.stringContaining('module "reg"'),
    ]);
    expect(r.diagnostics.find((d) => /remote source/.test(d.message))?.severity).toBe('note');
  });

  it('reports a missing local module directory without throwing', async () => {
    const r = await evaluateFiles({ 'main.tf': 'module "gone" {\n  source = "./nope"\n}\n' });
    expect(r.resources).toEqual([]);
    expect(r.diagnostics.some((d) => /nope/.test(d.message))).toBe(true);
  });
});
