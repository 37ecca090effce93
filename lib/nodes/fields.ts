/**
 * Reusable zod field builders for node config schemas. Each carries `.meta()` hints
 * that the generated config form reads from the JSON Schema (zod 4 `toJSONSchema`
 * copies metadata into the schema):
 * - `title`, `description`: field label and help text.
 * - `widget`: `expression` (a JSONata expression), `template` (text with `{{ expr }}`
 *   parts), `textarea`, or absent for the default input of the type.
 * - `placeholder`: input placeholder.
 */
import { z } from 'zod';

export type FieldWidget = 'expression' | 'template' | 'textarea';

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
export const FORM_FIELD_TYPES = ['text', 'textarea', 'number', 'boolean', 'date', 'select'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** One field of a form shown to a person (run input form, user task form). */
export const FormFieldSchema = z.object({
  name: identifierField({ title: 'Name', description: 'Key of this value in the submitted data' }),
  label: z.string().trim().min(1, 'Label is required').max(200).meta({ title: 'Label' }),
  type: z.enum(FORM_FIELD_TYPES).default('text').meta({ title: 'Type' }),
  required: z.boolean().default(false).meta({ title: 'Required' }),
  options: z.string().max(2000).default('').meta({ title: 'Options', description: 'For select: choices separated by commas' }),
});
export type FormField = z.infer<typeof FormFieldSchema>;

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
