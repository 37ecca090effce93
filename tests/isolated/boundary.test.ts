/**
 * Limits at the door, black-box against the real built server over HTTP:
 *
 * - request bodies are counted while they stream: a chunked 200 MB body to sign-in,
 *   tRPC, REST and a webhook each gets a 413 JSON answer with `Connection: close`, and
 *   the server's resident memory (VmRSS of its process) hardly moves;
 * - a tRPC batch holds at most 20 calls, and a GET batch may not repeat a call;
 * - JSON nested 5,000 levels deep is a 400 naming the limit (REST, tRPC POST and GET,
 *   webhook) and writes nothing; with the limit lifted, the stack overflow it causes
 *   reaches the client only as an error id (REST and tRPC), never in its own words;
 * - malformed percent-encoding in the path of any dynamic route (APIs and pages) is a
 *   400 JSON error.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/boundary.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import http from 'node:http';
import { startServer, type TestServer, rssMiB } from '../helpers/server';
import { peopleKeys, type Person } from '../helpers/people';
import { doc, edge, node } from '../helpers/docs';
import { newWebhookToken } from '@/lib/nodes/webhook-trigger/definition';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
const MIB = 1024 * 1024;

let server: TestServer;
let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
let hookUrl: string;
let workflowId: string;


interface BigResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
  sentMiB: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

/**
 * POSTs a chunked body of `totalMiB` MiB (no Content-Length) in 64 KiB chunks as fast as
 * the server takes them, stops sending when the answer arrives, and samples the server's
 * RSS every 20 ms meanwhile.
 */
function sendChunked(path: string, totalMiB: number, headers: Record<string, string> = {}): Promise<BigResult> {
  const pid = server.proc.pid!;
  const rssBeforeMiB = rssMiB(pid);
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => (rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid))), 20);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const total = totalMiB * MIB;
  let sent = 0;
  let answered = false;
  return new Promise<BigResult>((resolve, reject) => {
    const req = http.request(`${server.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', origin: server.baseUrl, ...headers } });
    const finish = (err: Error | null, r?: Omit<BigResult, 'sentMiB' | 'rssBeforeMiB' | 'rssPeakMiB'>) => {
      clearInterval(sampler);
      rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
      req.destroy();
      if (err || !r) reject(err ?? new Error('no answer'));
      else resolve({ ...r, sentMiB: sent / MIB, rssBeforeMiB, rssPeakMiB });
    };
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // left as text: the assertion on the body shows it
        }
        finish(null, { status: res.statusCode ?? 0, headers: res.headers, body });
      });
      res.on('error', (e) => finish(e));
    });
    req.on('error', (e) => {
      if (!answered) finish(new Error(`${path}: the connection failed before an answer (${(e as NodeJS.ErrnoException).code}) after ${(sent / MIB).toFixed(1)} MiB`));
    });
    req.write('{"email":"');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end('"}');
    };
    pump();
  });
}

/** A JSON request; the answer must be JSON. */
async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, { method, body, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), origin: server.baseUrl, ...headers } });
  const text = await res.text();
  expect(res.headers.get('content-type'), `${method} ${path} → ${res.status}: ${text.slice(0, 300)}`).toMatch(/^application\/json/);
  return { status: res.status, text, body: JSON.parse(text) as any };
}

/** Row counts of every table. */
function counts(): Record<string, number> {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

beforeAll(async () => {
  if (SKIP) return;
  server = await startServer();
  people = await peopleKeys(server);
  const token = newWebhookToken();
  const created = await call('POST', '/api/v1/workflows', JSON.stringify(doc('Hook', [node('hook', 'webhookTrigger', { token }), node('done', 'end')], [edge('hook', 'done')])), people.alex.headers);
  expect(created.status, created.text).toBe(201);
  workflowId = created.body.id;
  const published = await call('POST', `/api/v1/workflows/${workflowId}/publish`, '{}', people.alex.headers);
  expect(published.status, published.text).toBe(201);
  hookUrl = `/api/hooks/${token}`;
}, 120_000);

afterAll(async () => {
  if (!server) return;
  await server.stop();
  server.removeDb();
});

describe.skipIf(SKIP)('request bodies are limited while they stream', () => {
  const cases: { name: string; path: () => string; headers: () => Record<string, string>; limit: number; shape: (b: any) => string }[] = [
    { name: 'unauthenticated sign-in (/api/auth/sign-in/email)', path: () => '/api/auth/sign-in/email', headers: () => ({}), limit: 64 * 1024, shape: (b) => b.message },
    { name: 'tRPC (workflows.create, signed in)', path: () => '/api/trpc/workflows.create', headers: () => ({ cookie: people.alex.cookie }), limit: 8 * MIB, shape: (b) => b.error.message },
    { name: 'REST (POST /api/v1/workflows, API key)', path: () => '/api/v1/workflows', headers: () => people.alex.headers, limit: 2 * MIB, shape: (b) => b.error.message },
    { name: 'webhook (POST /api/hooks/{token})', path: () => hookUrl, headers: () => ({}), limit: MIB, shape: (b) => b.error.message },
  ];
  for (const c of cases) {
    it(`a chunked 200 MB body to ${c.name} gets 413 JSON and the server's memory hardly moves`, async () => {
      const before = counts();
      const r = await sendChunked(c.path(), 200, c.headers());
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(413);
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      expect(r.headers.connection).toBe('close');
      expect(c.shape(r.body)).toBe(`the request body is larger than ${c.limit} bytes`);
      // Reading stopped at the limit: far less than the 200 MiB was taken, and memory rose by
      // little more than the limit (the old code read the whole body: +1 GB for sign-in).
      expect(r.sentMiB).toBeLessThan(100);
      expect(r.rssPeakMiB - r.rssBeforeMiB, `RSS ${r.rssBeforeMiB.toFixed(0)} → ${r.rssPeakMiB.toFixed(0)} MiB`).toBeLessThan(64);
      expect(counts()).toEqual(before);
      // The server still answers.
      expect((await call('GET', '/api/v1/workflows', undefined, people.alex.headers)).status).toBe(200);
    });
  }

  it('a declared Content-Length over the limit is refused before reading, and bodies within the limit still work', async () => {
    const res = await new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
      const req = http.request(`${server.baseUrl}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(50 * MIB) } }, (r) => {
        let body = '';
        r.on('data', (d) => (body += d));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body, connection: r.headers.connection }));
      });
      req.on('error', reject);
      req.write('{"email":"');
    });
    expect(res.status).toBe(413);
    expect(res.connection).toBe('close');
    expect(JSON.parse(res.body).message).toBe('the request body is larger than 65536 bytes');
    const ok = await call('POST', '/api/auth/sign-in/email', JSON.stringify({ email: people.sam.email, password: people.sam.password }));
    expect(ok.status).toBe(200);
  });
});

describe.skipIf(SKIP)('tRPC batches are bounded', () => {
  const q = (path: string) => call('GET', path, undefined, { cookie: people.alex.cookie });

  it('a batch of 21 calls is refused with 400 naming the bound (GET and POST); 20 distinct calls pass', async () => {
    const procs = (n: number) => Array.from({ length: n }, () => 'workflows.list').join(',');
    const get = await q(`/api/trpc/${procs(21)}?batch=1`);
    expect(get.status).toBe(400);
    expect(get.body.error.message).toBe('a batch may hold at most 20 procedure calls; this one holds 21');
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [i, { name: `w${i}` }])));
    const before = counts();
    const post = await call('POST', `/api/trpc/${Array.from({ length: 21 }, () => 'workflows.create').join(',')}?batch=1`, body, { cookie: people.alex.cookie });
    expect(post.status).toBe(400);
    expect(post.body.error.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(counts()).toEqual(before);
    const distinct = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [i, { workflowId: `wf_${i}` }]));
    const ok = await q(`/api/trpc/${Array.from({ length: 20 }, () => 'runs.list').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(distinct))}`);
    expect(ok.status, ok.text.slice(0, 300)).toBe(200);
    expect(ok.body).toHaveLength(20);
  });

  it('a GET batch may not repeat the same call (one heavy read cannot be multiplied)', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { workflowId }, 1: { workflowId: 'other' }, 2: { workflowId } }));
    const r = await q(`/api/trpc/runs.list,runs.list,runs.list?batch=1&input=${input}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('a GET batch may not repeat a call: calls 0 and 2 are both runs.list with the same input');
  });
});

describe.skipIf(SKIP)('JSON nested too deeply', () => {
  const NOT_LEAKED = /Maximum call stack|RangeError|at [A-Za-z.]+ \(/;

  it('is a 400 naming the limit on REST, tRPC (POST and GET) and webhooks, and writes nothing', async () => {
    const before = counts();
    const rest = await call('POST', `/api/v1/workflows/${workflowId}/runs`, `{"input":{"a":${deep(5000)}}}`, people.alex.headers);
    expect(rest.status).toBe(400);
    expect(rest.body.error.message).toMatch(/nested deeper than 64 levels/);
    const config = await call('POST', '/api/v1/workflows', JSON.stringify({ ...doc('Deep', [node('a', 'manualTrigger')], []), nodes: [{ ...node('a', 'manualTrigger'), config: { x: JSON.parse(deep(100)) } }] }), people.alex.headers);
    expect(config.status).toBe(400);
    expect(config.body.error.message).toMatch(/nested deeper than 64 levels/);
    const post = await call('POST', '/api/trpc/runs.start', `{"workflowId":"${workflowId}","input":{"a":${deep(5000)}}}`, { cookie: people.alex.cookie });
    expect(post.status).toBe(400);
    expect(post.body.error).toMatchObject({ message: expect.stringMatching(/nested deeper than 64 levels/), data: { code: 'BAD_REQUEST', httpStatus: 400 } });
    const get = await call('GET', `/api/trpc/runs.list?input=${encodeURIComponent(`{"workflowId":${deep(1000)}}`)}`, undefined, { cookie: people.alex.cookie });
    expect(get.status).toBe(400);
    expect(get.body.error.message).toMatch(/nested deeper than 64 levels/);
    const hook = await call('POST', hookUrl, `{"a":${deep(5000)}}`);
    expect(hook.status).toBe(400);
    expect(hook.body.error.message).toMatch(/nested deeper than 64 levels/);
    for (const r of [rest, config, post, get, hook]) expect(r.text).not.toMatch(NOT_LEAKED);
    expect(counts()).toEqual(before);
  });

  it('with the limit lifted, the stack overflow reaches the client only as an error id (REST and tRPC)', async () => {
    const lifted = await startServer({ env: { BATON_JSON_MAX_DEPTH: '1000000' } });
    try {
      const lp = await peopleKeys(lifted);
      const wf = (await (await fetch(`${lifted.baseUrl}/api/v1/workflows`, { headers: lp.alex.headers })).json()) as { id: string }[];
      const body = `{"input":{"a":${deep(5000)}}}`;
      const rest = await fetch(`${lifted.baseUrl}/api/v1/workflows/${wf[0].id}/runs`, { method: 'POST', headers: { ...lp.alex.headers, 'content-type': 'application/json' }, body });
      const restText = await rest.text();
      expect(rest.status).toBe(500);
      const restBody = JSON.parse(restText);
      expect(restBody.error).toEqual({ message: `internal error (id ${restBody.error.errorId})`, code: 'internal', issues: [], errorId: expect.stringMatching(/^err_[0-9a-f]{12}$/) });
      expect(restText).not.toMatch(NOT_LEAKED);
      const trpc = await fetch(`${lifted.baseUrl}/api/trpc/runs.start`, { method: 'POST', headers: { cookie: lp.alex.cookie, origin: lifted.baseUrl, 'content-type': 'application/json' }, body: `{"workflowId":"${wf[0].id}","input":{"a":${deep(5000)}}}` });
      const trpcText = await trpc.text();
      expect(trpc.status).toBe(500);
      const trpcBody = JSON.parse(trpcText);
      expect(trpcBody.error.data.errorId).toMatch(/^err_[0-9a-f]{12}$/);
      expect(trpcBody.error.message).toBe(`internal error (id ${trpcBody.error.data.errorId})`);
      expect(trpcText).not.toMatch(NOT_LEAKED);
      // The details are in the server log, under each id.
      await new Promise((r) => setTimeout(r, 200));
      for (const id of [restBody.error.errorId, trpcBody.error.data.errorId]) expect(lifted.output()).toMatch(new RegExp(`${id}: .*failed: RangeError: Maximum call stack size exceeded`));
    } finally {
      await lifted.stop();
      lifted.removeDb();
    }
  });
});

describe.skipIf(SKIP)('malformed percent-encoding', () => {
  it('is a 400 JSON error on every dynamic route, APIs and pages alike', async () => {
    const paths: [string, string, Record<string, string>][] = [
      ['GET', '/api/v1/runs/%ff%fe', people.alex.headers],
      ['GET', '/api/v1/workflows/%E0%A4%A', people.alex.headers],
      ['POST', '/api/v1/workflows/%ff/runs', people.alex.headers],
      ['POST', '/api/v1/tasks/%c3%28/complete', people.alex.headers],
      ['POST', '/api/hooks/%ff%fe', {}],
      ['GET', '/api/trpc/%ff', { cookie: people.alex.cookie }],
      ['GET', '/api/auth/%ff', {}],
      ['GET', '/api/runs/%ff/stream', { cookie: people.alex.cookie }],
      ['GET', '/api/v1/%zz', people.alex.headers],
      ['GET', '/runs/%ff%fe', { cookie: people.alex.cookie }],
      ['GET', '/workflows/%ff', {}],
      ['GET', '/inbox/%', { cookie: people.alex.cookie }],
    ];
    for (const [method, path, headers] of paths) {
      const r = await call(method, path, method === 'POST' ? '{}' : undefined, headers);
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/not valid percent-encoding/) });
    }
    // Well-formed encoding passes through to the route.
    const ok = await call('GET', '/api/v1/runs/%72un_nope', undefined, people.alex.headers);
    expect(ok.status).toBe(404);
  });
});
