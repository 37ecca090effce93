import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, resolveClientAddress } from './client-address';
import { AccountLock } from './account-lock';

describe('resolveClientAddress', () => {
  const none = parseTrustedProxies(undefined);
  const proxies = parseTrustedProxies('127.0.0.1/32, 10.0.0.0/8, ::1');

  it('without trusted proxies, the socket address and nothing a client wrote', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', '203.0.113.5', none)).toBe('127.0.0.1');
    expect(resolveClientAddress('198.51.100.1', '203.0.113.5, 10.0.0.1', none)).toBe('198.51.100.1');
    expect(resolveClientAddress(undefined, '203.0.113.5', none)).toBeNull();
  });

  it('behind trusted proxies, the right-most untrusted X-Forwarded-For entry', () => {
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7, 203.0.113.5', proxies)).toBe('203.0.113.5');
    expect(resolveClientAddress('127.0.0.1', '198.51.100.7, 203.0.113.5, 10.1.2.3', proxies)).toBe('203.0.113.5');
    expect(resolveClientAddress('::1', ['198.51.100.7', '10.1.2.3'], proxies)).toBe('198.51.100.7');
    expect(resolveClientAddress('127.0.0.1', '[2001:db8::1]:443', proxies)).toBe('2001:db8::1');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5:8080', proxies)).toBe('203.0.113.5');
  });

  it('an untrusted socket ignores the header; a malformed or all-trusted chain stops at the last checked address', () => {
    expect(resolveClientAddress('198.51.100.1', '203.0.113.5', proxies)).toBe('198.51.100.1');
    expect(resolveClientAddress('127.0.0.1', '203.0.113.5, not-an-ip', proxies)).toBe('127.0.0.1');
    expect(resolveClientAddress('127.0.0.1', '10.0.0.2, 10.0.0.1', proxies)).toBe('10.0.0.2');
    expect(resolveClientAddress('127.0.0.1', undefined, proxies)).toBe('127.0.0.1');
  });

  it('refuses a trusted-proxy entry that is not an IP or network, naming it', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8, proxy.internal')).toThrow(/"proxy.internal"/);
    expect(parseTrustedProxies('::ffff:10.0.0.0/104')[0][1]).toBe(8);
  });
});

describe('AccountLock', () => {
  it('locks after the failures within the window, for the lock time, and forgets on success', () => {
    let now = 1_000_000;
    const lock = new AccountLock({ failures: 3, windowMs: 60_000, lockMs: 30_000, clock: () => now });
    expect(lock.fail('a@x')).toBe(0);
    expect(lock.fail('a@x')).toBe(0);
    now += 61_000; // the first two fall out of the window
    expect(lock.fail('a@x')).toBe(0);
    expect(lock.fail('a@x')).toBe(0);
    expect(lock.lockedFor('a@x')).toBe(0);
    expect(lock.fail('a@x')).toBe(30);
    expect(lock.lockedFor('a@x')).toBe(30);
    expect(lock.lockedFor('b@x')).toBe(0);
    now += 29_500;
    expect(lock.lockedFor('a@x')).toBe(1);
    now += 500;
    expect(lock.lockedFor('a@x')).toBe(0);
    lock.fail('b@x');
    lock.fail('b@x');
    lock.succeed('b@x');
    expect(lock.fail('b@x')).toBe(0);
  });
});
