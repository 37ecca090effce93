import { describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_MS, heartbeatMs, leaseMsFromEnv } from './lease';

describe('BATON_LEASE_MS', () => {
  it('defaults to 60 s when unset or empty', () => {
    expect(leaseMsFromEnv({})).toBe(DEFAULT_LEASE_MS);
    expect(leaseMsFromEnv({ BATON_LEASE_MS: '  ' })).toBe(60_000);
  });

  it('takes whole milliseconds from 1 s to 1 hour', () => {
    expect(leaseMsFromEnv({ BATON_LEASE_MS: '1000' })).toBe(1000);
    expect(leaseMsFromEnv({ BATON_LEASE_MS: ' 5000 ' })).toBe(5000);
    expect(leaseMsFromEnv({ BATON_LEASE_MS: '3600000' })).toBe(3_600_000);
  });

  it.each(['999', '0', '-5000', '1500.5', '5s', '3600001', 'abc'])('refuses %s, naming the variable', (raw) => {
    expect(() => leaseMsFromEnv({ BATON_LEASE_MS: raw })).toThrow(/^BATON_LEASE_MS must be a whole number of milliseconds from 1000 to 3600000, not "/);
  });

  it('extends a held lease every third of it', () => {
    expect(heartbeatMs(60_000)).toBe(20_000);
    expect(heartbeatMs(1000)).toBe(333);
  });
});
