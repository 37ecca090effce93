/**
 * A real HTTP server on 127.0.0.1 for tests: records every request (path, body,
 * Idempotency-Key, start and end time in epoch ms) and answers after `delayMs`.
 * `GET|POST /fail/<status>` answers with that status.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  key: string | null;
  body: unknown;
  startedAt: number;
  endedAt: number;
}

export async function startHttpTarget(opts: { delayMs?: number } = {}) {
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    const startedAt = Date.now();
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const delay = Number(url.searchParams.get('delay') ?? opts.delayMs ?? 0);
      setTimeout(() => {
        let body: unknown = null;
        try {
          body = raw ? JSON.parse(raw) : null;
        } catch {
          body = raw;
        }
        const fail = /^\/fail\/(\d{3})$/.exec(url.pathname);
        const status = fail ? Number(fail[1]) : 200;
        calls.push({ method: req.method ?? '', path: url.pathname, key: (req.headers['idempotency-key'] as string) ?? null, body, startedAt, endedAt: Date.now() });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: status < 400, path: url.pathname, echo: body }));
      }, delay);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
