import { describe, expect, it } from 'vitest';
import { tf } from '../testing/tf.js';
import { evaluateFiles, plain } from '../testing/terraform.js';
import { placeName } from '../core/source.js';

const declared = tf`
  variable "flag" { type = string }
  variable "n" { type = number }
  variable "b" { type = bool }
  variable "ws" { type = set(string) }
  variable "teams" {
    type = map(object({
      org    = string
      phases = list(string)
      admin  = optional(bool, false)
    }))
  }
  resource "t" "r" {
    flag   = var.flag
    eq     = var.flag == "true" ? "on" : "off"
    n      = var.n + 1
    b      = var.b ? "yes" : "no"
    ws     = var.ws
    teams  = var.teams
  }
`;

describe('variable values are converted to their declared type', () => {
  it('turns tfvars true into "true" for a string, "5" into 5 for a number, "false" into false for a bool', async () => {
    const r = await evaluateFiles({
      'main.tf': declared,
      'terraform.tfvars':
        'flag = true\nn = "5"\nb = "false"\nws = ["a", "b", "a"]\nteams = { x = { org = "acme", phases = ["plan", 1], admin = "true" } }\n',
    });
    expect(plain(r.arg('t.r', 'flag'))).toBe('true');
    expect(plain(r.arg('t.r', 'eq'))).toBe('on');
    expect(plain(r.arg('t.r', 'n'))).toBe(6);
    expect(plain(r.arg('t.r', 'b'))).toBe('no');
    expect(plain(r.arg('t.r', 'ws'))).toEqual(['a', 'b']);
    expect(plain(r.arg('t.r', 'teams'))).toEqual({ x: { org: 'acme', phases: ['plan', '1'], admin: true } });
    expect(r.diagnostics).toEqual([]);
    // The converted string still points at the tfvars line it came from.
    expect(r.arg('t.r', 'flag').origins?.[0]).toMatchObject({
      kind: 'tfvars',
      name: 'var.flag',
      range: { file: 'terraform.tfvars', start: { line: 1 } },
    });
  });

  it('converts module arguments to the child variable type, optional() defaults included', async () => {
    const r = await evaluateFiles({
      'main.tf':
        'module "m" {\n  source = "./m"\n  flag   = true\n  n      = "2"\n  b      = true\n  ws     = ["w"]\n  teams  = { y = { org = "o", phases = ["apply"] } }\n}\n',
      'm/main.tf': declared,
    });
    expect(plain(r.arg('module.m.t.r', 'eq'))).toBe('on');
    expect(plain(r.arg('module.m.t.r', 'n'))).toBe(3);
    expect(plain(r.arg('module.m.t.r', 'teams'))).toEqual({ y: { org: 'o', phases: ['apply'], admin: false } });
  });

  it('makes a value that cannot convert an unknown saying why, with a warning at the line that set it', async () => {
    const r = await evaluateFiles({
      'main.tf': declared,
      'terraform.tfvars': 'flag = ["a"]\nn = "five"\nb = "yes"\nws = "w"\nteams = { x = { phases = [] } }\n',
    });
    expect(plain(r.arg('t.r', 'flag'))).toMatch(/^\?var\.flag: a tuple cannot be a string/);
    expect(plain(r.arg('t.r', 'n'))).toMatch(/var\.n: "five" is not a number/);
    expect(plain(r.arg('t.r', 'b'))).toMatch(/var\.b: "yes" is not a bool/);
    expect(plain(r.arg('t.r', 'ws'))).toMatch(/var\.ws: a string cannot be a set\(string\)/);
    // Only the missing attribute is unknown; the rest of the object stays.
    expect(plain(r.arg('t.r', 'teams'))).toMatchObject({ x: { phases: [], admin: false } });
    expect(plain(r.arg('t.r', 'teams'))).toMatchObject({ x: { org: expect.stringMatching(/attribute "org" is required/) } });
    const messages = r.diagnostics.map((d) => `${d.range && placeName(d.range)}:${d.range?.start.line} ${d.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^terraform\.tfvars:1 var\.flag: a tuple cannot be a string/),
        expect.stringMatching(/^terraform\.tfvars:2 var\.n: "five" is not a number/),
        expect.stringMatching(/^terraform\.tfvars:3 var\.b: "yes" is not a bool/),
        expect.stringMatching(/^terraform\.tfvars:5 var\.teams\["x"\]: attribute "org" is required/),
      ]),
    );
  });

  it('takes -var and TF_VAR_ text by the declared type', async () => {
    const r = await evaluateFiles({ 'main.tf': declared }, { vars: { flag: 'true', n: '7', ws: '["x"]' }, env: { TF_VAR_b: 'true' } });
    expect(plain(r.arg('t.r', 'eq'))).toBe('on');
    expect(plain(r.arg('t.r', 'n'))).toBe(8);
    expect(plain(r.arg('t.r', 'b'))).toBe('yes');
    expect(plain(r.arg('t.r', 'ws'))).toEqual(['x']);
  });
});
