/**
 * PostgreSQL restarts under a running Baton: two processes (A `BATON_ROLE=all`, B `web`) on
 * a private PostgreSQL server (`helpers/pg-instance.ts`; the shared one is never stopped).
 * Before the restart: a run waits on a timer, one is inside an HTTP call held open by a
 * loopback server, one waits for a person, and B streams the timer run's log. Then
 * PostgreSQL stops at once (`pg_ctl stop -m immediate`, every connection cut) and stays
 * down past the timer's due time, and the HTTP call answers meanwhile. While it is down,
 * both processes stay up and answer REST and tRPC calls with `503` JSON and `Retry-After`,
 * and the health check says `unavailable`. Once it is back, without restarting Baton:
 * health is ok, the timer fires, the HTTP result is recorded without calling the service
 * again, the task is decided through B and that run finishes, B's stream (open all along)
 * sees the timer run succeed, and a new run executed by A is watched live on B (the
 * signal relay listens again). Needs a production build.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { adminHeaders, signIn } from './helpers/people';
import { createTestPgDatabase, type TestPgDatabase } from './helpers/pg';
import { startPgInstance, type PgInstance } from './helpers/pg-instance';
import { ALLOW_LOOPBACK, sendJson, startServer as startHttp } from './helpers/http-server';
import { doc, edge, http, node } from './helpers/docs';
import { waitFor } from './helpers/wait';

/** How long a run's timer waits, ms: it falls due while PostgreSQL is down. */
const TIMER_MS = 4_000;

let pgi: PgInstance;
let db: TestPgDatabase;
let a: TestServer;
let b: TestServer;
let service: Awaited<ReturnType<typeof startHttp>>;
/** Held responses of the loopback service, answered by `release()`. */
const held: (() => void)[] = [];

beforeAll(async () => {
  pgi = await startPgInstance();
  db = await createTestPgDatabase({ baseUrl: pgi.url('postgres'), migrate: false });
  service = await startHttp((req, res) => held.push(() => sendJson(res, 200, { answered: req.url })));
  const env = { DATABASE_URL: db.url, BATON_SECRET_KEY: crypto.randomBytes(32).toString('base64'), BATON_PG_POOL_MAX: '5', BATON_HTTP_ALLOW: ALLOW_LOOPBACK };
  [a, b] = await Promise.all([startServer({ env: { ...env, BATON_ROLE: 'all' } }), startServer({ env: { ...env, BATON_ROLE: 'web' } })]);
}, 240_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  a?.removeDb();
  b?.removeDb();
  for (const r of held.splice(0)) r();
  await service?.close();
  await pgi?.destroy();
});

async function call(server: TestServer, auth: Record<string, string>, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${url}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** A request that must be refused with 503 JSON and `Retry-After` while the database is down. */
async function expectUnavailable(url: string, init: RequestInit = {}) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
  const text = await res.text();
  // Soft: one run of this slow test reports every endpoint that answers otherwise.
  const what = `${init.method ?? 'GET'} ${url}: ${text.slice(0, 300)}`;
  expect.soft(res.status, what).toBe(503);
  expect.soft(res.headers.get('content-type'), what).toMatch(/application\/json/);
  expect.soft(Number(res.headers.get('retry-after')), what).toBeGreaterThan(0);
  return JSON.parse(text) as Record<string, unknown>;
}

/** Follows an event stream, collecting its text, until `stop()`; `text()` is what arrived so far. */
function follow(url: string, headers: Record<string, string>) {
  const ctl = new AbortController();
  let text = '';
  let status = 0;
  const done = (async () => {
    const res = await fetch(url, { headers, signal: ctl.signal });
    status = res.status;
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      text += value;
    }
  })().catch(() => undefined);
  return { text: () => text, status: () => status, stop: () => (ctl.abort(), done) };
}

const alive = (s: TestServer) => s.proc.exitCode === null && s.proc.signalCode === null;

describe('a PostgreSQL restart under two running Baton processes', () => {
  it('answers 503 while the database is down and resumes every run once it is back', async () => {
    const auth = await adminHeaders(a);
    const cookie = await signIn(b.baseUrl, 'admin@baton.test', 'admin-password-1');
    const publish = async (d: ReturnType<typeof doc>) => {
      const { id } = await call(b, auth, 'POST', '/api/v1/workflows', d);
      await call(b, auth, 'POST', `/api/v1/workflows/${id}/publish`);
      return id as string;
    };
    const startRun = async (workflowId: string) => (await call(b, auth, 'POST', `/api/v1/workflows/${workflowId}/runs`, { input: {} })).runId as string;
    const statusOf = async (runId: string) => (await call(b, auth, 'GET', `/api/v1/runs/${runId}`)).status as string;

    const timerFlow = await publish(doc(`restart timer ${Date.now()}`, [node('start', 'manualTrigger'), node('pause', 'wait', { mode: 'duration', duration: `PT${TIMER_MS / 1000}S`, milliseconds: TIMER_MS, until: '' }), node('done', 'end', { output: '{ "waited": true }' })], [edge('start', 'pause'), edge('pause', 'done')]));
    const httpFlow = await publish(doc(`restart http ${Date.now()}`, [node('start', 'manualTrigger'), http('call', `${service.url}/slow`), node('done', 'end', { output: '{ "got": $steps.call.output.body.answered }' })], [edge('start', 'call'), edge('call', 'done')]));
    const taskFlow = await publish(
      doc(
        `restart task ${Date.now()}`,
        [
          node('start', 'manualTrigger'),
          node('review', 'userTask', { title: 'Check after restart', description: '', assignee: '', candidateUsers: '', candidateGroups: '', context: '', formFields: [], outcomes: [{ id: 'approve', label: 'Approve' }] }),
          node('pause', 'wait', { mode: 'duration', duration: 'PT0.3S', milliseconds: 300, until: '' }),
          node('done', 'end', { output: '{ "by": $steps.review.output.completedBy }' }),
        ],
        [edge('start', 'review'), edge('review', 'pause', 'approve'), edge('pause', 'done')],
      ),
    );

    const timerRun = await startRun(timerFlow);
    const timerStartedAt = Date.now();
    const httpRun = await startRun(httpFlow);
    const taskRun = await startRun(taskFlow);
    // The HTTP step is under way on A (its request held open), the others are parked.
    await waitFor(() => service.seen.length === 1, 30_000);
    await waitFor(async () => (await statusOf(timerRun)) === 'waiting' && (await statusOf(taskRun)) === 'waiting', 30_000);
    const task = await waitFor(async () => ((await call(b, auth, 'GET', `/api/v1/tasks?runId=${taskRun}&status=open`)) as { id: string }[])[0], 30_000);
    const watching = follow(`${b.baseUrl}/api/runs/${timerRun}/stream`, auth);
    await waitFor(() => watching.text().includes('run.started'), 15_000);

    // PostgreSQL goes away at once.
    await pgi.stop('immediate');
    const downAt = Date.now();

    for (const s of [a, b]) {
      const health = await fetch(`${s.baseUrl}/api/health`, { signal: AbortSignal.timeout(20_000) });
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', database: 'unavailable' });
    }
    const rest = await expectUnavailable(`${b.baseUrl}/api/v1/runs/${timerRun}`, { headers: auth });
    expect.soft(rest).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/not reachable/), issues: [] } });
    await expectUnavailable(`${a.baseUrl}/api/v1/workflows/${timerFlow}/runs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"input":{}}' });
    await expectUnavailable(`${a.baseUrl}/api/v1/tasks/${task.id}/complete`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"outcome":"approve","data":{}}' });
    const trpc = await expectUnavailable(`${b.baseUrl}/api/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({}))}`, { headers: { cookie } });
    expect.soft(JSON.stringify(trpc)).toMatch(/SERVICE_UNAVAILABLE/);
    await expectUnavailable(`${a.baseUrl}/api/trpc/workflows.list`, { headers: { cookie } });

    // The HTTP call answers while the database is down; the timer falls due meanwhile.
    for (const r of held.splice(0)) r();
    const downFor = Math.max(3_000, timerStartedAt + TIMER_MS + 1_500 - Date.now());
    await new Promise((r) => setTimeout(r, downFor));
    expect(alive(a), a.output()).toBe(true);
    expect(alive(b), b.output()).toBe(true);
    await expectUnavailable(`${a.baseUrl}/api/v1/runs/${httpRun}`, { headers: auth });

    // PostgreSQL is back; Baton is not restarted.
    await pgi.start();
    const upAt = Date.now();
    console.log(`PostgreSQL was down ${((upAt - downAt) / 1000).toFixed(1)} s`);
    for (const s of [a, b]) {
      await waitFor(async () => (await fetch(`${s.baseUrl}/api/health`)).status === 200, 30_000);
      expect(await (await fetch(`${s.baseUrl}/api/health`)).json()).toEqual({ status: 'ok', database: 'ok' });
    }
    await waitFor(async () => (await statusOf(timerRun)) === 'succeeded' && (await statusOf(httpRun)) === 'succeeded', 30_000);
    console.log(`timer and HTTP runs finished ${((Date.now() - upAt) / 1000).toFixed(1)} s after PostgreSQL was back`);
    const httpDone = await call(b, auth, 'GET', `/api/v1/runs/${httpRun}`);
    expect(httpDone.output).toEqual({ got: '/slow' });
    // Recorded from the answer received during the outage: the service was called once.
    expect(service.seen).toHaveLength(1);
    expect(httpDone.steps.filter((s: { nodeId: string }) => s.nodeId === 'call')).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 1 })]);
    expect((await call(b, auth, 'GET', `/api/v1/runs/${timerRun}`)).output).toEqual({ waited: true });

    // The stream B kept open across the restart saw the timer run finish.
    await waitFor(() => watching.text().includes('run.succeeded'), 20_000);
    expect(watching.status()).toBe(200);
    await watching.stop();

    // The waiting task is decided through B; A's runner finishes the run.
    await call(b, auth, 'POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: {} });
    await waitFor(async () => (await statusOf(taskRun)) === 'succeeded', 30_000);

    // Live events still flow between the processes: a run executed by A, watched on B.
    const fresh = await startRun(timerFlow);
    const live = follow(`${b.baseUrl}/api/runs/${fresh}/stream`, auth);
    await waitFor(() => live.text().includes('run.succeeded'), 30_000);
    await live.stop();

    expect(alive(a) && alive(b)).toBe(true);
    expect(a.output()).toMatch(/runner: the database is not reachable/);
    expect(a.output()).toMatch(/runner: the database answers again after/);
    expect(a.output() + b.output()).not.toMatch(/uncaught|unhandled/i);
  }, 240_000);
});
