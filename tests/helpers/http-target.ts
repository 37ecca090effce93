/**
 * A real HTTP server on 127.0.0.1 for tests: records every request (path, body,
 * Idempotency-Key, start and end time in epoch ms) and answers after `delayMs`.
 * `GET|POST /fail/<status>` answers with that status; `/flaky/<n>` fails (503) the first
 * n calls of each Idempotency-Key (of each URL with `?by=path`).
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
  const flakyCount = new Map<string, number>();
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
        // `/flaky/<n>`: the first n calls with one Idempotency-Key get 503, later ones 200.
        const flaky = /^\/flaky\/(\d+)$/.exec(url.pathname);
        const key = (req.headers['idempotency-key'] as string) ?? '';
        let status = fail ? Number(fail[1]) : 200;
        if (flaky) {
          const counter = url.searchParams.get('by') === 'path' ? url.pathname + url.search : key;
          const seen = (flakyCount.get(counter) ?? 0) + 1;
          flakyCount.set(counter, seen);
          if (seen <= Number(flaky[1])) status = 503;
        }
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
