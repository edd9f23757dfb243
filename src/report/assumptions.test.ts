import { describe, expect, it } from 'vitest';
import { DOCS_BASE, type Finding } from '../core/finding.js';
import { SourceFile } from '../core/source.js';
import { getReporter } from './index.js';

const file = new SourceFile('main.tf', '/x/main.tf', 'resource "aws_iam_role" "r" {\n  count = var.create ? 1 : 0\n}\n');
const assumption = 'assumes count > 0 (count depends on var.create, which has no value)';
const finding: Finding = {
  ruleId: 'no-admin-access',
  severity: 'critical',
  messageId: 'admin',
  message: 'AdministratorAccess is attached to a role that HCP Terraform runs can assume',
  range: file.range(0, 8),
  docsUrl: `${DOCS_BASE}no-admin-access.md`,
  assumptions: [assumption],
};
const render = (name: string) =>
  getReporter(name)!(
    { findings: [finding], files: new Map([[file.path, file]]), stats: { files: 1, durationMs: 1 } },
    { color: false, width: 200, rules: [] },
  );

describe('every reporter shows what a finding assumes', () => {
  it('stylish: an "assumes:" line', () => {
    expect(render('stylish')).toContain('assumes: count > 0 (count depends on var.create, which has no value)');
  });
  it('json: an assumptions array', () => {
    const doc = JSON.parse(render('json')) as { findings: { assumptions?: string[] }[] };
    expect(doc.findings[0].assumptions).toEqual([assumption]);
  });
  it('sarif: in the message text and in properties', () => {
    const doc = JSON.parse(render('sarif')) as {
      runs: { results: { message: { text: string }; properties: { assumptions?: string[] } }[] }[];
    };
    const r = doc.runs[0].results[0];
    expect(r.message.text).toContain('Assumes count > 0 (count depends on var.create, which has no value).');
    expect(r.properties.assumptions).toEqual([assumption]);
  });
  it('github: in the annotation text', () => {
    expect(render('github')).toContain('assumes count > 0');
  });
});
