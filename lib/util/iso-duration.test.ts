import { describe, expect, it } from 'vitest';
import { addIsoDuration, isoDurationProblem, parseIsoDuration } from './iso-duration';

const at = (iso: string) => Date.parse(iso);
const add = (start: string, text: string) => {
  const p = parseIsoDuration(text);
  if (!p.ok) throw new Error(p.error);
  const r = addIsoDuration(at(start), p.value);
  if (!r.ok) throw new Error(r.error);
  return new Date(r.value).toISOString();
};

describe('parseIsoDuration', () => {
  it.each([
    ['PT5M', { minutes: 5 }],
    ['P2D', { days: 2 }],
    ['P2W', { weeks: 2 }],
    ['PT1.5S', { seconds: 1.5 }],
    ['PT0,25S', { seconds: 0.25 }],
    ['P1Y2M10DT2H30M', { years: 1, months: 2, days: 10, hours: 2, minutes: 30 }],
  ])('parses %s', (text, parts) => {
    const r = parseIsoDuration(text);
    expect(r).toEqual({ ok: true, value: { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts } });
  });

  it.each(['', 'P', 'PT', 'P1DT', '5M', 'pt5m', 'PT-5M', 'P1.5D', 'PT5M ', 'P1M1Y', 'P2025-01-01', 'PT1.2345S', '-PT5M'])('rejects %j with a hint', (text) => {
    const r = parseIsoDuration(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/ISO 8601/);
  });
});

describe('addIsoDuration', () => {
  it.each([
    ['2025-01-01T00:00:00.000Z', 'PT30M', '2025-01-01T00:30:00.000Z'],
    ['2025-01-01T10:00:00.000Z', 'P1DT12H', '2025-01-02T22:00:00.000Z'],
    ['2025-01-31T08:00:00.000Z', 'P1M', '2025-02-28T08:00:00.000Z'],
    ['2024-01-31T08:00:00.000Z', 'P1M', '2024-02-29T08:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2025-11-15T00:00:00.000Z', 'P3M', '2026-02-15T00:00:00.000Z'],
    ['2025-01-01T00:00:00.000Z', 'PT0.001S', '2025-01-01T00:00:00.001Z'],
  ])('%s + %s = %s', (start, text, expected) => {
    expect(add(start, text)).toBe(expected);
  });

  it('refuses to reach past the year 9999', () => {
    expect(isoDurationProblem('P999999999Y')).toMatch(/9999/);
    expect(isoDurationProblem('PT5M')).toBeNull();
  });
});
