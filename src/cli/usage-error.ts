// The command line asks for something that cannot be done (a bad flag value, an unknown rule).
// Library code throws the neutral InputError instead; both end as a usage error, exit code 2.
import { InputError, isInputError } from '../core/errors.js';

export class UsageError extends InputError {
  override readonly name: string = 'UsageError';
}

export function isUsageError(e: unknown): e is InputError {
  return isInputError(e) || (e instanceof Error && e.name === 'UsageError');
}
