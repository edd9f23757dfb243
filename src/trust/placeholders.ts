// Names that templates and tutorials put where a real organization, project or workspace name
// belongs. Data, matched case-insensitively; `*` = any run of characters.

export const PLACEHOLDER_PATTERNS: readonly string[] = [
  'your_*',
  'your-*',
  'yourorg*',
  '<*>',
  '{*}',
  '[*]',
  '__*__',
  'example-org*',
  'example_org*',
  'example-project',
  'example-workspace',
  'my-org',
  'my_org',
  'my-org-name',
  'my-organization',
  'my-organisation',
  'my-project',
  'my-workspace',
  'myorg',
  'changeme',
  'change-me',
  'change_me',
  'xxx*',
  'todo',
  'tbd',
  'fixme',
  'replace_me',
  'replace-me',
  'replaceme',
  'placeholder',
  'org-name',
  'org_name',
  'orgname',
  'organization-name',
  'organization_name',
  'project-name',
  'project_name',
  'workspace-name',
  'workspace_name',
];

function toRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}
const COMPILED = PLACEHOLDER_PATTERNS.map(toRegExp);

/** The placeholder pattern a name matches, or undefined for a real-looking name. */
export function placeholderMatch(name: string): string | undefined {
  const i = COMPILED.findIndex((re) => re.test(name.trim()));
  return i >= 0 ? PLACEHOLDER_PATTERNS[i] : undefined;
}
