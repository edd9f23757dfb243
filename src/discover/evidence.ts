// Web-identity evidence in text: the words without which no Terraform file can declare, feed or
// wire a trust that a web-identity issuer (HCP Terraform, GitHub Actions, GitLab, Bitbucket,
// CircleCI, EKS, any OIDC provider) can use. The pre-filter (src/engine/prefilter.ts) keeps a
// module only with such evidence or a tie to one; docs/performance.md says why each word is here.

/**
 * - `Federated`, `WebIdentity`: a web-identity principal or action (HCL, JSON, heredoc, policy document).
 * - `Principal = "*"` / `"Principal": "*"` / `type = "*"`: the everyone principal, which admits web identities too.
 * - `openid_connect`, `oidc`, `OIDC`: providers (`aws_iam_openid_connect_provider`, `:oidc-provider/` ARNs, EKS issuers).
 * - `tfe_`, `TFC_`: workspace wiring and its variables; `tfc-oidc-lint`: inline suppression comments.
 * - issuer hosts and claims: `app.terraform.io`, `run_phase`, `githubusercontent`, `gitlab`, `bitbucket`, `circleci`,
 *   and any `<host>:sub` / `<host>:aud` condition key.
 */
export const WEB_IDENTITY_EVIDENCE =
  /Federated|WebIdentity|openid_connect|oidc|OIDC|tfe_|TFC_|tfc-oidc-lint|app\.terraform\.io|run_phase|githubusercontent|gitlab|bitbucket|circleci|:sub\b|:aud\b|Principal"?\s*[=:]\s*"\*"|\btype"?\s*[=:]\s*"\*"/;

/** The literal words of WEB_IDENTITY_EVIDENCE: `includes` finds them natively, much faster than the alternation. */
const WORDS = [
  'Federated',
  'WebIdentity',
  'openid_connect',
  'oidc',
  'OIDC',
  'tfe_',
  'TFC_',
  'app.terraform.io',
  'run_phase',
  'githubusercontent',
  'gitlab',
  'bitbucket',
  'circleci',
];
const CLAIM_KEY = /:(?:sub|aud)\b/;
const EVERYONE = /Principal"?\s*[=:]\s*"\*"|\btype"?\s*[=:]\s*"\*"/;

export function hasWebIdentityEvidence(text: string): boolean {
  for (const w of WORDS) if (text.includes(w)) return true;
  if ((text.includes(':sub') || text.includes(':aud')) && CLAIM_KEY.test(text)) return true;
  return text.includes('"*"') && EVERYONE.test(text);
}
