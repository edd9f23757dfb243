import { ruleTester } from '../src/testing/rule-tester.js';
import rule from './trust-policy-size.js';

const AUD = { 'app.terraform.io:aud': 'aws.workload.identity' };
const workspaces = (n: number) =>
  Array.from({ length: n }, (_, i) => `organization:acme:project:infra:workspace:service-${String(i).padStart(3, '0')}:run_phase:apply`);
// Each value is 67 characters plus quotes and a comma: 40 of them pass 2,048, 70 pass 4,096.
const spec = (n: number) => ({ conditions: { StringEquals: { ...AUD, 'app.terraform.io:sub': workspaces(n) } } });
/** The finding covers the whole trust policy, whose text differs between shapes: from before the first value to after the last. */
const wholePolicy = (n: number) => new RegExp(`^[\\s\\S]*service-000[\\s\\S]*service-${String(n - 1).padStart(3, '0')}[\\s\\S]*$`);
// A service role with the same oversized list of principals: not a role any issuer can assume.
const services = Array.from({ length: 120 }, (_, i) => `service-${String(i).padStart(3, '0')}.example-long-service-name.amazonaws.com`);
const service = (principal: string) =>
  `resource "aws_iam_role" "svc" {\n  name = "svc"\n  assume_role_policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Principal = ${principal}, Action = "sts:AssumeRoleWithWebIdentity" }]\n  })\n}\n`;
const RAW = ['raw IAM JSON document' as const];

ruleTester(rule, {
  valid: [
    { name: 'twenty workspaces', shapes: spec(20) },
    {
      name: 'forty workspaces under a quota raised in the rule options (maxCharacters)',
      shapes: spec(40),
      only: RAW,
      options: { ruleOptions: { 'trust-policy-size': { maxCharacters: 4096 } } },
    },
    {
      name: 'an oversized Service-principal trust (not a web-identity role)',
      code: service(`{ Service = ${JSON.stringify(services)} }`),
      options: { prefilter: false },
    },
  ],
  invalid: [
    {
      name: 'forty workspaces: over the default quota',
      shapes: spec(40),
      errors: [{ messageId: 'overQuota', text: wholePolicy(40), severity: 'medium', says: ['2,048'] }],
    },
    {
      name: 'seventy workspaces: over the hard limit',
      shapes: spec(70),
      errors: [{ messageId: 'overHardLimit', text: wholePolicy(70), severity: 'high', says: ['4,096'] }],
    },
    {
      name: 'seventy workspaces are over the hard limit whatever quota the options raise it to',
      shapes: spec(70),
      only: RAW,
      options: { ruleOptions: { 'trust-policy-size': { maxCharacters: 10000 } } },
      errors: [{ messageId: 'overHardLimit', text: wholePolicy(70) }],
    },
    {
      name: 'the oversized trust fires once the principal is Federated',
      code: service(`{ Federated = ${JSON.stringify(services)} }`),
      options: { prefilter: false },
      errors: [{ messageId: 'overHardLimit', line: 3, column: 35 }],
    },
  ],
});
