import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './suggest.js';
import { cli } from '../testing/cli.js';
import { lintTree } from '../testing/lint-tree.js';
import { writeTree } from '../testing/tf.js';

describe('editDistance / closest', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests a close rule id and nothing for an unrelated word', () => {
    const ids = ['no-admin-access', 'no-wildcard-workspace', 'no-wildcard-project'];
    expect(closest('no-admin-acess', ids)).toBe('no-admin-access');
    expect(closest('no-wildcard-worksapce', ids)).toBe('no-wildcard-workspace');
    expect(closest('frobnicate', ids)).toBeUndefined();
    expect(didYouMean('frobnicate', ids)).toBe('');
  });
});

describe('did you mean, where a rule id is mistyped', () => {
  it('--rule and --explain', async () => {
    expect((await cli(['--rule', 'no-admin-acess', '--print-config'])).stderr).toContain(
      'unknown rule "no-admin-acess" (did you mean "no-admin-access"?)',
    );
    expect((await cli(['--explain', 'no-wildcard-worksapce'])).stderr).toContain('(did you mean "no-wildcard-workspace"?)');
  });

  it('the config file: a rule id and a top-level key', async () => {
    const t = writeTree({ '.tfc-oidc-lint.yaml': 'rules:\n  no-admin-acess: off\n', 'main.tf': '' });
    const u = writeTree({ '.tfc-oidc-lint.yaml': 'organisations: [acme]\n', 'main.tf': '' });
    try {
      const r = await cli(['--print-config'], t.dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.tfc-oidc-lint.yaml:2: rules: unknown rule "no-admin-acess" (did you mean "no-admin-access"?)');
      const k = await cli(['--print-config'], u.dir);
      expect(k.stderr).toContain('unknown key "organisations" (did you mean "organizations"?; known:');
    } finally {
      t.cleanup();
      u.cleanup();
    }
  });

  it('a suppression comment', async () => {
    const r = await lintTree({
      'main.tf': '# tfc-oidc-lint-ignore no-wildcard-worksapce: ephemeral workspaces\nresource "aws_iam_role" "r" {\n  name = "r"\n}\n',
    });
    const [f] = r.findings.filter((x) => x.ruleId === 'invalid-suppression');
    expect(f.message).toContain('"no-wildcard-worksapce" (did you mean "no-wildcard-workspace"?)');
  });
});
