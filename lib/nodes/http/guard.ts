/**
 * The outbound guard's rules: which hosts and networks HTTP-calling nodes (HTTP
 * request, Send webhook, AI step) may reach. Pure: parsing and matching only; DNS
 * resolution and enforcement live in `./request.ts`.
 *
 * A rule is a host name (`api.example.com`), a wildcard (`*.example.com`: the
 * subdomains, not the name itself), an IP address (`10.1.2.3`, `::1`), a CIDR
 * network (`10.0.0.0/8`, `fe80::/10`) or, in `BATON_HTTP_ALLOW` only, `*` (every host
 * the other rules leave open: it lifts no denial and keeps the allow list from closing
 * everything else). Host-name rules match the URL's host; IP and network rules match
 * the URL's IP literal or every address its name resolves to.
 *
 * Addresses are normalised before matching: an IPv6 address that embeds an IPv4 one
 * (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d`, SIIT `::ffff:0:a.b.c.d`,
 * NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`, Teredo) is matched in both forms,
 * so `[64:ff9b::a9fe:a9fe]` meets the rules of 169.254.169.254.
 *
 * Decision for a destination, first match wins:
 * 1. a `BATON_HTTP_DENY` rule → blocked;
 * 2. Baton's own origin (the base URL relative URLs resolve against, see `request.ts`) → allowed;
 * 3. a `BATON_HTTP_ALLOW` rule other than `*` → allowed (this can lift a built-in default);
 * 4. a built-in default rule ({@link DEFAULT_DENY}: cloud metadata, link-local, loopback,
 *    unspecified addresses) → blocked;
 * 5. `BATON_HTTP_ALLOW` is set (non-empty) without `*` → blocked, the host is not on the list;
 * 6. allowed. Private networks are allowed by default; deny them with `BATON_HTTP_DENY`.
 */
import ipaddr from 'ipaddr.js';

/**
 * Built-in denials: cloud metadata services (AWS/GCP/Azure/Oracle `169.254.169.254`,
 * AWS IPv6, GCP's name, Alibaba Cloud `100.100.100.200`, Azure's wire server
 * `168.63.129.16`), link-local networks, loopback, and the unspecified addresses
 * (`0.0.0.0`, `::`: Linux connects them to the local host).
 */
export const DEFAULT_DENY: readonly string[] = [
  '169.254.169.254',
  'fd00:ec2::254',
  'metadata.google.internal',
  '100.100.100.200',
  '168.63.129.16',
  '169.254.0.0/16',
  'fe80::/10',
  '127.0.0.0/8',
  '::1',
  '::',
  '0.0.0.0/8',
];

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

export type GuardRule =
  | { kind: 'host'; text: string; host: string }
  | { kind: 'suffix'; text: string; suffix: string }
  | { kind: 'net'; text: string; net: [Ip, number] }
  | { kind: 'any'; text: '*' };

export interface GuardPolicy {
  deny: GuardRule[];
  allow: GuardRule[];
  defaults: GuardRule[];
}

/** Why a destination is blocked; `null` when it is allowed. */
export interface GuardVerdict {
  /** The rule text that decided, e.g. `169.254.0.0/16`, or `BATON_HTTP_ALLOW` when the host is not on the allow list. */
  rule: string;
  /** Where the rule comes from: `BATON_HTTP_DENY`, `default`, `BATON_HTTP_ALLOW` (not on the allow list). */
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
  if (text.trim() === '*') return { kind: 'any', text: '*' };
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
  return rule.kind === 'any';
}

/** Whether `rule` matches any form of an address ({@link ipForms}). */
function matchesIp(rule: GuardRule, forms: readonly Ip[]): boolean {
  if (rule.kind === 'any') return true;
  if (rule.kind !== 'net') return false;
  const [net, bits] = rule.net;
  return forms.some((ip) => net.kind() === ip.kind() && ip.match(net as never, bits));
}

/** An address as the guard compares it (IPv4-mapped IPv6 as IPv4); null when not an IP. */
export function parseIp(text: string): Ip | null {
  const t = normalizeHost(text);
  return ipaddr.isValid(t) ? ipaddr.process(t) : null;
}

const v4 = (hi: number, lo: number) => ipaddr.IPv4.parse(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);

/**
 * The IPv4 address an IPv6 address carries, for the forms that reach it: IPv4-compatible
 * `::a.b.c.d`, mapped `::ffff:a.b.c.d`, SIIT `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::/96` and
 * `64:ff9b:1::/48` (last 32 bits), 6to4 `2002:aabb:ccdd::/48`, Teredo `2001:0::/32`
 * (the client address, bits inverted). Null for any other address.
 */
export function embeddedIpv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const p = ip.parts;
  const zero = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && (p[5] === 0 || p[5] === 0xffff)) return v4(p[6]!, p[7]!);
  if (zero(0, 4) && p[4] === 0xffff && p[5] === 0) return v4(p[6]!, p[7]!);
  if (p[0] === 0x64 && p[1] === 0xff9b && (zero(2, 6) || (p[2] === 1 && zero(3, 6)))) return v4(p[6]!, p[7]!);
  if (p[0] === 0x2002) return v4(p[1]!, p[2]!);
  if (p[0] === 0x2001 && p[1] === 0) return v4(~p[6]! & 0xffff, ~p[7]! & 0xffff);
  return null;
}

/** The forms an address is matched in: itself, plus the IPv4 address it embeds (see {@link embeddedIpv4}). */
export function ipForms(ip: Ip): Ip[] {
  const inner = ip.kind() === 'ipv6' ? embeddedIpv4(ip as ipaddr.IPv6) : null;
  return inner ? [ip, inner] : [ip];
}

/** `64:ff9b::a9fe:a9fe (169.254.169.254)`: an address with the IPv4 form it embeds. */
function show(forms: readonly Ip[]): string {
  return forms.length > 1 ? `${forms[0]!.toString()} (${forms[1]!.toString()})` : forms[0]!.toString();
}

/** Allow rules that lift a built-in denial (every rule but `*`). */
const lifting = (policy: GuardPolicy) => policy.allow.filter((r) => r.kind !== 'any');
/** Whether the allow list closes every host it does not name. */
const closed = (policy: GuardPolicy) => policy.allow.length > 0 && !policy.allow.some((r) => r.kind === 'any');

/**
 * Checks a host name alone (before DNS): host-name rules, and IP rules when the host
 * is an IP literal. Returns the blocking verdict, or null. An allow list that the host
 * name does not match is only decided after DNS ({@link checkAddresses}), because an
 * IP or network rule may still allow it. `self`: the destination is Baton's own
 * origin, which only `BATON_HTTP_DENY` can block.
 */
export function checkHost(policy: GuardPolicy, host: string, self = false): GuardVerdict | null {
  const h = normalizeHost(host);
  const ip = parseIp(h);
  const forms = ip ? ipForms(ip) : [];
  const subject = ip ? show(forms) : h;
  const hit = (rules: GuardRule[]) => rules.find((r) => matchesHost(r, h) || (ip !== null && matchesIp(r, forms)));
  const denied = hit(policy.deny);
  if (denied) return { rule: denied.text, source: 'BATON_HTTP_DENY', subject };
  if (self || hit(lifting(policy))) return null;
  const def = hit(policy.defaults);
  if (def) return { rule: def.text, source: 'default', subject };
  if (ip !== null && closed(policy)) return { rule: 'BATON_HTTP_ALLOW', source: 'BATON_HTTP_ALLOW', subject };
  return null;
}

/**
 * Checks the addresses `host` resolved to. Every address must pass: one denied address
 * blocks the call (a name must not smuggle a metadata address in among public ones).
 * A host name on the allow list allows all its addresses, except those `BATON_HTTP_DENY`
 * names. `self`: as in {@link checkHost}.
 */
export function checkAddresses(policy: GuardPolicy, host: string, addresses: readonly string[], self = false): GuardVerdict | null {
  const h = normalizeHost(host);
  const allow = lifting(policy);
  const hostAllowed = self || allow.some((r) => matchesHost(r, h));
  for (const a of addresses) {
    const ip = parseIp(a);
    if (!ip) continue;
    const forms = ipForms(ip);
    const subject = `${h} → ${show(forms)}`;
    const denied = policy.deny.find((r) => matchesIp(r, forms));
    if (denied) return { rule: denied.text, source: 'BATON_HTTP_DENY', subject };
    if (hostAllowed || allow.some((r) => matchesIp(r, forms))) continue;
    const def = policy.defaults.find((r) => matchesIp(r, forms));
    if (def) return { rule: def.text, source: 'default', subject };
    if (closed(policy)) return { rule: 'BATON_HTTP_ALLOW', source: 'BATON_HTTP_ALLOW', subject };
  }
  return null;
}

/** The message of a blocked call, naming the host, the rule and where the rule comes from. */
export function describeVerdict(v: GuardVerdict): string {
  if (v.source === 'BATON_HTTP_ALLOW') return `outbound call to ${v.subject} blocked: not in BATON_HTTP_ALLOW`;
  const from =
    v.source === 'default' ? 'a built-in rule (cloud metadata, link-local, loopback and unspecified addresses are blocked; allow it with BATON_HTTP_ALLOW)' : 'BATON_HTTP_DENY';
  return `outbound call to ${v.subject} blocked by rule "${v.rule}" of ${from}`;
}
