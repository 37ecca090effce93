/**
 * The outbound guard's rules: which hosts and networks HTTP-calling nodes (HTTP
 * request, Send webhook, AI step) may reach. Pure: parsing and matching only; DNS
 * resolution and enforcement live in `./request.ts`.
 *
 * A rule is a host name (`api.example.com`), a wildcard (`*.example.com`: the
 * subdomains, not the name itself), an IP address (`10.1.2.3`, `::1`) or a CIDR
 * network (`10.0.0.0/8`, `fe80::/10`). Host-name rules match the URL's host; IP and
 * network rules match the URL's IP literal or every address its name resolves to.
 *
 * Decision for a destination, first match wins:
 * 1. a `BATON_HTTP_DENY` rule → blocked;
 * 2. a `BATON_HTTP_ALLOW` rule → allowed (this can lift a built-in default);
 * 3. a built-in default rule ({@link DEFAULT_DENY}: cloud metadata, link-local) → blocked;
 * 4. `BATON_HTTP_ALLOW` is set (non-empty) → blocked, the host is not on the list;
 * 5. allowed. Loopback (127.0.0.0/8, ::1) and private networks are allowed by default,
 *    so Baton's own demo endpoints on 127.0.0.1 work; deny them with `BATON_HTTP_DENY`.
 */
import ipaddr from 'ipaddr.js';

/** Built-in denials: cloud metadata services and link-local networks. */
export const DEFAULT_DENY: readonly string[] = ['169.254.169.254', 'fd00:ec2::254', 'metadata.google.internal', '169.254.0.0/16', 'fe80::/10'];

export type GuardRule =
  | { kind: 'host'; text: string; host: string }
  | { kind: 'suffix'; text: string; suffix: string }
  | { kind: 'net'; text: string; net: [ipaddr.IPv4 | ipaddr.IPv6, number] };

export interface GuardPolicy {
  deny: GuardRule[];
  allow: GuardRule[];
  defaults: GuardRule[];
}

/** Why a destination is blocked; `null` when it is allowed. */
export interface GuardVerdict {
  /** The rule text that decided, e.g. `169.254.0.0/16`, or `BATON_HTTP_ALLOW` when the host is not on the allow list. */
  rule: string;
  /** Where the rule comes from: `BATON_HTTP_DENY`, `default`, `BATON_HTTP_ALLOW`. */
  source: 'BATON_HTTP_DENY' | 'default' | 'BATON_HTTP_ALLOW';
  /** The address or host name that matched. */
  subject: string;
}

/** Lower case, no trailing dot, no IPv6 brackets. */
export function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/**
 * Parses one rule. @throws Error naming the rule when it is neither a host name,
 * a wildcard, an IP address nor a CIDR network.
 */
export function parseRule(text: string): GuardRule {
  const t = normalizeHost(text);
  if (t.includes('/')) {
    if (!ipaddr.isValidCIDR(t)) throw new Error(`"${text}" is not a valid CIDR network`);
    const [addr, bits] = ipaddr.parseCIDR(t);
    // `::ffff:a.b.c.d/n` is an IPv4 network: addresses are compared in IPv4 form.
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return { kind: 'net', text: t, net: [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96] };
    return { kind: 'net', text: t, net: [addr, bits] };
  }
  if (ipaddr.isValid(t)) {
    const addr = ipaddr.process(t);
    return { kind: 'net', text: t, net: [addr, addr.kind() === 'ipv4' ? 32 : 128] };
  }
  if (t.startsWith('*.') && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(t.slice(2))) return { kind: 'suffix', text: t, suffix: t.slice(1) };
  if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(t)) return { kind: 'host', text: t, host: t };
  throw new Error(`"${text}" is not a host name, *.domain wildcard, IP address or CIDR network`);
}

/** Parses a comma- or whitespace-separated list of rules. @throws Error naming `source` and the bad rule. */
export function parseRules(list: string | undefined, source: string): GuardRule[] {
  const items = (list ?? '').split(/[\s,]+/).filter(Boolean);
  return items.map((item) => {
    try {
      return parseRule(item);
    } catch (err) {
      throw new Error(`${source}: ${(err as Error).message}`);
    }
  });
}

/** The policy from the environment (`BATON_HTTP_ALLOW`, `BATON_HTTP_DENY`) plus the defaults. @throws Error for a malformed rule. */
export function policyFromEnv(env: Record<string, string | undefined>): GuardPolicy {
  return { deny: parseRules(env.BATON_HTTP_DENY, 'BATON_HTTP_DENY'), allow: parseRules(env.BATON_HTTP_ALLOW, 'BATON_HTTP_ALLOW'), defaults: DEFAULT_DENY.map(parseRule) };
}

function matchesHost(rule: GuardRule, host: string): boolean {
  if (rule.kind === 'host') return rule.host === host;
  if (rule.kind === 'suffix') return host.endsWith(rule.suffix);
  return false;
}

function matchesIp(rule: GuardRule, ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (rule.kind !== 'net') return false;
  const [net, bits] = rule.net;
  return net.kind() === ip.kind() && ip.match(net as never, bits);
}

/** An address as the guard compares it (IPv4-mapped IPv6 as IPv4); null when not an IP. */
export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const t = normalizeHost(text);
  return ipaddr.isValid(t) ? ipaddr.process(t) : null;
}

/**
 * Checks a host name alone (before DNS): host-name rules, and IP rules when the host
 * is an IP literal. Returns the blocking verdict, or null. An allow list that the host
 * name does not match is only decided after DNS ({@link checkAddresses}), because an
 * IP or network rule may still allow it.
 */
export function checkHost(policy: GuardPolicy, host: string): GuardVerdict | null {
  const h = normalizeHost(host);
  const ip = parseIp(h);
  const hit = (rules: GuardRule[]) => rules.find((r) => matchesHost(r, h) || (ip !== null && matchesIp(r, ip)));
  const denied = hit(policy.deny);
  if (denied) return { rule: denied.text, source: 'BATON_HTTP_DENY', subject: h };
  if (hit(policy.allow)) return null;
  const def = hit(policy.defaults);
  if (def) return { rule: def.text, source: 'default', subject: h };
  if (ip !== null && policy.allow.length > 0) return { rule: 'BATON_HTTP_ALLOW', source: 'BATON_HTTP_ALLOW', subject: h };
  return null;
}

/**
 * Checks the addresses `host` resolved to. Every address must pass: one denied address
 * blocks the call (a name must not smuggle a metadata address in among public ones).
 * A host name on the allow list allows all its addresses, except those `BATON_HTTP_DENY` names.
 */
export function checkAddresses(policy: GuardPolicy, host: string, addresses: readonly string[]): GuardVerdict | null {
  const h = normalizeHost(host);
  const hostAllowed = policy.allow.some((r) => matchesHost(r, h));
  for (const a of addresses) {
    const ip = parseIp(a);
    if (!ip) continue;
    const shown = ip.toString();
    const denied = policy.deny.find((r) => matchesIp(r, ip));
    if (denied) return { rule: denied.text, source: 'BATON_HTTP_DENY', subject: `${h} → ${shown}` };
    if (hostAllowed || policy.allow.some((r) => matchesIp(r, ip))) continue;
    const def = policy.defaults.find((r) => matchesIp(r, ip));
    if (def) return { rule: def.text, source: 'default', subject: `${h} → ${shown}` };
    if (policy.allow.length > 0) return { rule: 'BATON_HTTP_ALLOW', source: 'BATON_HTTP_ALLOW', subject: `${h} → ${shown}` };
  }
  return null;
}

/** The message of a blocked call, naming the host, the rule and where the rule comes from. */
export function describeVerdict(v: GuardVerdict): string {
  if (v.source === 'BATON_HTTP_ALLOW') return `outbound call to ${v.subject} blocked: not in BATON_HTTP_ALLOW`;
  const from = v.source === 'default' ? 'a built-in rule (cloud metadata and link-local addresses are blocked; allow it with BATON_HTTP_ALLOW)' : 'BATON_HTTP_DENY';
  return `outbound call to ${v.subject} blocked by rule "${v.rule}" of ${from}`;
}
