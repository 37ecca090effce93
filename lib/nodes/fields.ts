/**
 * Reusable zod field builders for node config schemas. Each carries `.meta()` hints
 * that the generated config form reads from the JSON Schema (zod 4 `toJSONSchema`
 * copies metadata into the schema):
 * - `title`, `description`: field label and help text.
 * - `widget`: `expression` (a JSONata expression), `template` (text with `{{ expr }}`
 *   parts), `textarea`, `javascript` (code, in a monospace editor), `workflow`,
 *   `credential`, `webhookToken`, `cron`, `group` (one group), `groups` and `people`
 *   (several, comma-separated ids), `person` (one user id), or absent for the default
 *   input of the type.
 * - `placeholder`: input placeholder.
 */
import { z } from 'zod';
import { regexProblem } from '../expressions/regex';

export type FieldWidget = 'expression' | 'template' | 'textarea' | 'javascript' | 'workflow' | 'credential' | 'webhookToken' | 'cron' | 'group' | 'person' | 'people' | 'groups';

export interface FieldMeta {
  [key: string]: unknown;
  title: string;
  description?: string;
  widget?: FieldWidget;
  placeholder?: string;
}

/** A JSONata expression field. Syntax is checked by the workflow validator, not here (zod stays sync and cheap). */
export function expressionField(meta: Omit<FieldMeta, 'widget'>, opts: { required?: boolean } = {}) {
  const base = z.string().max(20_000);
  return (opts.required ? base.trim().min(1, `${meta.title} is required`) : base).meta({ ...meta, widget: 'expression' });
}

/** A text field that may embed `{{ expression }}` parts. */
export function templateField(meta: Omit<FieldMeta, 'widget'>, opts: { required?: boolean; max?: number } = {}) {
  const base = z.string().max(opts.max ?? 10_000);
  return (opts.required ? base.trim().min(1, `${meta.title} is required`) : base).meta({ ...meta, widget: 'template' });
}

/**
 * Id of a stored credential (`cred_…`), or `""` for none. `widget: 'credential'` makes
 * the config form render a picker of stored credentials of `types` (never their
 * secrets); the id, not the secret, is saved in the workflow, so rotating the
 * credential needs no workflow change.
 */
export function credentialField(meta: { title: string; description?: string; placeholder?: string; types: readonly string[] }) {
  return z
    .string()
    .trim()
    .max(64, `${meta.title} must be at most 64 characters`)
    .regex(/^(cred_[a-z0-9]+)?$/, `${meta.title} must be a credential id (cred_…)`)
    .default('')
    .meta({ title: meta.title, description: meta.description, placeholder: meta.placeholder, credentialTypes: [...meta.types], widget: 'credential' });
}

/** A name usable as a JSON key and a JSONata path step (form field names, variable names). */
export function identifierField(meta: FieldMeta) {
  return z
    .string()
    .trim()
    .min(1, `${meta.title} is required`)
    .max(64)
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only, not starting with a digit')
    .meta(meta);
}

/** A port id chosen by the user (branch or outcome ids). */
export function portIdField(meta: FieldMeta) {
  return z
    .string()
    .trim()
    .min(1, `${meta.title} is required`)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .meta(meta);
}

/** Types of fields a form (trigger input or user task) can ask for. */
export const FORM_FIELD_TYPES = ['text', 'textarea', 'email', 'number', 'boolean', 'date', 'select'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** One field of a form shown to a person (run input form, user task form). */
export const FormFieldSchema = z.object({
  name: identifierField({ title: 'Name', description: 'Key of this value in the submitted data' }),
  label: z.string().trim().min(1, 'Label is required').max(200).meta({ title: 'Label' }),
  type: z.enum(FORM_FIELD_TYPES).default('text').meta({ title: 'Type' }),
  required: z.boolean().default(false).meta({ title: 'Required' }),
  options: z.string().max(2000).default('').meta({ title: 'Options', description: 'For select: choices separated by commas' }),
  min: z.number().optional().meta({ title: 'Min', description: 'Number: smallest value; text: fewest characters' }),
  max: z.number().optional().meta({ title: 'Max', description: 'Number: largest value; text: most characters' }),
  pattern: z
    .string()
    .max(500)
    .optional()
    .superRefine((p, ctx) => {
      if (!p) return;
      try {
        new RegExp(p, 'u');
      } catch {
        ctx.addIssue({ code: 'custom', message: 'Pattern is not a valid regular expression' });
        return;
      }
      const problem = regexProblem(p, 'u');
      if (problem) ctx.addIssue({ code: 'custom', message: `Pattern: ${problem}` });
    })
    .meta({ title: 'Pattern', description: 'Text: a regular expression the value must match, e.g. ^[A-Z]{2}\\d{6}$' }),
});
export type FormField = z.infer<typeof FormFieldSchema>;

/**
 * Why `pattern` is not a usable regular expression, or null: JavaScript syntax with
 * the `u` flag, and within what the linear-time engine (RE2) runs — no backreferences
 * or lookaround (see `lib/expressions/regex.ts`).
 */
export function patternProblem(pattern: string): string | null {
  if (!pattern) return null;
  try {
    new RegExp(pattern, 'u');
  } catch (err) {
    return (err as Error).message;
  }
  return regexProblem(pattern, 'u');
}

/** Check that names in a form are unique; used by schemas that hold a form. */
export function uniqueBy<T>(items: T[], key: (t: T) => string): string | null {
  const seen = new Set<string>();
  for (const it of items) {
    const k = key(it);
    if (seen.has(k)) return k;
    seen.add(k);
  }
  return null;
}

/**
 * A task node's retry policy (`config.retry`; shape: `RetryPolicy` in
 * `lib/engine/types.ts`). Only failures the executor marks retryable are retried:
 * network errors, timeouts, HTTP 429 (honouring `Retry-After`) and 5xx; other 4xx
 * and expression errors are not. Absent = one attempt.
 */
export const RetryPolicySchema = z
  .object({
    maxAttempts: z
      .number()
      .int('Max attempts must be a whole number')
      .min(1, 'Max attempts must be at least 1')
      .max(100, 'Max attempts must be at most 100')
      .default(3)
      .meta({ title: 'Max attempts', description: 'Attempts in total, including the first (1 = no retry)' }),
    initialIntervalMs: z
      .number()
      .int('Initial interval (ms) must be a whole number')
      .min(0, 'Initial interval (ms) must not be negative')
      .max(86_400_000, 'Initial interval (ms) must be at most 86400000 (1 day)')
      .default(1000)
      .meta({ title: 'Initial interval (ms)', description: 'Wait before the second attempt' }),
    backoffFactor: z
      .number()
      .min(1, 'Backoff factor must be at least 1')
      .max(10, 'Backoff factor must be at most 10')
      .default(2)
      .meta({ title: 'Backoff factor', description: 'Each wait is this many times the previous one' }),
    maxIntervalMs: z
      .number()
      .int('Max interval (ms) must be a whole number')
      .min(0, 'Max interval (ms) must not be negative')
      .max(86_400_000, 'Max interval (ms) must be at most 86400000 (1 day)')
      .default(60_000)
      .meta({ title: 'Max interval (ms)', description: 'Longest wait between attempts' }),
    jitter: z
      .number()
      .min(0, 'Jitter must be between 0 and 1')
      .max(1, 'Jitter must be between 0 and 1')
      .default(0.2)
      .meta({ title: 'Jitter', description: 'Random spread as a fraction of each wait (0.2 = ±20 %)' }),
  })
  .superRefine((r, ctx) => {
    if (r.maxIntervalMs >= 0 && r.maxIntervalMs < r.initialIntervalMs)
      ctx.addIssue({ code: 'custom', path: ['maxIntervalMs'], message: 'Max interval (ms) must be at least the initial interval' });
  });
export type RetryPolicyConfig = z.infer<typeof RetryPolicySchema>;

/** The optional `retry` field of task node configs. */
export function retryPolicyField() {
  return RetryPolicySchema.optional().meta({
    title: 'Retry',
    description: 'Retry transient failures (network errors, timeouts, HTTP 429 and 5xx) with exponential backoff; unset = one attempt',
  });
}

/** Port id of a gateway's branch taken when no condition holds. */
export const DEFAULT_BRANCH_PORT = 'default';

/**
 * A gateway's ordered list of conditional branches, each an output port
 * (`{ id, label, condition }`), with unique ids and `default` reserved for the
 * default branch. Used by the exclusive and inclusive gateways.
 */
export function gatewayBranchesSchema(description: string, conditionPlaceholder: string) {
  return z
    .object({
      branches: z
        .array(
          z.object({
            id: portIdField({ title: 'Port id', description: 'Stable id of this branch' }),
            label: z.string().trim().min(1, 'Label is required').max(100).meta({ title: 'Label' }),
            condition: expressionField({ title: 'Condition', placeholder: conditionPlaceholder }, { required: true }),
          }),
        )
        .min(1, 'add at least one branch')
        .max(20)
        .meta({ title: 'Branches', description }),
    })
    .superRefine((c, ctx) => {
      const dup = uniqueBy(c.branches, (b) => b.id);
      if (dup) ctx.addIssue({ code: 'custom', path: ['branches'], message: `branch id "${dup}" is used twice` });
      if (c.branches.some((b) => b.id === DEFAULT_BRANCH_PORT))
        ctx.addIssue({ code: 'custom', path: ['branches'], message: `"${DEFAULT_BRANCH_PORT}" is reserved for the default branch` });
    });
}
