import { describe, expect, it } from 'vitest';
import { exportFileName, plural } from './format';

describe('format', () => {
  it('exportFileName', () => {
    expect(exportFileName('Customer onboarding')).toBe('customer-onboarding.workflow.json');
    expect(exportFileName('!!!')).toBe('workflow.workflow.json');
  });
  it('plural', () => {
    expect(plural(1, 'problem')).toBe('1 problem');
    expect(plural(3, 'problem')).toBe('3 problems');
  });
});
