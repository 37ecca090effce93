import { describe, expect, it } from 'vitest';
import { AccountLock, MAX_TRACKED_ACCOUNTS } from './account-lock';

describe('AccountLock at its cap of tracked accounts', () => {
  const opts = { failures: 3, windowMs: 60_000, lockMs: 120_000 };

  it('failures on 50,000 other emails neither lift a lock nor reset a count inside the window', () => {
    let now = 1_000_000;
    const lock = new AccountLock({ ...opts, clock: () => now });
    for (let i = 0; i < 3; i++) lock.fail('locked@example.test');
    expect(lock.lockedFor('locked@example.test')).toBe(120);
    lock.fail('counting@example.test');
    lock.fail('counting@example.test');

    now += 1_000;
    for (let i = 0; i < MAX_TRACKED_ACCOUNTS + 10; i++) lock.fail(`flood-${i}@example.test`);

    expect(lock.lockedFor('locked@example.test')).toBe(119);
    // Its two earlier failures still count: the third locks it.
    expect(lock.fail('counting@example.test')).toBe(120);
    expect(lock.lockedFor('counting@example.test')).toBe(120);
  });

  it('drops spent entries (window over, not locked) to make room for new accounts', () => {
    let now = 1_000_000;
    const lock = new AccountLock({ ...opts, clock: () => now });
    for (let i = 0; i < MAX_TRACKED_ACCOUNTS; i++) lock.fail(`old-${i}@example.test`);
    expect(lock.size).toBe(MAX_TRACKED_ACCOUNTS);
    now += 60_000;
    for (let i = 0; i < 3; i++) lock.fail('new@example.test');
    expect(lock.lockedFor('new@example.test')).toBe(120);
    expect(lock.size).toBe(1);

    // Filled again, and spent again: room is made again.
    for (let i = 0; i < MAX_TRACKED_ACCOUNTS - 1; i++) lock.fail(`again-${i}@example.test`);
    expect(lock.fail('refused@example.test')).toBe(0);
    expect(lock.size).toBe(MAX_TRACKED_ACCOUNTS);
    now += 120_000;
    lock.fail('later@example.test');
    expect(lock.size).toBe(1);
  });

  it('a flood of new accounts while the map is full of live entries costs no scan each', () => {
    let now = 1_000_000;
    const lock = new AccountLock({ ...opts, clock: () => now });
    for (let i = 0; i < MAX_TRACKED_ACCOUNTS; i++) lock.fail(`live-${i}@example.test`);
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) lock.fail(`extra-${i}@example.test`);
    // 20,000 scans of 50,000 entries would take a minute or more; this takes milliseconds (a bound with a wide margin, not a speed measurement).
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(lock.size).toBe(MAX_TRACKED_ACCOUNTS);
  });
});
