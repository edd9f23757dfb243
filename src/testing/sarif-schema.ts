// The SARIF 2.1.0 schema validator shared by the SARIF tests and the golden files (tests only).
import { readFileSync } from 'node:fs';
import { Ajv2020, type AnySchema, type ErrorObject } from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../../test/fixtures/sarif-2.1.0.schema.json', import.meta.url), 'utf8')) as AnySchema;
// The schema says draft 2020-12; its formats are checked with small validators (ajv-formats is not a dependency).
const ajv = new Ajv2020({ allErrors: true, strict: false });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

/** Validates a SARIF log against the 2.1.0 schema; after a call, `validateSarif.errors` says why it failed. */
export const validateSarif = ajv.compile(schema);

/** The schema errors of a log: `[]` when it is valid (so a failing `toEqual([])` shows them). */
export function sarifSchemaErrors(log: unknown): ErrorObject[] {
  return validateSarif(log) ? [] : [...(validateSarif.errors ?? [])];
}
