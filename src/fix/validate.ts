// IAM Access Analyzer checks of each new trust policy before anything is applied: ValidatePolicy
// must report no error, and CheckNoNewAccess (new against current) must pass.
import type { AwsSession } from './aws.js';

export interface TrustChange {
  role: string;
  /** The new document (JSON text). */
  next: string;
  /** The current one; absent for a role to be created. */
  current?: string;
}

export interface ValidationResult {
  ok: boolean;
  /** Why it must stop (errors, new access), one line each. */
  errors: string[];
  /** Warnings and suggestions Access Analyzer made; shown, not blocking. */
  notes: string[];
}

export async function validateTrustChanges(s: AwsSession, changes: TrustChange[]): Promise<ValidationResult> {
  const { ValidatePolicyCommand, CheckNoNewAccessCommand } = await import('@aws-sdk/client-accessanalyzer');
  const out: ValidationResult = { ok: true, errors: [], notes: [] };
  // An AwsError (Access Analyzer unavailable, denied) goes to the caller, which says it in one line (src/fix/run.ts).
  for (const c of changes) {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const v = await s.call('ValidatePolicy', (abortSignal) =>
        s.analyzer.send(
          new ValidatePolicyCommand({
            policyDocument: c.next,
            policyType: 'RESOURCE_POLICY',
            validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
            nextToken,
          }),
          { abortSignal },
        ),
      );
      for (const f of v.findings ?? []) {
        const line = `role ${c.role}: ${f.findingType} ${f.issueCode}: ${f.findingDetails}`;
        if (f.findingType === 'ERROR') out.errors.push(line);
        else out.notes.push(line);
      }
      nextToken = v.nextToken;
    } while (nextToken && ++pages < 100);
    if (c.current === undefined) continue;
    const r = await s.call('CheckNoNewAccess', (abortSignal) =>
      s.analyzer.send(
        new CheckNoNewAccessCommand({ newPolicyDocument: c.next, existingPolicyDocument: c.current, policyType: 'RESOURCE_POLICY' }),
        { abortSignal },
      ),
    );
    if (r.result !== 'PASS') {
      const reasons = (r.reasons ?? [])
        .map((x) => x.description)
        .filter(Boolean)
        .join(' ');
      out.errors.push(
        `role ${c.role}: CheckNoNewAccess ${r.result ?? 'did not pass'}: ${r.message ?? ''}${reasons ? ` ${reasons}` : ''}`.trim(),
      );
    }
  }
  out.ok = out.errors.length === 0;
  return out;
}
