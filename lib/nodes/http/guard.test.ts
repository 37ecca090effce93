import { describe, expect, it } from 'vitest';
import { checkAddresses, checkHost, embeddedIpv4, parseIp, parseRule, policyFromEnv } from './guard';
import type ipaddr from 'ipaddr.js';

const defaults = policyFromEnv({});

describe('outbound guard rules', () => {
  it.each([
    ['api.example.com', 'host'],
    ['*.example.com', 'suffix'],
    ['10.0.0.0/8', 'net'],
    ['::1', 'net'],
    ['::ffff:10.0.0.0/104', 'net'],
    ['*', 'any'],
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

  it.each([
    ['127.0.0.1', '127.0.0.0/8'],
    ['[::1]', '::1'],
    ['0.0.0.0', '0.0.0.0/8'],
    ['[::]', '::'],
    ['[::ffff:127.0.0.1]', '127.0.0.0/8'],
    ['[::a9fe:a9fe]', '169.254.169.254'],
    ['[64:ff9b::a9fe:a9fe]', '169.254.169.254'],
    ['[64:ff9b:1::a9fe:a9fe]', '169.254.169.254'],
    ['[2002:a9fe:a9fe::1]', '169.254.169.254'],
    ['[::ffff:0:a9fe:a9fe]', '169.254.169.254'],
    ['[2001:0:4136:e378:8000:63bf:5601:5601]', '169.254.169.254'],
    ['100.100.100.200', '100.100.100.200'],
    ['168.63.129.16', '168.63.129.16'],
  ])('blocks %s by default (embedded IPv4 forms normalised)', (host, rule) => {
    expect(checkHost(defaults, host)).toMatchObject({ rule, source: 'default' });
  });

  it('reads the IPv4 address embedded in IPv6 forms, and nothing from other addresses', () => {
    const inner = (a: string) => embeddedIpv4(parseIp(a) as ipaddr.IPv6)?.toString() ?? null;
    expect(inner('::a9fe:a9fe')).toBe('169.254.169.254');
    expect(inner('2002:0a00:0001::')).toBe('10.0.0.1');
    expect(inner('2606:4700::1111')).toBeNull();
    expect(inner('fd00:ec2::254')).toBeNull();
  });

  it('names resolving to unspecified or embedded metadata addresses are blocked', () => {
    expect(checkAddresses(defaults, 'zero.test', ['0.0.0.0'])).toMatchObject({ rule: '0.0.0.0/8', subject: 'zero.test → 0.0.0.0' });
    expect(checkAddresses(defaults, 'six.test', ['::'])).toMatchObject({ rule: '::' });
    expect(checkAddresses(defaults, 'nat.test', ['64:ff9b::a9fe:a9fe'])).toMatchObject({ rule: '169.254.169.254', subject: 'nat.test → 64:ff9b::a9fe:a9fe (169.254.169.254)' });
  });

  it("Baton's own origin passes the defaults and the allow list, not a deny rule", () => {
    expect(checkHost(defaults, '127.0.0.1', true)).toBeNull();
    expect(checkAddresses(defaults, 'localhost', ['127.0.0.1', '::1'], true)).toBeNull();
    const closedList = policyFromEnv({ BATON_HTTP_ALLOW: 'api.example.com' });
    expect(checkHost(closedList, '127.0.0.1', true)).toBeNull();
    expect(checkHost(policyFromEnv({ BATON_HTTP_DENY: '127.0.0.0/8' }), '127.0.0.1', true)).toMatchObject({ source: 'BATON_HTTP_DENY' });
  });

  it('BATON_HTTP_ALLOW opens a local service; `*` keeps everything else open and every built-in rule', () => {
    const p = policyFromEnv({ BATON_HTTP_ALLOW: '127.0.0.1, *' });
    expect(checkHost(p, '127.0.0.1')).toBeNull();
    expect(checkHost(p, '127.0.0.2')).toMatchObject({ rule: '127.0.0.0/8', source: 'default' });
    expect(checkHost(p, '8.8.8.8')).toBeNull();
    expect(checkAddresses(p, 'example.com', ['93.184.216.34'])).toBeNull();
    expect(checkHost(p, '[64:ff9b::a9fe:a9fe]')).toMatchObject({ rule: '169.254.169.254', source: 'default' });
    expect(checkAddresses(p, 'evil.test', ['0.0.0.0'])).toMatchObject({ source: 'default' });
  });

  it.each(['10.1.2.3', 'example.com', '[2606:4700::1111]'])('allows %s by default', (host) => {
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
