import { describe, expect, it } from 'vitest';
import { exportFileName, formatDuration, plural, relativeTime } from './format';

describe('format', () => {
  const now = Date.UTC(2025, 0, 10, 12);
  it('relativeTime', () => {
    expect(relativeTime(now - 10_000, now)).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(relativeTime(now - 26 * 3600_000, now)).toBe('yesterday');
    expect(relativeTime(now - 4 * 86400_000, now)).toBe('4 days ago');
    expect(relativeTime(Date.UTC(2024, 0, 1), now)).toBe('2024-01-01');
  });
  it('exportFileName', () => {
    expect(exportFileName('Customer onboarding')).toBe('customer-onboarding.workflow.json');
    expect(exportFileName('!!!')).toBe('workflow.workflow.json');
  });
  it('plural and duration', () => {
    expect(plural(1, 'problem')).toBe('1 problem');
    expect(plural(3, 'problem')).toBe('3 problems');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2400)).toBe('2.4 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
});
