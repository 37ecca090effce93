import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

const now = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('parseRetryAfter', () => {
  it.each([
    ['seconds', '4', 4000],
    ['zero', '0', 0],
    ['an HTTP-date 30 s ahead', 'Wed, 01 Jan 2025 12:00:30 GMT', 30_000],
    ['an HTTP-date in the past', 'Wed, 01 Jan 2025 11:00:00 GMT', 0],
    ['a huge number of seconds (capped)', '99999999', MAX_RETRY_AFTER_MS],
  ])('reads %s', (_, value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each([null, undefined, '', '-1', '1.5', 'soon', '2025-01-01T12:00:30Z'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
