import { describe, expect, it } from 'vitest';
import { selfRegistryModule } from './registry-self.js';
import { evaluateFiles, plain } from '../testing/terraform.js';

describe("a registry address inside that module's own repository", () => {
  const repo = '/src/terraform-aws-hcp-oidc';

  it('resolves <ns>/<name>/<provider>, with a private registry host and a //subdir, to the local directory', () => {
    expect(selfRegistryModule(`${repo}/examples/complete`, 'acme/hcp-oidc/aws')).toEqual({ dir: repo, repo });
    expect(selfRegistryModule(`${repo}/examples/x`, 'app.terraform.io/acme/hcp-oidc/aws//modules/role')).toEqual({
      dir: `${repo}/modules/role`,
      repo,
    });
    expect(selfRegistryModule(repo, 'ACME/HCP-OIDC/AWS')).toEqual({ dir: repo, repo });
  });

  it('leaves other sources alone: another module, a local path, a git URL, a //subdir leaving the repository, a repository above the scan root', () => {
    expect(selfRegistryModule(`${repo}/examples/complete`, 'terraform-aws-modules/iam/aws')).toBeUndefined();
    expect(selfRegistryModule(`${repo}/examples/complete`, 'hashicorp/aws')).toBeUndefined();
    expect(selfRegistryModule(`${repo}/examples/complete`, 'git::https://example.com/acme/hcp-oidc.git')).toBeUndefined();
    expect(selfRegistryModule(`${repo}/examples/complete`, 'acme/hcp-oidc/aws//../../etc')).toBeUndefined();
    expect(selfRegistryModule(`${repo}/examples/complete`, 'acme/hcp-oidc/aws', `${repo}/examples`)).toBeUndefined();
  });

  it("evaluates the local module with the example's arguments and says so in a note", async () => {
    const r = await evaluateFiles(
      {
        'terraform-aws-hcp-oidc/main.tf': 'variable "project" {}\nresource "aws_iam_role" "r" {\n  name = "p-${var.project}"\n}\n',
        'terraform-aws-hcp-oidc/examples/complete/main.tf':
          'module "m" {\n  source  = "acme/hcp-oidc/aws"\n  version = "1.0.0"\n  project = "*"\n}\n',
      },
      {},
      'terraform-aws-hcp-oidc/examples/complete',
    );
    expect(plain(r.arg('module.m.aws_iam_role.r', 'name'))).toBe('p-*');
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining(
        'this repository (terraform-aws-hcp-oidc) is that module, so its local code in terraform-aws-hcp-oidc is evaluated instead',
      ),
    ]);
    expect(r.calledDirs).toEqual([expect.stringMatching(/terraform-aws-hcp-oidc$/)]);
  });
});
