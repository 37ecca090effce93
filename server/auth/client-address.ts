/**
 * The client address of a request, for rate limits and the audit log.
 *
 * A route handler's `Request` carries no socket, and `X-Forwarded-For` is whatever the
 * client wrote (Next.js only fills it in when it is absent). So Baton resolves the
 * address itself when the HTTP server receives the request (see
 * `client-address-hook.ts`) and stores the result in a request header whose name is
 * random per process ({@link clientAddressHeader}), so no client can send it.
 *
 * Rule ({@link resolveClientAddress}): the socket's peer address, unless that peer is a
 * proxy named in `BATON_TRUSTED_PROXIES` (comma-separated IPs or CIDR networks, e.g.
 * `10.0.0.0/8, ::1`); then `X-Forwarded-For` is read from the right, skipping trusted
 * proxies, and the first untrusted entry is the client. Entries the client itself wrote
 * (to the left) are never used while an untrusted one is to their right.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/** The prefix of the request header holding the resolved client address. */
export const CLIENT_ADDRESS_HEADER_PREFIX = 'x-baton-client-address-';

const g = globalThis as unknown as { __batonClientAddressHeader?: string; __batonClientAddressHook?: boolean };

/**
 * The name of the request header holding the resolved client address: the prefix plus 32
 * random hex digits, chosen once per process and kept on `globalThis`, so the hook
 * (loaded by `instrumentation.ts`) and every route bundle use the same name. A client
 * cannot guess it, so a header it sends is never taken for the server's: not even for a
 * request the hook did not see (Next.js accepts requests while `register()` still runs).
 */
export function clientAddressHeader(): string {
  g.__batonClientAddressHeader ??= CLIENT_ADDRESS_HEADER_PREFIX + randomBytes(16).toString('hex');
  return g.__batonClientAddressHeader;
}

/** Marks the hook as installed (see `client-address-hook.ts`); before that no address header is read. */
export function markClientAddressHookInstalled(): void {
  g.__batonClientAddressHook = true;
}

/** Whether the stamping hook is installed in this process. */
export function clientAddressHookInstalled(): boolean {
  return g.__batonClientAddressHook === true;
}

/** Parsed `BATON_TRUSTED_PROXIES`: networks as `[address, prefix bits]`. */
export type TrustedProxies = readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

/**
 * Parses a comma-separated list of IPs and CIDR networks (`BATON_TRUSTED_PROXIES`).
 * An IP without a prefix is a single host (/32 or /128). Empty or unset: none.
 * @throws Error naming the first entry that is neither an IP nor a CIDR network.
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const out: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    if (ipaddr.isValidCIDR(entry)) {
      const [addr, bits] = ipaddr.parseCIDR(entry);
      out.push(normaliseNet(addr, bits));
    } else if (ipaddr.isValid(entry)) {
      const addr = ipaddr.parse(entry);
      out.push(normaliseNet(addr, addr.kind() === 'ipv4' ? 32 : 128));
    } else {
      throw new Error(`BATON_TRUSTED_PROXIES: "${entry}" is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8)`);
    }
  }
  return out;
}

/** `::ffff:10.0.0.0/104` is the IPv4 network `10.0.0.0/8`. */
function normaliseNet(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  return [addr, bits];
}

/** Parses one address (IPv4-mapped IPv6 becomes IPv4; `[v6]:port` and `v4:port` lose the port), or null. */
function parseAddress(text: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | null {
  let t = text?.trim();
  if (!t) return null;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(t);
  if (bracketed) t = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(t)) t = t.slice(0, t.lastIndexOf(':'));
  if (t.includes('%')) t = t.slice(0, t.indexOf('%'));
  if (!ipaddr.isValid(t)) return null;
  return ipaddr.process(t);
}

function isTrusted(addr: ipaddr.IPv4 | ipaddr.IPv6, trusted: TrustedProxies): boolean {
  return trusted.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

/**
 * The client's address: `socketAddress` unless it is a trusted proxy; then the right-most
 * `X-Forwarded-For` entry that is not a trusted proxy. When the chain holds a malformed
 * entry, or only trusted proxies, the last address that could be checked is used.
 * @param socketAddress the TCP peer (`socket.remoteAddress`).
 * @param forwardedFor the `X-Forwarded-For` header (several headers joined with commas, or an array).
 * @returns the address in canonical text form (`203.0.113.9`, `2001:db8::1`), or null without a socket address.
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string | null {
  let current = parseAddress(socketAddress);
  if (!current) return null;
  if (!trusted.length || !forwardedFor) return current.toString();
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',');
  for (let i = chain.length - 1; i >= 0 && isTrusted(current, trusted); i--) {
    const next = parseAddress(chain[i]);
    if (!next) break;
    current = next;
  }
  return current.toString();
}

/**
 * The resolved client address of a request (from the header {@link clientAddressHeader}), or
 * `unknown` when the request did not come through Baton's HTTP server (in-process calls),
 * arrived before the hook was installed, or the hook is not installed at all. Per-address
 * rate limits then count all such requests in the one shared bucket `unknown`.
 */
export function clientAddress(req: Request | Headers): string {
  if (!clientAddressHookInstalled()) return 'unknown';
  const headers = req instanceof Headers ? req : req.headers;
  return headers.get(clientAddressHeader())?.trim() || 'unknown';
}
