/** Where sign-in goes next: only same-site paths, never another site (open redirect). */
import { describe, expect, it } from 'vitest';
import { safeNext } from '@/lib/util/safe-next';

describe('safeNext', () => {
  it('follows local paths with their query', () => {
    expect(safeNext('/inbox/task_01?tab=mine')).toBe('/inbox/task_01?tab=mine');
  });
  it.each(['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/sign-in?next=/x', '', null, undefined])('refuses %s', (next) => {
    expect(safeNext(next)).toBe('/workflows');
  });
});
