/** Building blocks shared by the parts of the OpenAPI document (`openapi.ts`, `credential-openapi.ts`, `version-openapi.ts`). Pure. */
import { z } from 'zod';
import { MAX_BODY_BYTES } from './schemas';
import type { JsonSchema } from './workflow-schema';

/** Where component schemas live in the document. */
export const C = '#/components/schemas/';
export const ref = (name: string) => ({ $ref: `${C}${name}` });

/** The JSON Schema of a zod schema as a request accepts it (no `$schema` key). */
export function schemaOf(s: z.ZodType): JsonSchema {
  const j = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete j.$schema;
  return j;
}

export const jsonContent = (schema: unknown) => ({ 'application/json': { schema } });
export const pageLimitParam = (description: string, page: { default: number; max: number }) => ({
  name: 'limit',
  in: 'query',
  required: false,
  description: `${description} (default ${page.default}, at most ${page.max})`,
  schema: { type: 'integer', minimum: 1, maximum: page.max, default: page.default },
});

const ERR: Record<number, string> = {
  400: 'The body is not JSON, or does not match the schema (every issue listed with its path)',
  404: 'No such workflow, version, run or task',
  409: 'The request conflicts with the current state',
  413: `The body is larger than ${MAX_BODY_BYTES} bytes`,
  422: 'Well-formed, but refused by a business rule (issues name the field or node)',
  401: 'No API key or session; or the key is unknown, revoked, expired, or its owner is disabled',
  403: "The caller's roles do not allow this (the message names the permission), or the task is not theirs to act on",
};

/** Error responses for `codes`, each with the shared description unless overridden. */
export function errors(codes: number[], overrides: Record<number, string> = {}) {
  return Object.fromEntries(codes.map((c) => [String(c), { description: overrides[c] ?? ERR[c], content: jsonContent(ref('Error')) }]));
}

export const idParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });
