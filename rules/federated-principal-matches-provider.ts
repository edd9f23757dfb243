// The principal and action of an HCP Terraform trust statement: the Federated principal must be
// the OIDC provider (in the role's own account) of the host the condition keys name, written as a
// well-formed ARN, not a wildcard; the action must be sts:AssumeRoleWithWebIdentity.
import { type Witness } from '../src/core/finding.js';
import type { Range } from '../src/core/source.js';
import { defineRule } from '../src/model/rule.js';
import type { Statement } from '../src/model/types.js';
import { type Value, knownString } from '../src/core/value.js';
import {
  ASSUME_WEB_IDENTITY,
  DEFAULT_AUDIENCE,
  OpaqueTable,
  accountOfArn,
  actionMatches,
  analyzeOptionsOf,
  classifyIssuer,
  conditionKeyHosts,
  effectiveStatements,
  evaluatePolicy,
  intendedWitness,
  linkFederated,
  parseProviderArn,
  roleTrustsFor,
} from '../src/trust/index.js';

/** The provider configuration whose account the ARN's account field comes from (`data.aws_caller_identity.x.account_id`). */
function accountInArn(v: Value): { key: string; id?: string; label: string } | undefined {
  if (v.kind === 'unknown') return v.symbol?.account;
  if (v.kind !== 'string') return undefined;
  for (const s of v.segments ?? []) {
    const sym = s.unknown?.symbol;
    if (sym?.account && (sym.attribute === 'account_id' || sym.attribute === 'arn')) return sym.account;
  }
  return undefined;
}

/** A built-in web identity provider that needs no registration in the account: its tokens reach a `*` principal. */
const OTHER_ISSUER = 'accounts.google.com';

/** Web identity providers IAM knows without a registered provider: a Federated principal may name them by host. */
const BUILT_IN_IDPS = ['accounts.google.com', 'cognito-identity.amazonaws.com', 'graph.facebook.com', 'www.amazon.com'];

export default defineRule({
  meta: {
    id: 'federated-principal-matches-provider',
    description:
      "A web-identity trust statement must name (for any issuer) a well-formed OIDC provider ARN; an HCP Terraform statement must name, as a well-formed ARN in the role's own account, the OIDC provider of the host its condition keys use, and allow only sts:AssumeRoleWithWebIdentity.",
    severity: 'high',
    severities: {
      critical: "for a `*` principal that other issuers' tokens pass",
      medium: 'for a `*` principal held only by its conditions',
      low: 'for a broad action',
    },
    messages: {
      wildcardOpen:
        'The principal is "*": tokens of any identity provider, such as {{other}}, pass this statement, because its conditions only test {{host}} keys with operators that pass when they are missing',
      wildcard:
        'The principal is "*" instead of the {{host}} provider: only the conditions keep other identity providers\' tokens out, and one IfExists or negated operator would let them in',
      otherHost:
        'The principal is the OIDC provider of {{linked}}, but the conditions test {{host}} keys: tokens from {{linked}} never carry them{{outcome}}',
      malformedArn:
        'The Federated principal "{{value}}" is not a valid OIDC provider ARN: {{problem}}; IAM rejects the policy or the role matches no token',
      otherAccount:
        "The provider ARN is in account {{providerAccount}}, but the role is in {{roleAccount}}: STS only accepts a provider registered in the role's own account, so the role can never be assumed",
      otherConfiguration:
        "The role is created with {{roleProvider}}, but its Federated principal names the OIDC provider of {{principalProvider}}, another account: STS only accepts a provider registered in the role's own account, so the role can never be assumed",
      wrongAction:
        'The statement allows {{actions}}, not sts:AssumeRoleWithWebIdentity: HCP Terraform runs can never assume the role through it',
      broadAction:
        "The statement allows {{action}} where sts:AssumeRoleWithWebIdentity is all a run needs: the provider's tokens get every other matching STS action too",
    },
    tags: ['trust'],
    issuers: ['*'],
  },
  check({ project, report, settings }) {
    const options = analyzeOptionsOf(settings);
    for (const { role } of roleTrustsFor({ project, settings })) {
      if (!role.trust) continue;
      const statements = effectiveStatements(role.trust);
      const roleAccount = accountOfArn(role.arn);
      const base = { callChain: role.callChain, resource: role.address ?? role.id };
      const webIdentity = (s: Statement) => {
        const acts = s.actions.map(knownString);
        return acts.every((x): x is string => x !== undefined) && actionMatches(acts, [], ASSUME_WEB_IDENTITY) === true;
      };
      /** Reports the ARN when it is not a well-formed OIDC provider ARN; true when it did. */
      const malformed = (v: Value, text: string, range: Range): boolean => {
        const parsed = parseProviderArn(text);
        if (!parsed.problem) return false;
        report({
          ...base,
          range,
          messageId: 'malformedArn',
          data: { value: text, problem: parsed.problem },
          fix: 'Reference the provider: aws_iam_openid_connect_provider.<name>.arn',
          ...(v.origins?.length ? { origins: v.origins } : {}),
        });
        return true;
      };
      const otherAccount = (range: Range, providerAccount: string, roleAccount: string, witness?: Witness) =>
        report({
          ...base,
          range,
          messageId: 'otherAccount',
          data: { providerAccount, roleAccount },
          ...(witness ? { witness } : {}),
          fix: `Create the OIDC provider in account ${roleAccount} and reference it`,
        });
      const otherIssuerArn = (v: Value, link: ReturnType<typeof linkFederated>, s: Statement) => {
        const text = knownString(v);
        const range = v.range ?? s.range;
        if (text === undefined || BUILT_IN_IDPS.includes(text.toLowerCase()) || /:saml-provider\//.test(text)) return;
        if (malformed(v, text, range)) return;
        const providerAccount = accountOfArn(text) ?? accountOfArn(link.provider?.arn);
        if (roleAccount && providerAccount && roleAccount !== providerAccount) otherAccount(range, providerAccount, roleAccount);
      };
      for (const s of statements) {
        if (s.effect !== 'Allow') continue;
        const { hosts, subs } = conditionKeyHosts(s);
        const isTerraform = (h: string | undefined) => !!h && classifyIssuer(h, subs, options).terraform;
        const keyHost = hosts.find(isTerraform);
        const wctx = { opaque: new OpaqueTable(), audiences: [DEFAULT_AUDIENCE], iss: keyHost ? `https://${keyHost}` : undefined };
        let terraform = !!keyHost;
        for (const p of s.principals ?? []) {
          const values =
            p.type === 'Federated' || p.type === '*' ? p.values : p.type === 'AWS' ? p.values.filter((v) => knownString(v) === '*') : [];
          for (const v of values) {
            const link = linkFederated(v, project);
            const linked = link.provider?.host ?? link.host;
            if (!isTerraform(linked) && !keyHost) {
              // Other issuers: the ARN itself must be well formed and in the role's account.
              if (p.type === 'Federated' && webIdentity(s)) otherIssuerArn(v, link, s);
              continue;
            }
            terraform = true;
            const range = v.range ?? p.range;
            const text = knownString(v);
            if (link.kind === 'wildcard' || p.type === '*' || p.type === 'AWS') {
              const ctx = { project, who: { host: OTHER_ISSUER }, opaque: new OpaqueTable() };
              const open = evaluatePolicy(statements, { sub: 'any-google-account', aud: 'any-client' }, ctx).allowed === true;
              const witness: Witness = {
                kind: 'accepted',
                iss: `https://${OTHER_ISSUER}`,
                sub: 'any-google-account',
                aud: 'any-client',
                note: 'a token of any Google account',
              };
              report({
                ...base,
                range,
                messageId: open ? 'wildcardOpen' : 'wildcard',
                severity: open ? 'critical' : 'medium',
                data: { host: keyHost ?? linked ?? 'the provider', other: OTHER_ISSUER },
                ...(open ? { witness } : {}),
                fix: `"Principal": {"Federated": aws_iam_openid_connect_provider.<name>.arn}`,
              });
              continue;
            }
            if (text !== undefined && malformed(v, text, range)) continue;
            const providerAccount = accountOfArn(text) ?? accountOfArn(link.provider?.arn);
            if (roleAccount && providerAccount && roleAccount !== providerAccount) {
              otherAccount(range, providerAccount, roleAccount, intendedWitness(wctx, s));
            } else if (!(roleAccount && providerAccount)) {
              // ARNs not known: the provider configurations decide (provider = aws.member, module providers maps).
              const principalConfig = accountInArn(v) ?? link.provider?.account;
              if (
                role.account &&
                principalConfig &&
                role.account.key !== principalConfig.key &&
                (role.account.id === undefined || principalConfig.id === undefined || role.account.id !== principalConfig.id)
              ) {
                const witness = intendedWitness(wctx, s);
                report({
                  ...base,
                  range,
                  messageId: 'otherConfiguration',
                  data: { roleProvider: role.account.label, principalProvider: principalConfig.label },
                  ...(witness ? { witness } : {}),
                  fix: `Create the OIDC provider with the role's provider configuration (${role.provider ?? 'the same provider'}) and reference it`,
                });
              }
            }
            if (keyHost && linked && linked !== keyHost && !hosts.includes(linked)) {
              const witness = intendedWitness({ ...wctx, iss: `https://${linked}` }, s);
              report({
                ...base,
                range,
                messageId: 'otherHost',
                data: { linked, host: keyHost, outcome: ', so this statement lets no run in' },
                ...(witness ? { witness } : {}),
                fix: `Use the provider whose URL is https://${keyHost}, or key the conditions as ${linked}:sub / ${linked}:aud`,
              });
            }
          }
        }
        if (!terraform) continue;
        const actions = s.actions.map(knownString);
        const notActions = s.notActions.map(knownString);
        if (actions.some((a) => a === undefined) || notActions.some((a) => a === undefined)) continue;
        const known = actions as string[];
        if (actionMatches(known, notActions as string[], ASSUME_WEB_IDENTITY) === false) {
          const witness = intendedWitness(wctx, s);
          report({
            ...base,
            range: s.actions[0]?.range ?? s.notActions[0]?.range ?? s.range,
            messageId: 'wrongAction',
            data: {
              actions: known.length
                ? known.map((a) => `"${a}"`).join(', ')
                : notActions.length
                  ? `everything but ${(notActions as string[]).join(', ')}`
                  : 'no action (it has neither Action nor NotAction)',
            },
            ...(witness ? { witness } : {}),
            fix: '"Action": "sts:AssumeRoleWithWebIdentity"',
          });
          continue;
        }
        const broad = [
          ...s.actions
            .map((v, i) => ({ v, a: known[i] }))
            .filter(
              ({ a }) => a.toLowerCase() !== ASSUME_WEB_IDENTITY.toLowerCase() && actionMatches([a], [], ASSUME_WEB_IDENTITY) === true,
            ),
          ...s.notActions.map((v, i) => ({ v, a: `NotAction ${notActions[i]}` })),
        ];
        for (const { v, a } of broad.slice(0, 1)) {
          report({
            ...base,
            range: v.range ?? s.range,
            messageId: 'broadAction',
            severity: 'low',
            data: { action: `"${a}"` },
            fix: '"Action": "sts:AssumeRoleWithWebIdentity"',
          });
        }
      }
    }
  },
});
