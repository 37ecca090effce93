/** The `email` form field type: one address, checked alike in the browser and on the server. */
import { describe, expect, it } from 'vitest';
import { FormFieldSchema, type FormField } from '../nodes/fields';
import { EMAIL_MAX_LENGTH, emailProblem, validateFormData } from './validate';

const email = (extra: Partial<FormField> = {}): FormField => FormFieldSchema.parse({ name: 'contact', label: 'Contact', type: 'email', ...extra });

describe('email fields', () => {
  it('accepts ordinary addresses and stores them trimmed', () => {
    for (const ok of ['ann@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@x-y.org", 'A_B@EXAMPLE.IO'])
      expect(emailProblem(ok), ok).toBeNull();
    expect(validateFormData([email({ required: true })], { contact: '  ann@example.com ' })).toEqual({ errors: [], value: { contact: 'ann@example.com' } });
  });

  it('refuses what is not one address, naming the field', () => {
    const bad = ['ann', 'ann@', '@example.com', 'ann@example', 'ann@@example.com', 'ann example@x.com', 'ann.@x.com', '.ann@x.com', 'a..b@x.com', 'ann@-x.com', 'ann@x-.com', 'ann@x.c0m', 'Ann <ann@x.org>', 'a@x.com, b@x.com'];
    for (const v of bad) expect(validateFormData([email()], { contact: v }).errors, v).toEqual([{ field: 'contact', message: 'Contact must be an e-mail address like name@example.com' }]);
    expect(validateFormData([email()], { contact: 42 }).errors).toEqual([{ field: 'contact', message: 'Contact must be text' }]);
  });

  it('limits the length of the address and of its local part', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`;
    expect(long.length).toBeLessThanOrEqual(EMAIL_MAX_LENGTH);
    expect(emailProblem(long)).toBeNull();
    expect(emailProblem(`${'a'.repeat(65)}@example.com`)).toBe('must be an e-mail address like name@example.com');
    expect(emailProblem(`a@${`${'b'.repeat(63)}.`.repeat(4)}com`)).toBe(`must be at most ${EMAIL_MAX_LENGTH} characters`);
  });

  it('treats an empty optional address as absent and a missing required one as required', () => {
    expect(validateFormData([email()], { contact: ' ' })).toEqual({ errors: [], value: {} });
    expect(validateFormData([email({ required: true })], {}).errors).toEqual([{ field: 'contact', message: 'Contact is required' }]);
  });

  it('also honours the field pattern (e.g. one company domain)', () => {
    const f = email({ pattern: '@example\\.com$' });
    expect(validateFormData([f], { contact: 'ann@example.com' }).errors).toEqual([]);
    expect(validateFormData([f], { contact: 'ann@other.org' }).errors).toEqual([{ field: 'contact', message: 'Contact does not match the expected format (@example\\.com$)' }]);
  });
});
