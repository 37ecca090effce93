/**
 * From SQLite to PostgreSQL and on: an embedded installation (its credential key in the
 * `<database>.key` file beside it) holds runs in every state — succeeded, failed,
 * cancelled, compensated, one inside an HTTP call when the process crashes (its job
 * leased), one waiting on a timer and one waiting for a person. `npm run db:copy` (the
 * real command) copies it into a fresh PostgreSQL database and verifies every table's
 * count; Baton then starts on PostgreSQL with `BATON_SECRET_KEY` set to the key file's
 * contents. The copied API key still signs in, the timer fires, the interrupted HTTP step
 * runs again (same idempotency key) with the copied credential still decrypting into its
 * `Authorization` header (masked in what the run records), the task decided through REST completes its run, and the ended
 * runs are left as they were. Needs a production build.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServer, type TestServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { createTestPgDatabase, type TestPgDatabase } from './helpers/pg';
import { ALLOW_LOOPBACK, sendJson, startServer as startHttp } from './helpers/http-server';
import { doc, edge, http, node } from './helpers/docs';
import { waitFor } from './helpers/wait';

const run = promisify(execFile);
/** The timer run's wait, ms: long enough to be still waiting when the embedded process goes down. */
const TIMER_MS = 6_000;

let source: TestServer;
let copy: TestServer | undefined;
let target: TestPgDatabase;
let service: Awaited<ReturnType<typeof startHttp>>;
/** While true, calls to `/held` get no answer (the step stays under way). */
let holding = true;

beforeAll(async () => {
  service = await startHttp((req, res) => {
    if (req.url.startsWith('/held') && holding) return; // answered never: the process crashes meanwhile
    if (req.url.startsWith('/fail')) return sendJson(res, 500, { error: 'no courier today' });
    sendJson(res, 200, { path: req.url, auth: req.headers.authorization ?? null });
  });
  source = await startServer({ env: { BATON_HTTP_ALLOW: ALLOW_LOOPBACK } });
  target = await createTestPgDatabase({ migrate: false });
}, 120_000);

afterAll(async () => {
  await source?.stop();
  await copy?.stop();
  source?.removeDb();
  await service?.close();
  await target?.drop();
});

async function call(server: TestServer, auth: Record<string, string>, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${url}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(20_000) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

describe('db:copy, then Baton on PostgreSQL', () => {
  it('runs the copied installation’s waiting and interrupted runs to the end', async () => {
    const auth = await adminHeaders(source);
    const publish = async (server: TestServer, d: ReturnType<typeof doc>) => {
      const { id } = await call(server, auth, 'POST', '/api/v1/workflows', d);
      await call(server, auth, 'POST', `/api/v1/workflows/${id}/publish`);
      return id as string;
    };
    const startRun = async (workflowId: string) => (await call(source, auth, 'POST', `/api/v1/workflows/${workflowId}/runs`, { input: {} })).runId as string;
    const statusOn = async (server: TestServer, runId: string) => (await call(server, auth, 'GET', `/api/v1/runs/${runId}`)).status as string;

    const { id: credentialId } = await call(source, auth, 'POST', '/api/v1/credentials', { name: 'courier-token', type: 'bearer', data: { token: 's3cret-copied' } });
    const review = node('review', 'userTask', { title: 'Approve the copied run', description: '', assignee: '', candidateUsers: '', candidateGroups: '', context: '', formFields: [], outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] });
    const okFlow = await publish(source, doc('copied ok', [node('start', 'manualTrigger'), node('t', 'transform', { expression: '{ "x": 1 }' }), node('end', 'end')], [edge('start', 't'), edge('t', 'end')]));
    const failFlow = await publish(source, doc('copied fails', [node('start', 'manualTrigger'), node('t', 'transform', { expression: '$error("boom")' }), node('end', 'end')], [edge('start', 't'), edge('t', 'end')]));
    const taskFlow = await publish(source, doc('copied task', [node('start', 'manualTrigger'), review, node('end', 'end', { output: '{ "by": $steps.review.output.completedBy, "outcome": $steps.review.output.outcome }' })], [edge('start', 'review'), edge('review', 'end', 'approve'), edge('review', 'end', 'reject')]));
    const sagaFlow = await publish(
      source,
      doc(
        'copied saga',
        [node('start', 'manualTrigger'), http('reserve', `${service.url}/reserve`, '{"n":1}'), http('release', `${service.url}/release`, '{"n":1}'), http('ship', `${service.url}/fail`), node('end', 'end')],
        [edge('start', 'reserve'), edge('reserve', 'ship'), edge('ship', 'end'), edge('reserve', 'release', 'compensation')],
      ),
    );
    const heldFlow = await publish(
      source,
      doc(
        'copied in flight',
        [node('start', 'manualTrigger'), node('call', 'http', { method: 'GET', url: `${service.url}/held`, headers: [], body: '', timeoutMs: 60_000, failOnHttpError: true, credentialId }), node('end', 'end', { output: '{ "auth": $steps.call.output.body.auth }' })],
        [edge('start', 'call'), edge('call', 'end')],
      ),
    );
    const timerFlow = await publish(source, doc('copied timer', [node('start', 'manualTrigger'), node('w', 'wait', { mode: 'duration', duration: `PT${TIMER_MS / 1000}S`, milliseconds: TIMER_MS, until: '' }), node('end', 'end', { output: '{ "waited": true }' })], [edge('start', 'w'), edge('w', 'end')]));

    const succeeded = await startRun(okFlow);
    const failed = await startRun(failFlow);
    const waitingTask = await startRun(taskFlow);
    const cancelled = await startRun(taskFlow);
    const compensated = await startRun(sagaFlow);
    const inFlight = await startRun(heldFlow);
    await waitFor(async () => (await statusOn(source, cancelled)) === 'waiting', 30_000);
    await call(source, auth, 'POST', `/api/v1/runs/${cancelled}/cancel`, { reason: 'not needed' });
    const expected: Record<string, string> = { [succeeded]: 'succeeded', [failed]: 'failed', [waitingTask]: 'waiting', [cancelled]: 'cancelled', [compensated]: 'compensated', [inFlight]: 'running' };
    await waitFor(async () => {
      for (const [id, status] of Object.entries(expected)) if ((await statusOn(source, id)) !== status) return false;
      return service.seen.some((r) => r.url === '/held');
    }, 30_000);
    const timer = await startRun(timerFlow);
    await waitFor(async () => (await statusOn(source, timer)) === 'waiting', 10_000);
    expected[timer] = 'waiting';

    // The embedded process crashes with the HTTP call under way; nothing of it was recorded.
    await source.kill9();
    holding = false;
    const firstCall = service.seen.find((r) => r.url === '/held')!;
    expect(firstCall.headers.authorization).toBe('Bearer s3cret-copied');

    const src = new Database(source.dbFile, { readonly: true });
    const tables = (src.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'`).all() as { name: string }[]).map((r) => r.name);
    const counts = Object.fromEntries(tables.map((t) => [t, (src.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
    const statuses = Object.fromEntries((src.prepare(`SELECT id, status FROM runs`).all() as { id: string; status: string }[]).map((r) => [r.id, r.status]));
    const leased = src.prepare(`SELECT count(*) AS n FROM jobs WHERE run_id = ? AND kind = 'execute' AND lease_owner IS NOT NULL`).get(inFlight) as { n: number };
    const timerJobs = src.prepare(`SELECT count(*) AS n FROM jobs WHERE run_id = ? AND kind = 'timer'`).get(timer) as { n: number };
    src.close();
    expect(Object.fromEntries(Object.keys(expected).map((id) => [id, statuses[id]]))).toEqual(expected);
    expect(leased.n).toBe(1);
    expect(timerJobs.n).toBe(1);

    // The real command: copies, verifies each table's count, exits 0.
    const out = await run(process.execPath, ['--import', 'tsx', 'scripts/db-copy.ts', '--from', source.dbFile, '--to', target.url], { cwd: ROOT, timeout: 120_000 });
    expect(out.stdout).toMatch(/every count verified/);
    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      const copied = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n)] as const)));
      expect(copied).toEqual(counts);
      for (const t of ['runs', 'steps', 'attempts', 'run_events', 'jobs', 'tasks', 'credentials', 'api_keys', 'audit_log']) expect(counts[t], t).toBeGreaterThan(0);
    } finally {
      await c.end();
    }

    // Baton on PostgreSQL, with the installation's key (the key file's contents).
    const key = fs.readFileSync(`${source.dbFile}.key`, 'utf8').trim();
    copy = await startServer({ env: { DATABASE_URL: target.url, BATON_SECRET_KEY: key, BATON_HTTP_ALLOW: ALLOW_LOOPBACK } });
    expect(copy.output()).toMatch(/database PostgreSQL/);
    // The copied API key works there.
    for (const [id, status] of Object.entries(expected)) if (!['waiting', 'running'].includes(status)) expect(await statusOn(copy, id), id).toBe(status);

    // The timer fires; the interrupted step runs again, same idempotency key, the credential decrypted.
    await waitFor(async () => (await statusOn(copy!, timer)) === 'succeeded' && (await statusOn(copy!, inFlight)) === 'succeeded', 30_000);
    expect((await call(copy, auth, 'GET', `/api/v1/runs/${timer}`)).output).toEqual({ waited: true });
    const heldCalls = service.seen.filter((r) => r.url === '/held');
    expect(heldCalls).toHaveLength(2);
    expect(heldCalls[1].headers.authorization).toBe('Bearer s3cret-copied');
    expect(heldCalls[1].headers['idempotency-key']).toBe(firstCall.headers['idempotency-key']);
    // What the service echoed is recorded with the secret masked, as on SQLite.
    expect((await call(copy, auth, 'GET', `/api/v1/runs/${inFlight}`)).output).toEqual({ auth: 'Bearer ••••' });

    // The person's task, decided through REST on the new installation, finishes its run.
    expect(await statusOn(copy, waitingTask)).toBe('waiting');
    const task = ((await call(copy, auth, 'GET', `/api/v1/tasks?runId=${waitingTask}&status=open`)) as { id: string; title: string }[])[0];
    expect(task.title).toBe('Approve the copied run');
    await call(copy, auth, 'POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: {} });
    await waitFor(async () => (await statusOn(copy!, waitingTask)) === 'succeeded', 30_000);
    expect((await call(copy, auth, 'GET', `/api/v1/runs/${waitingTask}`)).output).toMatchObject({ outcome: 'approve', by: expect.any(String) });

    // New work runs there too, with the copied credential.
    const again = (await call(copy, auth, 'POST', `/api/v1/workflows/${heldFlow}/runs`, { input: {} })).runId as string;
    await waitFor(async () => (await statusOn(copy!, again)) === 'succeeded', 30_000);
    expect(service.seen.filter((r) => r.url === '/held').map((r) => r.headers.authorization)).toEqual(['Bearer s3cret-copied', 'Bearer s3cret-copied', 'Bearer s3cret-copied']);
  }, 240_000);
});
