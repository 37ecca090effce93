/**
 * Checks submitted form data (run input from a trigger's input fields, a user
 * task's decision data) against form field definitions. Used in the browser for
 * inline errors and again on the server, which is the one that counts.
 *
 * Values by field type: text/textarea/email/date/select → string (date: `YYYY-MM-DD`;
 * email: one address, see {@link emailProblem}),
 * number → finite number within `min`/`max`, boolean → boolean; text and textarea
 * also honour `min`/`max` (characters) and `pattern`. Unknown keys are kept (API clients may
 * send more than the form shows). Patterns run on the linear-time engine of
 * `lib/expressions/regex.ts` (RE2), here and in the browser alike, so no value can
 * make checking it slow.
 */
import type { FormField } from '../nodes/fields';
import { LinearRegExp } from '../expressions/regex';

export interface FieldError {
  field: string;
  message: string;
}

/** Choices of a select field (comma-separated in its config). */
export function selectOptions(f: Pick<FormField, 'options'>): string[] {
  return f.options
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Validates `data` against `fields`.
 * @returns the errors, one per bad field (empty when valid), and the data with empty strings of optional fields removed.
 */
export function validateFormData(fields: FormField[], data: unknown): { errors: FieldError[]; value: Record<string, unknown> } {
  const errors: FieldError[] = [];
  if (data == null) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return { errors: [{ field: '', message: 'must be an object' }], value: {} };
  const value: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const f of fields) {
    const v = value[f.name];
    const missing = v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    if (missing) {
      if (f.required && f.type !== 'boolean') errors.push({ field: f.name, message: `${f.label} is required` });
      if (typeof v === 'string') delete value[f.name];
      continue;
    }
    switch (f.type) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push({ field: f.name, message: `${f.label} must be a number` });
        else if (f.min !== undefined && v < f.min) errors.push({ field: f.name, message: `${f.label} must be at least ${f.min}` });
        else if (f.max !== undefined && v > f.max) errors.push({ field: f.name, message: `${f.label} must be at most ${f.max}` });
        break;
      case 'boolean':
        if (typeof v !== 'boolean') errors.push({ field: f.name, message: `${f.label} must be true or false` });
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v)))
          errors.push({ field: f.name, message: `${f.label} must be a date (YYYY-MM-DD)` });
        break;
      case 'email': {
        const problem = typeof v === 'string' ? (emailProblem(v.trim()) ?? textProblem(f, v.trim())) : 'must be text';
        if (problem) errors.push({ field: f.name, message: `${f.label} ${problem}` });
        else value[f.name] = (v as string).trim();
        break;
      }
      case 'select': {
        const opts = selectOptions(f);
        if (typeof v !== 'string' || (opts.length > 0 && !opts.includes(v)))
          errors.push({ field: f.name, message: `${f.label} must be one of: ${opts.join(', ')}` });
        break;
      }
      default: {
        if (typeof v !== 'string') {
          errors.push({ field: f.name, message: `${f.label} must be text` });
          break;
        }
        const problem = textProblem(f, v);
        if (problem) errors.push({ field: f.name, message: `${f.label} ${problem}` });
      }
    }
  }
  return { errors, value };
}

/**
 * A text value's problem against its field's rules, or null: at most 100,000
 * characters, `min`/`max` characters, and `pattern` (a regular expression in
 * JavaScript syntax with the `u` flag, run by RE2: no backreferences or lookaround;
 * written by the workflow's designer; it must match somewhere in the value, so anchor
 * it with `^…$` to match the whole value; a value whose search would be more work than
 * `REGEX_MAX_WORK` of `regex.ts` cannot be checked and is refused).
 */
function textProblem(f: FormField, v: string): string | null {
  if (v.length > 100_000) return 'is longer than 100000 characters';
  if (f.min !== undefined && v.length < f.min) return `must be at least ${f.min} characters`;
  if (f.max !== undefined && v.length > f.max) return `must be at most ${f.max} characters`;
  if (f.pattern) {
    let matches: boolean;
    try {
      matches = new LinearRegExp(f.pattern, 'u').test(v);
    } catch (err) {
      return `cannot be checked: ${err instanceof Error ? err.message : 'its pattern is not a valid regular expression'}`;
    }
    if (!matches) return `does not match the expected format (${f.pattern})`;
  }
  return null;
}

/** Longest e-mail address accepted, characters (RFC 5321 §4.5.3.1.3 path limit less the brackets). */
export const EMAIL_MAX_LENGTH = 254;

/**
 * Why `v` is not one e-mail address, or null. Accepts `local@domain` where the local
 * part is at most 64 characters of letters, digits and ``!#$%&'*+/=?^_`{|}~.-`` (no
 * leading, trailing or double dot), and the domain is at least two dot-separated labels
 * of letters, digits and hyphens (no leading or trailing hyphen, each ≤ 63), the last
 * one alphabetic with two letters or more: the "valid e-mail address" of the HTML
 * standard's `<input type="email">`, tightened to require a top-level domain, so the
 * browser and the server agree. No display names (`Ann <ann@x.org>`), no lists.
 */
export function emailProblem(v: string): string | null {
  if (v.length > EMAIL_MAX_LENGTH) return `must be at most ${EMAIL_MAX_LENGTH} characters`;
  const at = v.lastIndexOf('@');
  if (at < 1 || at === v.length - 1) return 'must be an e-mail address like name@example.com';
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  if (local.length > 64 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return 'must be an e-mail address like name@example.com';
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((l) => !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) || !/^[A-Za-z]{2,}$/.test(labels[labels.length - 1]!))
    return 'must be an e-mail address like name@example.com';
  return null;
}
