import { describe, expect, it } from 'vitest';
import { firesOnEveryShape, quietOnEveryShape } from '../src/testing/shape-cases.js';
import { lintTree } from '../src/testing/lint-tree.js';
import { allShapes } from '../src/testing/shapes.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const workspaces = (n: number) => Array.from({ length: n }, (_, i) => `organization:acme:project:infra:workspace:service-${String(i).padStart(3, '0')}:run_phase:apply`);
// Each value is 67 characters plus quotes and a comma: 40 of them pass 2,048, 70 pass 4,096.
const spec = (n: number) => ({ conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': workspaces(n) } } });

firesOnEveryShape('trust-policy-size', [
  { name: 'forty workspaces: over the default quota', spec: spec(40), messageId: 'overQuota', severity: 'medium', says: ['2,048'] },
  { name: 'seventy workspaces: over the hard limit', spec: spec(70), messageId: 'overHardLimit', severity: 'high', says: ['4,096'] },
]);

quietOnEveryShape('trust-policy-size', [{ name: 'twenty workspaces', spec: spec(20) }]);

describe('trust-policy-size with a raised quota', () => {
  it('takes maxCharacters from the rule options, and still reports past 4,096', async () => {
    const [raw] = allShapes(spec(40)).filter((s) => s.name === 'raw IAM JSON document');
    const raised = await lintTree(raw.files, { ruleOptions: { 'trust-policy-size': { maxCharacters: 4096 } } });
    expect(raised.findings.filter((f) => f.ruleId === 'trust-policy-size')).toEqual([]);
    const [big] = allShapes(spec(70)).filter((s) => s.name === 'raw IAM JSON document');
    const over = await lintTree(big.files, { ruleOptions: { 'trust-policy-size': { maxCharacters: 10000 } } });
    expect(over.findings.filter((f) => f.ruleId === 'trust-policy-size').map((f) => f.messageId)).toEqual(['overHardLimit']);
  });
});

describe('trust-policy-size looks at web-identity roles only', () => {
  // A service role with the same oversized list of principals: not a role any issuer can assume.
  const services = Array.from({ length: 120 }, (_, i) => `service-${String(i).padStart(3, '0')}.example-long-service-name.amazonaws.com`);
  const service = (principal: string) => ({
    'main.tf': `resource "aws_iam_role" "svc" {\n  name = "svc"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = ${principal}, Action = "sts:AssumeRoleWithWebIdentity" }]\n  })\n}\n`,
  });
  it('stays quiet on an oversized Service-principal trust, fires once the principal is Federated', async () => {
    const quiet = await lintTree(service(`{ Service = ${JSON.stringify(services)} }`), { prefilter: false });
    expect(quiet.findings.filter((f) => f.ruleId === 'trust-policy-size')).toEqual([]);
    const loud = await lintTree(service(`{ Federated = ${JSON.stringify(services)} }`), { prefilter: false });
    expect(loud.findings.filter((f) => f.ruleId === 'trust-policy-size').map((f) => f.messageId)).toEqual(['overHardLimit']);
  });
});
