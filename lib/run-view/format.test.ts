import { describe, expect, it } from 'vitest';
import { decisionPhrase, errorWithoutNode, formatDuration, initials, outcomeTone, relativeTime, summarize } from './format';

describe('formatters', () => {
  it('formatDuration', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1450)).toBe('1.4 s');
    expect(formatDuration(12_900)).toBe('12 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
  });
  it('relativeTime', () => {
    const now = 1_000_000_000;
    expect(relativeTime(now - 1000, now)).toBe('just now');
    expect(relativeTime(now - 42_000, now)).toBe('42 s ago');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2 d ago');
    expect(relativeTime(now + 120_000, now)).toBe('in 2 min');
  });
  it('summarize, initials, outcomeTone', () => {
    expect(summarize({ a: 'x'.repeat(100) }, 20)).toHaveLength(20);
    expect(summarize(undefined)).toBe('');
    expect(summarize(null)).toBe('null');
    expect(initials('Sam Chen')).toBe('SC');
    expect(initials('priya')).toBe('PR');
    expect(initials('')).toBe('?');
    expect(outcomeTone('approve')).toBe('positive');
    expect(outcomeTone('Reject')).toBe('negative');
    expect(outcomeTone('escalate')).toBe('neutral');
  });
  it('errorWithoutNode', () => {
    expect(errorWithoutNode('HTTP request "Book courier" (ship) HTTP 500 Internal Server Error from POST /x')).toBe('HTTP 500 Internal Server Error from POST /x');
    expect(errorWithoutNode('Exclusive gateway "Route" (route): no condition held')).toBe('no condition held');
    expect(errorWithoutNode('Wait "pause": the due time is not a valid time')).toBe('the due time is not a valid time');
    expect(errorWithoutNode('boom')).toBe('boom');
    expect(errorWithoutNode('HTTP request "Charge" (charge)')).toBe('HTTP request "Charge" (charge)');
  });
});

describe('decisionPhrase', () => {
  it('reads as a past-tense sentence start', () => {
    expect(['approve', 'reject', 'send', 'resolve', 'approved', 'Refund', 'changes', 'false_alarm', 'ship'].map(decisionPhrase)).toEqual([
      'Approved by',
      'Rejected by',
      'Sent by',
      'Resolved by',
      'Approved by',
      'Refunded by',
      '“changes” by',
      '“false alarm” by',
      'Shipped by',
    ]);
  });
});
