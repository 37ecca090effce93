/**
 * The version history and draft endpoints of the REST API, black-box against the real
 * built server: publish notes and who published, the paged version list with run
 * counts, a version's document, replacing the draft with `If-Match` (412 on a
 * conflict), deleting a workflow (audited; its schedule and webhook stop; its runs stay
 * readable), and bad input answered with a 4xx naming the field while nothing is written.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/versions-api.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { peopleKeys, type Person } from './helpers/people';
import { dbSnapshot, lastAuditId, auditedSince, serverSql } from './helpers/db-read';
import { doc, edge, node } from './helpers/docs';
import { newWebhookToken } from '@/lib/nodes/webhook-trigger/definition';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

let server: TestServer;
let alex: Person;
/** An approver: may read workflows, not edit them. */
let priya: Person;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...alex.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : null };
}

/** The error answer: status, shape, and an issue at `path`. */
function expectError(r: Awaited<ReturnType<typeof api>>, status: number, path: (string | number)[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body.error.message).toEqual(expect.any(String));
  expect(r.body.error.issues.map((i: { path: unknown }) => i.path), r.body.error.message).toContainEqual(path);
}

/** Asserts a refused request changed nothing in the database. */
async function unchanged(fn: () => Promise<void>) {
  const state = async () => ({ ...(await dbSnapshot(server)), extra: await serverSql(server, `SELECT workflow_id, version, note FROM workflow_versions ORDER BY 1, 2`) });
  const before = await state();
  await fn();
  expect(await state()).toEqual(before);
}

/** `SELECT COUNT(*) AS n …` on the server's database. */
const count = async (text: string, params: unknown[]) => (await serverSql<{ n: number }>(server, text, params))[0].n;

const simple = (name: string, extra = 'done') => doc(name, [node('start', 'manualTrigger', { inputFields: [] }), node(extra, 'end', {})], [edge('start', extra)]);

async function waitForRunEnd(runId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await api('GET', `/api/v1/runs/${runId}`);
    if (r.body.status === 'succeeded') return r.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

describe.skipIf(SKIP)('versions and drafts over REST (real server)', () => {
  let wf: string;

  beforeAll(async () => {
    server = await startServer();
    ({ alex, priya } = await peopleKeys(server));
    const created = await api('POST', '/api/v1/workflows', simple('Versioned'));
    expect(created.status).toBe(201);
    wf = created.body.id;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('publishes with a note and lists the versions newest first with who, when, note and run count', async () => {
    expect((await api('POST', `/api/v1/workflows/${wf}/publish`, { note: '  First cut  ' })).body).toEqual({ version: 1 });
    const run = await api('POST', `/api/v1/workflows/${wf}/runs`, { input: {} });
    expect(run.status).toBe(202);
    await waitForRunEnd(run.body.runId);
    expect((await api('PUT', `/api/v1/workflows/${wf}`, simple('Versioned', 'finish'))).status).toBe(200);
    expect((await api('POST', `/api/v1/workflows/${wf}/publish`)).body).toEqual({ version: 2 });

    const list = await api('GET', `/api/v1/workflows/${wf}/versions`);
    expect(list.status).toBe(200);
    expect(list.headers.get('x-next-cursor')).toBeNull();
    expect(list.body).toEqual([
      { version: 2, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), createdBy: 'alex', createdByName: expect.any(String), note: '', runCount: 0 },
      { version: 1, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), createdBy: 'alex', createdByName: expect.any(String), note: 'First cut', runCount: 1 },
    ]);
    expect(list.body[0].createdByName).not.toBe('alex');

    const first = await api('GET', `/api/v1/workflows/${wf}/versions/1`);
    expect(first.status).toBe(200);
    expect(first.body.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'done']);
    expect((await api('GET', `/api/v1/workflows/${wf}/versions/2`)).body.nodes.map((n: { id: string }) => n.id)).toEqual(['start', 'finish']);
  });

  it('pages the history with X-Next-Cursor', async () => {
    const p1 = await api('GET', `/api/v1/workflows/${wf}/versions?limit=1`);
    expect(p1.body.map((v: { version: number }) => v.version)).toEqual([2]);
    const cursor = p1.headers.get('x-next-cursor');
    expect(cursor).toBeTruthy();
    expect(p1.headers.get('link')).toContain('rel="next"');
    const p2 = await api('GET', `/api/v1/workflows/${wf}/versions?limit=1&cursor=${cursor}`);
    expect(p2.body.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(p2.headers.get('x-next-cursor')).toBeNull();
  });

  it('names the field of a bad query, version number or publish note, and writes nothing', async () => {
    expectError(await api('GET', `/api/v1/workflows/${wf}/versions?limit=0`), 400, ['limit']);
    expectError(await api('GET', `/api/v1/workflows/${wf}/versions?limit=5000`), 400, ['limit']);
    expectError(await api('GET', `/api/v1/workflows/${wf}/versions?cursor=nonsense`), 400, ['cursor']);
    expectError(await api('GET', `/api/v1/workflows/${wf}/versions/abc`), 400, ['version']);
    expectError(await api('GET', `/api/v1/workflows/${wf}/versions/99`), 404, ['version']);
    expectError(await api('GET', `/api/v1/workflows/wf_nope/versions`), 404, ['id']);
    await unchanged(async () => {
      expectError(await api('POST', `/api/v1/workflows/${wf}/publish`, { note: 'x'.repeat(1001) }), 400, ['note']);
      expectError(await api('POST', `/api/v1/workflows/${wf}/publish`, { note: 42 }), 400, ['note']);
      expectError(await api('POST', `/api/v1/workflows/${wf}/publish`, { note: 'ok', extra: true }), 400, []);
    });
  });

  it('replaces the draft with If-Match and refuses a stale revision with 412 and the current one', async () => {
    const got = await api('GET', `/api/v1/workflows/${wf}`);
    const etag = got.headers.get('etag')!;
    expect(etag).toMatch(/^"\d+"$/);
    const rev = Number(etag.slice(1, -1));

    const saved = await api('PUT', `/api/v1/workflows/${wf}`, simple('Versioned', 'end_a'), { 'If-Match': etag });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ id: wf, draftRevision: rev + 1 });
    expect(saved.headers.get('etag')).toBe(`"${rev + 1}"`);
    expect((await api('GET', `/api/v1/workflows/${wf}`)).headers.get('etag')).toBe(`"${rev + 1}"`);

    await unchanged(async () => {
      const stale = await api('PUT', `/api/v1/workflows/${wf}`, simple('Versioned', 'end_b'), { 'If-Match': etag });
      expectError(stale, 412, ['If-Match']);
      expect(stale.body.draftRevision).toBe(rev + 1);
      expect(stale.headers.get('etag')).toBe(`"${rev + 1}"`);
      expectError(await api('PUT', `/api/v1/workflows/${wf}`, simple('Versioned'), { 'If-Match': 'yesterday' }), 400, ['If-Match']);
      const badDoc = simple('Versioned');
      (badDoc.nodes[1] as { id: string }).id = 'has space';
      expectError(await api('PUT', `/api/v1/workflows/${wf}`, badDoc), 400, ['nodes', 1, 'id']);
      expectError(await api('PUT', `/api/v1/workflows/${wf}`, { ...simple('Versioned'), name: '' }), 400, ['name']);
      expectError(await api('PUT', `/api/v1/workflows/${wf}`, '{"nodes": ['), 400, []);
      expectError(await api('PUT', `/api/v1/workflows/wf_nope`, simple('Nope')), 404, ['id']);
    });
    // A weak tag and `*` are accepted too.
    expect((await api('PUT', `/api/v1/workflows/${wf}`, simple('Versioned'), { 'If-Match': `W/"${rev + 1}"` })).status).toBe(200);
    expect((await api('PUT', `/api/v1/workflows/${wf}`, simple('Versioned'), { 'If-Match': '*' })).status).toBe(200);
  });

  it('deletes a workflow: audited, its schedule and webhook stop, its runs stay readable', async () => {
    const token = newWebhookToken();
    const hooked = doc('Hooked', [node('hook', 'webhookTrigger', { token }), node('done', 'end', {})], [edge('hook', 'done')]);
    const hookId = (await api('POST', '/api/v1/workflows', hooked)).body.id;
    expect((await api('POST', `/api/v1/workflows/${hookId}/publish`, { note: 'listen' })).status).toBe(201);
    const fired = await fetch(`${server.baseUrl}/api/hooks/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(fired.status).toBeLessThan(300);
    const runId = (await serverSql<{ id: string }>(server, `SELECT id FROM runs WHERE workflow_id = ?`, [hookId]))[0].id;

    const scheduled = doc('Nightly', [node('tick', 'scheduleTrigger', { cron: '0 3 * * *', timezone: 'UTC' }), node('done', 'end', {})], [edge('tick', 'done')]);
    const cronId = (await api('POST', '/api/v1/workflows', scheduled)).body.id;
    expect((await api('POST', `/api/v1/workflows/${cronId}/publish`)).status).toBe(201);
    const triggers = async () => ({
      webhooks: await count(`SELECT COUNT(*) AS n FROM webhooks WHERE workflow_id = ?`, [hookId]),
      schedules: await count(`SELECT COUNT(*) AS n FROM schedules WHERE workflow_id = ?`, [cronId]),
    });
    expect(await triggers()).toEqual({ webhooks: 1, schedules: 1 });

    const mark = await lastAuditId(server);
    const del = await fetch(`${server.baseUrl}/api/v1/workflows/${hookId}`, { method: 'DELETE', headers: alex.headers });
    expect(del.status).toBe(204);
    expect((await fetch(`${server.baseUrl}/api/v1/workflows/${cronId}`, { method: 'DELETE', headers: alex.headers })).status).toBe(204);
    expect(await auditedSince(server, mark, 'alex')).toEqual(['workflow.delete', 'workflow.delete']);
    expect(await triggers()).toEqual({ webhooks: 0, schedules: 0 });

    const again = await fetch(`${server.baseUrl}/api/hooks/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(404);
    expect(await count(`SELECT COUNT(*) AS n FROM runs WHERE workflow_id = ?`, [hookId])).toBe(1);
    expect((await api('GET', `/api/v1/runs/${runId}`)).status).toBe(200);
    expectError(await api('GET', `/api/v1/workflows/${hookId}`), 404, ['id']);
    expectError(await api('GET', `/api/v1/workflows/${hookId}/versions`), 404, ['id']);
    expectError(await api('POST', `/api/v1/workflows/${hookId}/runs`, { input: {} }), 404, ['workflowId']);
    expect((await api('GET', '/api/v1/workflows')).body.map((w: { id: string }) => w.id)).not.toContain(hookId);
    expectError(await api('DELETE', `/api/v1/workflows/${hookId}`), 404, ['id']);
  });

  it('lets an approver read versions but not replace or delete', async () => {
    const viewer = priya;
    const list = await fetch(`${server.baseUrl}/api/v1/workflows/${wf}/versions`, { headers: viewer.headers });
    expect(list.status).toBe(200);
    await unchanged(async () => {
      const put = await fetch(`${server.baseUrl}/api/v1/workflows/${wf}`, { method: 'PUT', headers: { ...viewer.headers, 'content-type': 'application/json' }, body: JSON.stringify(simple('Versioned')) });
      const del = await fetch(`${server.baseUrl}/api/v1/workflows/${wf}`, { method: 'DELETE', headers: viewer.headers });
      expect([put.status, del.status]).toEqual([403, 403]);
    });
  });
});
