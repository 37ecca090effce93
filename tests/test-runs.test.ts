/**
 * Test runs of the draft over the public REST API, black-box against the real built
 * server: `draft: true` → 202 and a run with `draft: true`, `version: null`, the
 * workflow's `latestVersion` unchanged, a snapshot that later edits of the draft do not
 * change (also across a kill -9 and restart), bad input and a blocking problem refused
 * with 4xx naming the field or node and nothing written, and who may start one.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/test-runs.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { createPerson, peopleKeys, ready, trpc, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';
import { rowCounts } from './helpers/db-read';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
let server: TestServer;
let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = people.alex.headers) {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForRun(runId: string, done: (run: any) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await api('GET', `/api/v1/runs/${runId}`);
    if (r.status === 200 && done(r.body)) return r.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not get there: ${JSON.stringify(r.body)}`);
    await sleep(100);
  }
}

/** Trigger → transform (a marker) → user task for sam → end with the marker. */
/** Workflow names are unique: each document gets its own. */
let docCount = 0;
function markerDoc(marker: string) {
  return doc(
    `Test run target ${++docCount}`,
    [
      node('start', 'manualTrigger', { inputFields: [{ name: 'amount', label: 'Amount', type: 'number', required: true, options: '' }] }),
      node('mark', 'transform', { expression: `{ "marker": "${marker}", "amount": $input.amount }` }),
      node('review', 'userTask', { title: 'Review', assignee: 'sam', outcomes: [{ id: 'ok', label: 'OK' }] }),
      node('done', 'end', { output: '{ "marker": $steps.mark.output.marker }' }),
    ],
    [edge('start', 'mark'), edge('mark', 'review'), edge('review', 'done', 'ok')],
  );
}

/** Rows of the tables a test run writes (read straight from the server's database, SQLite or PostgreSQL). */
async function counts() {
  const n = await rowCounts(server, ['runs', 'run_drafts', 'workflow_versions', 'jobs']);
  return { runs: n.runs, runDrafts: n.run_drafts, versions: n.workflow_versions, jobs: n.jobs };
}

async function saveDraft(id: string, d: unknown) {
  const r = await trpc(server.baseUrl, people.alex.cookie, 'workflows.saveDraft', { id, document: d });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

describe.skipIf(SKIP)('test runs of the draft (REST)', () => {
  beforeAll(async () => {
    server = await startServer();
    people = await peopleKeys(server);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('starts a test run of a never-published draft: 202, draft true, version null, latestVersion unchanged', async () => {
    const created = await api('POST', '/api/v1/workflows', markerDoc('first'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;

    const published = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 } });
    expect(published.status).toBe(409);

    const started = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 3 }, draft: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toEqual({ runId: expect.stringMatching(/^run_/), version: null });

    const run = await waitForRun(started.body.runId, (r) => r.status === 'waiting');
    expect(run).toMatchObject({ draft: true, version: null, workflowId: id });

    const list = await api('GET', '/api/v1/workflows');
    expect(list.body.find((w: { id: string }) => w.id === id)).toMatchObject({ latestVersion: 0 });
    expect((await counts()).versions).toBe((await api('GET', '/api/v1/workflows')).body.reduce((a: number, w: { latestVersion: number }) => a + w.latestVersion, 0));
  });

  it('runs the snapshot taken at start, whatever the draft becomes, also after kill -9 and restart', async () => {
    const id = (await api('POST', '/api/v1/workflows', markerDoc('v1'))).body.id as string;
    expect((await api('POST', `/api/v1/workflows/${id}/publish`)).status).toBe(201);
    await saveDraft(id, markerDoc('snapshot'));
    const started = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 5 }, draft: true });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    await waitForRun(runId, (r) => r.status === 'waiting');

    // The draft changes after the start, and the process crashes.
    await saveDraft(id, markerDoc('edited later'));
    await server.kill9();
    server = await startServer({ restartOf: server });
    people = await peopleKeys(server);

    const tasks = await api('GET', `/api/v1/tasks?status=open&runId=${runId}`, undefined, people.admin.headers);
    expect(tasks.body).toHaveLength(1);
    expect((await api('POST', `/api/v1/tasks/${tasks.body[0].id}/complete`, { outcome: 'ok' }, people.sam.headers)).status).toBe(200);
    const done = await waitForRun(runId, (r) => r.status === 'succeeded');
    expect(done).toMatchObject({ draft: true, version: null, output: { marker: 'snapshot' } });
    // Still one version: the test run published nothing.
    expect((await api('GET', '/api/v1/workflows')).body.find((w: { id: string }) => w.id === id).latestVersion).toBe(1);
    // A published run of the same workflow still runs v1.
    const pub = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 } });
    expect(pub.body.version).toBe(1);
    expect(await waitForRun(pub.body.runId, (r) => r.status === 'waiting')).toMatchObject({ draft: false, version: 1 });
  }, 120_000);

  it('refuses bad input and a draft with a blocking problem with 4xx naming the field or node, writing nothing', async () => {
    const id = (await api('POST', '/api/v1/workflows', markerDoc('x'))).body.id as string;
    const before = await counts();

    const noAmount = await api('POST', `/api/v1/workflows/${id}/runs`, { input: {}, draft: true });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['input', 'amount']);

    const notBool = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 }, draft: 'yes' });
    expect(notBool.status).toBe(400);
    expect(notBool.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['draft']);

    const both = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 }, draft: true, version: 1 });
    expect(both.status).toBe(422);
    expect(both.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['version']);

    // The draft is saved with a JSONata syntax error in "mark" (drafts may be incomplete).
    const broken = markerDoc('x');
    broken.nodes[1].config = { expression: '{ "marker": }' };
    await saveDraft(id, broken);
    const refused = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 }, draft: true });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/"mark"/);
    expect(refused.body.error.issues.some((i: { nodeId?: string; path: unknown[] }) => i.nodeId === 'mark' && i.path[0] === 'draft')).toBe(true);

    expect(await api('POST', '/api/v1/workflows/wf_nope/runs', { draft: true })).toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);
  });

  it('lets designers (workflow.edit) test-run drafts, but not start published runs; refuses approvers', async () => {
    const id = (await api('POST', '/api/v1/workflows', markerDoc('perm'))).body.id as string;
    expect((await api('POST', `/api/v1/workflows/${id}/publish`)).status).toBe(201);
    const deeId = await createPerson(server.baseUrl, people.admin.cookie, { name: 'Dee Designer', email: 'dee@baton.test', roles: ['designer'], password: 'dee-password-1' });
    const dee = await ready(server.baseUrl, deeId, 'dee@baton.test', 'dee-password-1');
    expect((await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 }, draft: true }, dee.headers)).status).toBe(202);
    expect((await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 } }, dee.headers)).status).toBe(403);
    expect((await api('POST', `/api/v1/workflows/${id}/runs`, { input: { amount: 1 }, draft: true }, people.sam.headers)).status).toBe(403);

    // The run list filters by kind; the start is audited like any run start.
    const tests = await trpc(server.baseUrl, people.admin.cookie, 'runs.list', { workflowId: id, kind: 'test' }, 'query');
    expect(tests.body.result.data.map((r: { draft: boolean; version: number | null }) => [r.draft, r.version])).toEqual([[true, null]]);
    const audit = await api('GET', '/api/v1/audit?action=run.start', undefined, people.admin.headers);
    expect(JSON.stringify(audit.body)).toContain('"draft":true');
  });
});
