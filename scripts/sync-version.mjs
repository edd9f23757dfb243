// Writes the package version into every place a user pins a release (README and docs examples,
// action.yml, the pre-commit hook comment, the GitLab template). npm runs it as the `version`
// lifecycle script of `npm version <patch|minor|major>`, before it commits and tags v<version>.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A release reference: `rev: v1.2.3`, `tfc-oidc-lint@v1.2.3`, `...tfc-oidc-lint.git#v1.2.3`,
// `/tfc-oidc-lint/v1.2.3/` (raw URL), `TFC_OIDC_LINT_REF: v1.2.3`. test/version.test.ts uses the same pattern.
export const RELEASE_REF = /(rev: |tfc-oidc-lint@|tfc-oidc-lint\.git#|\/tfc-oidc-lint\/|TFC_OIDC_LINT_REF: )v\d+\.\d+\.\d+(?:-[\w.]+)?/g;
export const PINNED_FILES = [
  'README.md',
  'action.yml',
  '.pre-commit-hooks.yaml',
  'ci/gitlab-ci.yml',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  for (const file of PINNED_FILES) {
    const text = readFileSync(file, 'utf8');
    const next = text.replace(RELEASE_REF, (_, lead) => `${lead}v${version}`);
    if (next !== text) writeFileSync(file, next);
  }
  console.log(`release references set to v${version}`);
}
