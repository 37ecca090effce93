import { describe, expect, it } from 'vitest';
import { exportFileName, formatDuration, plural } from './format';

describe('format', () => {
  const now = Date.UTC(2025, 0, 10, 12);
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
