// Errors any stage may raise for input that cannot be used at all: a path that does not exist, a
// config file that does not validate. The CLI maps them to exit code 2 without parsing messages.

/** The input asks for something that cannot be done; the message says what, with file:line when known. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError || (e instanceof Error && e.name === 'InputError');
}
