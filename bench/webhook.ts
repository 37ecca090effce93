/**
 * `npm run bench:webhook` (part of `npm run bench`), shape W5: runs started over HTTP
 * through a webhook trigger that answers with the run's result — webhook → transform →
 * end, `respond: result` — against the production build (`next start` on a fresh
 * database; run `npx next build` first), driven by autocannon at a concurrency of 50.
 * Reports requests/s and the p50/p99 latency (ms) of whole requests (each one is a run
 * started, executed, committed and answered), checks that every answer was 200 with the
 * right output and that the database holds one succeeded run per request.
 *
 * The peer figure is n8n's published one for the same shape (webhook → set → respond,
 * one 2-vCPU instance, 220 executions/s); n8n itself is not run here.
 *
 * Environment: `BENCH_W5_SECONDS` (default 20), `BENCH_W5_CONNECTIONS` (default 50),
 * `BENCH_DB` (`sqlite`: SQLite alone; `postgres`, the default: SQLite, then a fresh
 * PostgreSQL database on `BATON_TEST_PG_URL`'s server). Writes
 * bench/results/webhook-<db>-latest.json for each.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { ADMIN, startServer } from '../tests/helpers/server';
import { createTestPgDatabase } from '../tests/helpers/pg';

const SECONDS = Number(process.env.BENCH_W5_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_W5_CONNECTIONS ?? 50);
/** n8n's published figure for webhook → set → respond on one 2-vCPU instance (executions/s). */
export const N8N_PUBLISHED_W5 = 220;

interface W5Result {
  db: string;
  seconds: number;
  connections: number;
  requests: number;
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** Runs the measured requests started (one per request, each answered 200 with its result). */
  runsStarted: number;
}

async function call(base: string, cookie: string, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${url}`, { method, headers: { cookie, origin: base, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

function fire(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function main(): Promise<void> {
  const which = process.env.BENCH_DB || 'postgres';
  if (which !== 'sqlite' && which !== 'postgres') throw new Error(`BENCH_DB=${which}: use sqlite or postgres`);
  for (const db of which === 'sqlite' ? ['sqlite'] : ['sqlite', 'postgres']) await measure(db);
}

/** W5 on one backend (`sqlite` or `postgres`): prints the figures and writes them to bench/results. */
async function measure(db: string): Promise<void> {
  const pgDb = db === 'postgres' ? await createTestPgDatabase({ migrate: false }) : null;
  const server = await startServer({ env: { BATON_DEMO_DELAY_MS: '0', ...(pgDb ? { DATABASE_URL: pgDb.url, BATON_SECRET_KEY: randomBytes(32).toString('base64') } : {}) } });
  try {
    const base = server.baseUrl;
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }) });
    if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status}`);
    const cookie = (signIn.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    const token = randomBytes(24).toString('base64url');
    const doc = {
      schemaVersion: 1,
      name: `W5 webhook ${token.slice(0, 6)}`,
      description: '',
      nodes: [
        { id: 'hook', type: 'webhookTrigger', label: 'Webhook', position: { x: 0, y: 0 }, config: { token, respond: 'result', waitTimeoutMs: 10_000, verifySignature: false, signatureHeader: 'X-Baton-Signature', secretCredential: '', maxBodyBytes: 65_536 } },
        { id: 'sum', type: 'transform', label: 'Sum', position: { x: 200, y: 0 }, config: { expression: '{ "sum": $input.a + $input.b }', assignTo: '' } },
        { id: 'done', type: 'end', label: 'Done', position: { x: 400, y: 0 }, config: { output: '$steps.sum.output' } },
      ],
      edges: [
        { id: 'e1', source: 'hook', sourcePort: 'out', target: 'sum', targetPort: 'in' },
        { id: 'e2', source: 'sum', sourcePort: 'out', target: 'done', targetPort: 'in' },
      ],
    };
    const { id } = await call(base, cookie, 'POST', '/api/v1/workflows', doc);
    await call(base, cookie, 'POST', `/api/v1/workflows/${id}/publish`);
    const url = `${base}/api/hooks/${token}`;
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"b":2}' });
    const answer = (await probe.json()) as { status: string; output: { sum: number } };
    if (probe.status !== 200 || answer.status !== 'succeeded' || answer.output?.sum !== 3) throw new Error(`the webhook answered ${probe.status} ${JSON.stringify(answer)}`);
    // Warm-up: JIT and caches, not counted.
    await fire({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"b":2}', connections: CONNECTIONS, duration: 3 });
    const runCount = async () => {
      const list = await call(base, cookie, 'GET', '/api/v1/workflows');
      return ((list.items ?? list) as { id: string; runCount: number }[]).find((w) => w.id === id)!.runCount;
    };
    const before = await runCount();
    const r = await fire({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"b":2}', connections: CONNECTIONS, duration: SECONDS });
    const after = await runCount();
    const result: W5Result = {
      db,
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: r.requests.total,
      requestsPerS: Math.round(r.requests.average),
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      runsStarted: after - before,
    };
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
    console.log(
      `W5 webhook → transform → respond (${db}, ${CONNECTIONS} connections, ${SECONDS} s): ${result.requestsPerS} requests/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; ` +
        `${result.requests} requests, ${result.non2xx} not 2xx, ${result.errors} errors (n8n publishes ${N8N_PUBLISHED_W5}/s) — ${machine}`,
    );
    if (result.non2xx || result.errors) throw new Error(`${result.non2xx} answers were not 2xx and ${result.errors} requests failed`);
    // autocannon counts requests still in flight at the end as sent; each answered one is a run.
    if (result.runsStarted < result.requests) throw new Error(`${result.requests} requests answered but ${result.runsStarted} runs started`);
    fs.mkdirSync(path.join(import.meta.dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(import.meta.dirname, 'results', `webhook-${db}-latest.json`), JSON.stringify({ machine, at: new Date().toISOString(), result }, null, 2));
  } finally {
    await server.stop();
    server.removeDb();
    await pgDb?.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
