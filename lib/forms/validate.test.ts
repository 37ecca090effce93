/** Form data checks shared by the browser and the server (run input, user task decisions). */
import { describe, expect, it } from 'vitest';
import { FormFieldSchema, type FormField } from '../nodes/fields';
import { validateFormData } from './validate';

const field = (f: Partial<FormField> & Pick<FormField, 'name' | 'type'>): FormField => FormFieldSchema.parse({ label: f.name[0]!.toUpperCase() + f.name.slice(1), ...f });
const messages = (fields: FormField[], data: unknown) => validateFormData(fields, data).errors.map((e) => `${e.field}: ${e.message}`);

describe('validateFormData', () => {
  it('checks each type and keeps unknown keys, dropping empty optional text', () => {
    const fields = [field({ name: 'amount', type: 'number', required: true }), field({ name: 'when', type: 'date' }), field({ name: 'tier', type: 'select', options: 'gold, silver' }), field({ name: 'note', type: 'text' })];
    expect(messages(fields, { amount: '5', when: '2026-13-45x', tier: 'bronze' })).toEqual(['amount: Amount must be a number', 'when: When must be a date (YYYY-MM-DD)', 'tier: Tier must be one of: gold, silver']);
    expect(messages(fields, {})).toEqual(['amount: Amount is required']);
    expect(validateFormData(fields, { amount: 5, note: '  ', extra: 1 })).toEqual({ errors: [], value: { amount: 5, extra: 1 } });
    expect(messages(fields, [1])).toEqual([': must be an object']);
  });

  it('enforces min and max: the value of a number, the length of text', () => {
    const fields = [field({ name: 'seats', type: 'number', min: 1, max: 50 }), field({ name: 'reason', type: 'textarea', min: 10, max: 20 })];
    expect(messages(fields, { seats: 0, reason: 'too short' })).toEqual(['seats: Seats must be at least 1', 'reason: Reason must be at least 10 characters']);
    expect(messages(fields, { seats: 51, reason: 'x'.repeat(21) })).toEqual(['seats: Seats must be at most 50', 'reason: Reason must be at most 20 characters']);
    expect(messages(fields, { seats: 50, reason: 'exactly ten' })).toEqual([]);
  });

  it('enforces a pattern on text', () => {
    const fields = [field({ name: 'iban', type: 'text', pattern: '^[A-Z]{2}\\d{2}[A-Z0-9]{4,30}$' })];
    expect(messages(fields, { iban: 'de89 3704' })).toEqual(['iban: Iban does not match the expected format (^[A-Z]{2}\\d{2}[A-Z0-9]{4,30}$)']);
    expect(messages(fields, { iban: 'DE89370400440532013000' })).toEqual([]);
  });

  it('refuses a form field whose pattern is not a regular expression', () => {
    const r = FormFieldSchema.safeParse({ name: 'code', label: 'Code', type: 'text', pattern: '([a-z' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe('Pattern is not a valid regular expression');
    expect(r.error!.issues[0]!.path).toEqual(['pattern']);
  });

  it('checks a catastrophic pattern in linear time, and refuses patterns RE2 cannot run', () => {
    const fields = [field({ name: 'name', type: 'text', pattern: '^([a-z]+)+$' })];
    const started = performance.now();
    expect(messages(fields, { name: `${'a'.repeat(50_000)}!` })).toEqual(['name: Name does not match the expected format (^([a-z]+)+$)']);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(messages(fields, { name: 'abc' })).toEqual([]);
    const r = FormFieldSchema.safeParse({ name: 'code', label: 'Code', type: 'text', pattern: '^(?!admin)[a-z]+$' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toMatch(/^Pattern: regular expression \/\^\(\?!admin\)\[a-z\]\+\$\/ uses a negative lookahead/);
    expect(r.error!.issues[0]!.path).toEqual(['pattern']);
  });

  it('refuses to check a value with a pattern whose search would take too long, without running it', () => {
    const fields = [field({ name: 'code', type: 'text', pattern: '[ab]{1000}[bc]' })];
    const started = performance.now();
    expect(messages(fields, { code: 'a'.repeat(100_000) })).toEqual([expect.stringMatching(/^code: Code cannot be checked: regular expression \/\[ab\]\{1000\}\[bc\]\/ \(\d+ instructions\) over 100000 characters is more work than the limit/)]);
    expect(performance.now() - started).toBeLessThan(200);
    expect(messages(fields, { code: `${'a'.repeat(1000)}b` })).toEqual([]);
  });
});
