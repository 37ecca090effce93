/** The one date/time format of the app. */
import { describe, expect, it } from 'vitest';
import { clockTime, formatDate, formatDateTime, formatDuration, formatTime, relativeTime } from './time';

describe('time formats', () => {
  const at = new Date(2026, 11, 5, 14, 3, 7).getTime(); // local time
  it('formats date and time alike everywhere: 24-hour clock, English month', () => {
    expect(formatDateTime(at)).toBe('5 Dec 2026, 14:03:07');
    expect(formatDate(at)).toBe('5 Dec 2026');
    expect(formatTime(at)).toBe('14:03:07');
    expect(formatTime(new Date(2026, 0, 1, 0, 5, 9).getTime())).toBe('00:05:09');
  });
  it('shows the clock time on the same day, else day and minute', () => {
    expect(clockTime(at, at + 3_600_000)).toBe('14:03:07');
    expect(clockTime(at, at + 2 * 86_400_000)).toBe('5 Dec, 14:03');
  });
  it('relative times, past and future; old ones as a date', () => {
    expect(relativeTime(at, at + 2_000)).toBe('just now');
    expect(relativeTime(at, at + 42_000)).toBe('42 s ago');
    expect(relativeTime(at, at + 5 * 60_000)).toBe('5 min ago');
    expect(relativeTime(at + 3 * 3_600_000, at)).toBe('in 3 h');
    expect(relativeTime(at, at + 2 * 86_400_000)).toBe('2 d ago');
    expect(relativeTime(at, at + 40 * 86_400_000)).toBe('5 Dec 2026');
  });
  it('durations', () => {
    expect([null, -1, 0, 850, 1450, 12_900, 125_000, 3_780_000, 187_200_000].map(formatDuration)).toEqual(['—', '—', '0 ms', '850 ms', '1.4 s', '12 s', '2 min 5 s', '1 h 3 min', '2 d 4 h']);
  });
});
