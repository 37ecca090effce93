/**
 * Stamps every incoming HTTP request with its client address before Next.js sees it.
 *
 * Node publishes each request the HTTP server receives on the diagnostics channel
 * `http.server.request.start` (synchronously, before the server's `request` listeners
 * run). The subscriber here resolves the address from the socket (and, behind a
 * trusted proxy, `X-Forwarded-For`; see `client-address.ts`) and writes it to the
 * request header named by {@link clientAddressHeader} (random per process, so a client
 * cannot send it; a request that arrives before the hook is installed has no address and
 * counts as `unknown`). Route handlers build their `Request` headers from the same object,
 * so they, better-auth and the audit log all read the server's value.
 *
 * Installed once per process from `instrumentation.ts` (which runs in the process of
 * `next start` / `next dev` that owns the HTTP server).
 */
import 'server-only';
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { clientAddressHeader, clientAddressHookInstalled, markClientAddressHookInstalled, parseTrustedProxies, resolveClientAddress } from './client-address';

/**
 * Subscribes the stamping function (idempotent).
 * @throws Error when `BATON_TRUSTED_PROXIES` holds an entry that is not an IP or CIDR network.
 */
export function installClientAddressHook(env: Record<string, string | undefined> = process.env): void {
  if (clientAddressHookInstalled()) return;
  const trusted = parseTrustedProxies(env.BATON_TRUSTED_PROXIES);
  const header = clientAddressHeader();
  diagnostics.subscribe('http.server.request.start', (message) => {
    const req = (message as { request?: IncomingMessage }).request;
    if (!req) return;
    const address = resolveClientAddress(req.socket?.remoteAddress, req.headers['x-forwarded-for'], trusted);
    if (address) req.headers[header] = address;
    else delete req.headers[header];
  });
  markClientAddressHookInstalled();
}
