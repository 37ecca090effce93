/**
 * Uploads to paths that run the proxy (`proxy.ts`), black-box against the real built server
 * over HTTP: several concurrent chunked 200 MiB POSTs to a page (`/`) and to an API path
 * with malformed percent-encoding (`/api/v1/runs/%ff`) are all answered, a page POST
 * without waiting for its upload to end, and the server's resident memory (VmRSS) hardly
 * moves meanwhile: Next.js copies at most 64 KiB of a body for the proxy
 * (`experimental.proxyClientMaxBodySize`), and a page request with a body does not run it.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { startServer, type TestServer, rssMiB } from '../helpers/server';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
const MIB = 1024 * 1024;
const UPLOAD_MIB = 200;
const CONCURRENT = 6;

let server: TestServer;


interface Upload {
  path: string;
  status: number;
  body: string;
  /** MiB written before the answer arrived. */
  sentMiB: number;
}

/** POSTs a chunked body of {@link UPLOAD_MIB} MiB in 64 KiB chunks, as fast as the server takes it; stops sending at the answer. */
function upload(path: string): Promise<Upload> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  let answered = false;
  return new Promise<Upload>((resolve, reject) => {
    const req = http.request(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', origin: server.baseUrl } });
    req.on('response', (res) => {
      answered = true;
      const sentMiB = sent / MIB;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d.length < 2000 ? d : d.slice(0, 2000)));
      res.on('end', () => {
        req.destroy();
        resolve({ path, status: res.statusCode ?? 0, body, sentMiB });
      });
      res.on('error', reject);
    });
    req.on('error', (e) => {
      if (!answered) reject(new Error(`${path}: the connection failed before an answer (${(e as NodeJS.ErrnoException).code}) after ${(sent / MIB).toFixed(1)} MiB`));
    });
    const pump = () => {
      while (!answered && sent < UPLOAD_MIB * MIB) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

beforeAll(async () => {
  if (SKIP) return;
  server = await startServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  server?.removeDb();
});

describe.skipIf(SKIP)('uploads to paths that run the proxy (real server)', () => {
  it(`${CONCURRENT} concurrent ${UPLOAD_MIB} MiB POSTs to / and to /api/v1/runs/%ff are answered and the server's memory stays flat`, async () => {
    const pid = server.proc.pid!;
    // Warm both paths up, so rendering the page for the first time is not counted.
    for (const path of ['/', '/api/v1/runs/%ff']) await fetch(`${server.baseUrl}${path}`, { method: 'POST', body: 'x', redirect: 'manual' }).then((r) => r.arrayBuffer());
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 20);
    let results: Upload[];
    try {
      results = await Promise.all(Array.from({ length: CONCURRENT * 2 }, (_, i) => upload(i % 2 ? '/api/v1/runs/%ff' : '/')));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssMiB(pid));
    const summary = results.map((r) => `${r.path} → ${r.status} after ${r.sentMiB.toFixed(1)} MiB`).join('\n');
    console.log(`RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB\n${summary}`);

    for (const r of results.filter((r) => r.path === '/')) {
      expect(r.status, summary).toBeLessThan(500);
      // Answered without the proxy reading the upload to its end.
      expect(r.sentMiB, summary).toBeLessThan(UPLOAD_MIB);
    }
    for (const r of results.filter((r) => r.path !== '/')) {
      expect(r.status, summary).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'bad_request' } });
    }
    // Before the limit each upload held up to 10 MB (×12 here); now at most 64 KiB each.
    expect(peak - before, summary).toBeLessThan(60);
  }, 180_000);
});
