import { describe, expect, it } from 'vitest';
import { checkAddresses, checkHost, parseRule, policyFromEnv } from './guard';

const defaults = policyFromEnv({});

describe('outbound guard rules', () => {
  it.each([
    ['api.example.com', 'host'],
    ['*.example.com', 'suffix'],
    ['10.0.0.0/8', 'net'],
    ['::1', 'net'],
    ['::ffff:10.0.0.0/104', 'net'],
  ])('parses %s', (text, kind) => {
    expect(parseRule(text).kind).toBe(kind);
  });

  it.each(['10.0.0.0/33', 'http://x', 'a b', '*.'])('refuses %s', (text) => {
    expect(() => parseRule(text)).toThrow();
  });

  it('names the environment variable of a bad rule', () => {
    expect(() => policyFromEnv({ BATON_HTTP_DENY: 'ok.com, 1.2.3.4/40' })).toThrow(/^BATON_HTTP_DENY: "1.2.3.4\/40" is not a valid CIDR network/);
  });

  it.each([
    ['169.254.169.254', '169.254.169.254'],
    ['METADATA.google.internal.', 'metadata.google.internal'],
    ['[fe80::abcd]', 'fe80::/10'],
    ['::ffff:169.254.1.1', '169.254.0.0/16'],
  ])('blocks %s by default', (host, rule) => {
    expect(checkHost(defaults, host)).toMatchObject({ rule, source: 'default' });
  });

  it.each(['127.0.0.1', '::1', '10.1.2.3', 'example.com'])('allows %s by default', (host) => {
    expect(checkHost(defaults, host)).toBeNull();
  });

  it('checks every resolved address; one denied address blocks the name', () => {
    expect(checkAddresses(defaults, 'evil.test', ['93.184.216.34', '169.254.169.254'])).toMatchObject({ rule: '169.254.169.254', subject: 'evil.test → 169.254.169.254' });
    expect(checkAddresses(defaults, 'ok.test', ['93.184.216.34', '2606:2800::1'])).toBeNull();
  });

  it('deny beats allow, allow lifts a default, an allow list closes everything else', () => {
    const p = policyFromEnv({ BATON_HTTP_ALLOW: '*.corp.example, 169.254.169.254, 10.0.0.0/8', BATON_HTTP_DENY: 'bad.corp.example, 10.9.0.0/16' });
    expect(checkHost(p, 'bad.corp.example')).toMatchObject({ source: 'BATON_HTTP_DENY' });
    expect(checkHost(p, 'api.corp.example')).toBeNull();
    expect(checkAddresses(p, 'api.corp.example', ['192.168.1.1'])).toBeNull();
    expect(checkAddresses(p, 'api.corp.example', ['10.9.1.1'])).toMatchObject({ rule: '10.9.0.0/16', source: 'BATON_HTTP_DENY' });
    expect(checkHost(p, '169.254.169.254')).toBeNull();
    expect(checkHost(p, '169.254.1.1')).toMatchObject({ source: 'default' });
    expect(checkAddresses(p, 'other.example', ['10.2.3.4'])).toBeNull();
    expect(checkAddresses(p, 'other.example', ['8.8.8.8'])).toMatchObject({ source: 'BATON_HTTP_ALLOW' });
    expect(checkHost(p, '8.8.8.8')).toMatchObject({ source: 'BATON_HTTP_ALLOW' });
  });
});
