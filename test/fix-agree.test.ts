// --fix and --fix-code agree: on every scenario folder, the trust the account fix would write
// (desired.ts → trust-policy.ts) and the code fix's trust, linted again, admit the same tokens —
// or, where the fix would let in a token today's code rejects, both refuse.
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Tri } from '../src/trust/index.js';
import { lint } from '../src/engine/lint.js';
import { admits, fixCode } from '../src/fix/code.js';
import { type PinFlags, type RoleTarget, fixTargets } from '../src/fix/desired.js';
import { desiredTrust, liveRoleModel } from '../src/fix/live-trust.js';
import { formatSub, parseSub } from '../src/trust/index.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const SCENARIOS = readdirSync(FIXTURES).filter(
  (n) => !['inputs', 'expected', 'recall'].includes(n) && statSync(join(FIXTURES, n)).isDirectory(),
);
const PROVIDER_ARN = (host: string) => `arn:aws:iam::123456789012:oidc-provider/${host}`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The pinned tokens and their neighbours: another run phase, workspace, project, organization and audience. */
function candidates(t: RoleTarget): { sub: string; aud: string }[] {
  const out: { sub: string; aud: string }[] = [];
  for (const sub of t.subs) {
    const c = parseSub(sub)!;
    const variants = [
      c,
      { ...c, phase: c.phase === 'apply' ? 'plan' : 'apply' },
      { ...c, workspace: 'other-ws' },
      { ...c, organization: 'evil' },
      ...(c.project ? [{ ...c, project: 'other-project' }] : []),
    ] as (typeof c)[];
    for (const v of variants) for (const aud of [...t.audiences, 'other-audience']) out.push({ sub: formatSub(v), aud });
  }
  return out;
}

/** What the trust --fix would write admits, through the same engine (the live-account model). */
function accountAdmits(t: RoleTarget): (tok: { sub: string; aud: string }) => Tri {
  const trust = JSON.stringify(
    desiredTrust(undefined, { host: t.host, providerArn: PROVIDER_ARN(t.host), subs: t.subs, audiences: t.audiences }),
  );
  const live = liveRoleModel(
    { name: t.roleName, arn: `arn:aws:iam::123456789012:role/${t.roleName}`, path: '/', trust, attached: [] },
    { arn: PROVIDER_ARN(t.host), url: t.host, host: t.host, clientIds: t.audiences, thumbprints: [] },
  );
  return (tok) => admits(live.project, live.role!.id, t.host, tok);
}

describe.each(SCENARIOS)('fixtures/%s', (scenario) => {
  it('the account fix and the code fix admit the same tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfc-oidc-lint-i15-agree-'));
    dirs.push(dir);
    cpSync(join(FIXTURES, scenario), dir, { recursive: true });
    const before = await lint(['.'], { cwd: dir, env: {} });
    let flags: PinFlags = { organization: 'acme', project: 'infra', workspace: 'prod' };
    // A trust that leaves the run phase open needs --run-phase for both fixes.
    if (fixTargets(before.project, flags).problems.some((p) => /run phase/.test(p.message))) flags = { ...flags, runPhase: 'apply' };
    const { targets } = fixTargets(before.project, flags);
    const code = await fixCode({ paths: ['.'], lint: { cwd: dir, env: {} }, values: flags });
    const after = code.after ?? before;
    // Roles whose fix has no edit (a value that is an expression) are not fixed in the code: say which.
    const unedited = new Set(code.unedited.map((u) => u.finding.resource));
    let compared = 0;
    for (const t of targets) {
      const account = accountAdmits(t);
      const tokens = candidates(t);
      if (code.refused.length) {
        // Refused only because the pins let in what today's code rejects: so would --fix against a role deployed from this code.
        const today = tokens
          .filter((tok) => t.subs.includes(tok.sub) && t.audiences.includes(tok.aud))
          .map((tok) => admits(before.project, t.role.id, t.host, tok));
        if (today.some((v) => v === false)) compared++;
        continue;
      }
      if (unedited.has(t.role.address ?? t.role.id)) continue;
      expect(
        tokens.map((tok) => [tok.sub, tok.aud, admits(after.project, t.role.id, t.host, tok)]),
        `role ${t.roleName}`,
      ).toEqual(tokens.map((tok) => [tok.sub, tok.aud, account(tok)]));
      compared++;
    }
    if (code.refused.length) expect(compared, code.refused.join('\n')).toBeGreaterThan(0);
    // Every scenario with a Terraform trust compares at least one role.
    if (targets.length) expect(compared).toBeGreaterThan(0);
  });
});
