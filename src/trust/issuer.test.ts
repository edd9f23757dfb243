import { describe, expect, it } from 'vitest';
import { classifyIssuer, normalizeHost } from './issuer.js';

describe('classifyIssuer', () => {
  it('knows HCP Terraform by host', () => {
    expect(classifyIssuer('app.terraform.io', [])).toMatchObject({ id: 'hcp-terraform', terraform: true });
    expect(classifyIssuer(normalizeHost('https://App.Terraform.io/'), [])).toMatchObject({ id: 'hcp-terraform' });
  });

  it('never takes known other issuers for Terraform, even with organization: subs', () => {
    const others = [
      'token.actions.githubusercontent.com',
      'oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF0123456789',
      'accounts.google.com',
      'gitlab.com',
      'oidc.circleci.com/org/0e1c2a3b',
      'api.bitbucket.org/2.0/workspaces/acme/pipelines-config/identity/oidc',
      'sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47',
      'acme.app.spacelift.io',
    ];
    for (const h of others) {
      const p = classifyIssuer(h, ['organization:acme:*']);
      expect(p.terraform, h).toBe(false);
      expect(p.id, h).not.toBe('unknown');
    }
  });

  it('takes an unlisted host for Terraform Enterprise when its subs follow the organization: grammar', () => {
    expect(classifyIssuer('tfe.example.com', ['organization:acme:project:*'])).toMatchObject({
      id: 'terraform-enterprise',
      terraform: true,
    });
    expect(classifyIssuer('tfe.example.com', ['repo:acme/app:*'])).toMatchObject({ id: 'github-actions', terraform: false });
    expect(classifyIssuer('git.example.com', ['project_path:acme/*'])).toMatchObject({ id: 'gitlab' });
    expect(classifyIssuer('tfe.example.com', ['custom-subject'])).toMatchObject({ id: 'unknown', terraform: false });
  });

  it('takes a host the user names for Terraform, whatever the subs', () => {
    expect(classifyIssuer('tfe.internal', [], { terraformHosts: ['https://TFE.internal'] })).toMatchObject({ terraform: true });
  });
});
