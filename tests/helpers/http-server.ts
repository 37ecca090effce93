/**
 * A real HTTP server on 127.0.0.1 for tests, answering with `handle`. Every request is
 * recorded (method, URL path with query, headers, raw body).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handle = (req: SeenRequest, res: http.ServerResponse) => void;

export async function startServer(handle: Handle) {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: SeenRequest = { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(r);
      try {
        handle(r, res);
      } catch (err) {
        res.writeHead(500).end(String(err));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * The `BATON_HTTP_ALLOW` value with which a test opens its servers on 127.0.0.1 on
 * purpose: the outbound guard refuses loopback by default, and `*` keeps every other
 * host and built-in rule as it is. Set it in `process.env` (in-process runners) or in
 * the environment of a started server.
 */
export const ALLOW_LOOPBACK = '127.0.0.1,*';

/** Sends `body` as JSON with `status`. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
