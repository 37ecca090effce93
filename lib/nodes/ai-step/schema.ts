/**
 * The structured-output schema of the AI step: JSON Schema text, compiled with zod's
 * `z.fromJSONSchema` and cached by text. Pure; shared by the config check (browser
 * and server) and the executor.
 */
import { z } from 'zod';

const cache = new Map<string, z.ZodType>();
const MAX_CACHED = 100;

/**
 * The parsed JSON Schema object and its zod validator.
 * @throws Error with a readable reason when the text is not JSON, not an object, or
 *   a schema zod cannot compile (unsupported keyword, missing `$ref`).
 */
export function compileOutputSchema(text: string): { schema: Record<string, unknown>; validator: z.ZodType } {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) throw new Error('a JSON Schema must be an object, e.g. { "type": "object", "properties": { … } }');
  let validator = cache.get(text);
  if (!validator) {
    try {
      validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    } catch (err) {
      throw new Error(`not a usable JSON Schema: ${(err as Error).message}`);
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(text, validator);
  }
  return { schema: schema as Record<string, unknown>, validator };
}

/** `a.b[0]: message; …`: zod issues as one line (at most `max` of them). */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[], max = 5): string {
  const parts = issues.slice(0, max).map((i) => `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`);
  return parts.join('; ') + (issues.length > max ? ` (and ${issues.length - max} more)` : '');
}
