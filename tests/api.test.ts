/**
 * The public REST API (`/api/v1`), black-box against the real built server
 * (`next start`) over HTTP: every endpoint's happy path (create → publish → run →
 * wait at the user task → list tasks → complete → run succeeds), bad inputs with their
 * status codes and issue paths, and after every refused request a check straight in
 * the database (SQLite or PostgreSQL: `helpers/db-read.ts`) that nothing was written. Ends with a kill -9 and restart while a
 * run waits for a person.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/api.test.ts`.
 */
import { NODE_TYPES } from '@/lib/nodes/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startServer, type TestServer } from './helpers/server';
import { peopleKeys, trpc, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';
import { rowCounts, serverSql } from './helpers/db-read';

let server: TestServer;
let first: TestServer | undefined;
/** The admin and the seeded people with API keys; alex (designer, operator and, here, approver) is the default caller. */
let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;

/** Set by `npm test` when the production build failed: server tests are skipped (the build failure is reported). */
const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

// ---------------------------------------------------------------------------
// helpers

interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Calls the API as alex (unless `headers` name another key); asserts every response is JSON. `body`: a value (sent as JSON) or a raw string. */
async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = people.alex.headers): Promise<ApiResult<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(`${server.baseUrl}${path}`, init);
  const text = await res.text();
  expect(res.headers.get('content-type'), `${method} ${path} → ${res.status}: ${text.slice(0, 300)}`).toMatch(/^application\/json/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${method} ${path} → ${res.status}: body is not JSON: ${text.slice(0, 300)}`);
  }
  return { status: res.status, headers: res.headers, body: parsed as T };
}

/** Asserts an error response: status, the documented shape, and (optionally) an issue at `path`. */
function expectError(r: ApiResult, status: number, issuePath?: (string | number)[]) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body).toEqual({ error: { message: expect.any(String), code: expect.any(String), issues: expect.any(Array) } });
  expect(r.body.error.message.length).toBeGreaterThan(0);
  if (issuePath) expect(r.body.error.issues.map((i: { path: unknown }) => i.path), r.body.error.message).toContainEqual(issuePath);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a run until `done(run)` holds (10 s). */
async function waitForRun(runId: string, done: (run: any) => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await api('GET', `/api/v1/runs/${runId}`);
    expect(r.status).toBe(200);
    if (done(r.body)) return r.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} never became ${what}: ${JSON.stringify(r.body)}`);
    await sleep(100);
  }
}

/** What the database holds: row counts of every table, plus the mutable columns that refused requests must not touch. */
async function snapshot() {
  return {
    counts: await rowCounts(server, ['users', 'workflows', 'workflow_versions', 'runs', 'steps', 'attempts', 'run_events', 'jobs', 'tasks']),
    workflows: await serverSql(server, `SELECT id, name, draft, draft_revision, latest_version FROM workflows ORDER BY id`),
    runs: await serverSql(server, `SELECT id, status, output FROM runs ORDER BY id`),
    tasks: await serverSql(server, `SELECT id, status, outcome, data, completed_by FROM tasks ORDER BY id`),
  };
}

/** Runs `fn` (a refused request) and asserts the database did not change. */
async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = await snapshot();
  const result = await fn();
  await sleep(50);
  expect(await snapshot()).toEqual(before);
  return result;
}

const field = (name: string, label: string, type = 'text', required = false) => ({ name, label, type, required, options: '' });

/** manual trigger → transform → user task → end (approve) / end (reject). */
function approvalDoc(name = 'API approval') {
  return doc(
    name,
    [
      node('start', 'manualTrigger', { inputFields: [field('customer', 'Customer', 'text', true), field('amount', 'Amount', 'number')] }),
      node('prepare', 'transform', { expression: '{ "customer": $uppercase($input.customer), "doubled": $input.amount * 2 }', assignTo: 'prep' }),
      node('review', 'userTask', {
        title: 'Review {{ $steps.prepare.output.customer }}',
        description: 'Check the amount of {{ $input.amount }}',
        assignee: 'sam',
        candidateUsers: 'alex, priya',
        context: '{ "doubled": $vars.prep.doubled }',
        formFields: [field('reason', 'Reason', 'text', true), field('score', 'Score', 'number')],
        outcomes: [
          { id: 'approve', label: 'Approve' },
          { id: 'reject', label: 'Reject' },
        ],
      }),
      node('done', 'end', {
        output: '{ "customer": $steps.prepare.output.customer, "doubled": $vars.prep.doubled, "decision": $steps.review.output.outcome, "reason": $steps.review.output.data.reason, "by": $steps.review.output.completedBy }',
      }),
      node('rejected', 'end', { output: '{ "decision": "rejected" }' }),
    ],
    [edge('start', 'prepare'), edge('prepare', 'review'), edge('review', 'done', 'approve'), edge('review', 'rejected', 'reject')],
  );
}

/** Workflow names are unique: each workflow created here gets a numbered name. */
let created = 0;
async function createWorkflow(d: unknown = approvalDoc()): Promise<string> {
  const named = d && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string' ? { ...d, name: `${(d as { name: string }).name} ${++created}` } : d;
  const r = await api('POST', '/api/v1/workflows', named);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function publishedWorkflow(): Promise<string> {
  const id = await createWorkflow();
  expect((await api('POST', `/api/v1/workflows/${id}/publish`)).status).toBe(201);
  return id;
}

/** A run of a published approval workflow, parked at its user task. Returns the run and the open task. */
async function waitingRun(workflowId: string, input: Record<string, unknown> = { customer: 'acme', amount: 21 }) {
  const started = await api('POST', `/api/v1/workflows/${workflowId}/runs`, { input });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const runId = started.body.runId as string;
  const run = await waitForRun(runId, (r) => r.status === 'waiting', 'waiting');
  const tasks = await api('GET', `/api/v1/tasks?status=open&runId=${runId}`, undefined, people.admin.headers);
  expect(tasks.body).toHaveLength(1);
  return { runId, run, task: tasks.body[0] };
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// ---------------------------------------------------------------------------

describe.skipIf(SKIP)('REST API /api/v1 (real server over HTTP)', () => {
  beforeAll(async () => {
    server = first = await startServer();
    people = await peopleKeys(server);
    const made = await trpc(server.baseUrl, people.admin.cookie, 'users.update', { id: 'alex', change: { roles: ['designer', 'operator', 'approver'] } });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
  });

  afterAll(async () => {
    await server?.stop();
    first?.removeDb();
  });

  it('lists the seeded example workflows on a fresh database', async () => {
    const r = await api('GET', '/api/v1/workflows');
    expect(r.status).toBe(200);
    expect(r.body.map((w: { name: string }) => w.name).sort()).toEqual(['Customer onboarding', 'Expense approval', 'Inventory sync', 'Shipping quote routing', 'Support agent (demo)', 'Support ticket triage', 'Tool: issue refund', 'Tool: look up order']);
    for (const w of r.body) {
      expect(Object.keys(w).sort()).toEqual(['id', 'latestVersion', 'name']);
      expect(w.latestVersion).toBe(1);
    }
  });

  it('runs the whole journey: create → publish → run → task → complete → succeeded', async () => {
    const document = approvalDoc('Journey');
    const created = await api('POST', '/api/v1/workflows', document);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^wf_/) });
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`/api/v1/workflows/${id}`);

    // The document comes back exactly as sent (nothing added to the body).
    const got = await api('GET', `/api/v1/workflows/${id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(document);

    const list = await api('GET', '/api/v1/workflows');
    expect(list.body).toContainEqual({ id, name: 'Journey', latestVersion: 0 });

    const published = await api('POST', `/api/v1/workflows/${id}/publish`);
    expect(published.status).toBe(201);
    expect(published.body).toEqual({ version: 1 });
    expect((await api('GET', '/api/v1/workflows')).body).toContainEqual({ id, name: 'Journey', latestVersion: 1 });

    const started = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { customer: 'acme', amount: 21 } });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ runId: expect.stringMatching(/^run_/), version: 1 });
    const runId = started.body.runId as string;
    expect(started.headers.get('location')).toBe(`/api/v1/runs/${runId}`);

    const waiting = await waitForRun(runId, (r) => r.status === 'waiting', 'waiting');
    expect(waiting).toMatchObject({ id: runId, workflowId: id, version: 1, status: 'waiting', input: { customer: 'acme', amount: 21 }, output: null, error: null });
    expect(waiting.createdAt).toMatch(ISO);
    expect(waiting.endedAt).toBeNull();
    expect(waiting.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['prepare', 'succeeded'],
      ['review', 'waiting'],
    ]);
    for (const s of waiting.steps) {
      expect(Object.keys(s).sort()).toEqual(['attempts', 'endedAt', 'error', 'nodeId', 'output', 'startedAt', 'status', 'stepId']);
      expect(s.startedAt).toMatch(ISO);
      expect(typeof s.stepId).toBe('string');
    }
    expect(waiting.steps[1]).toMatchObject({ nodeId: 'prepare', attempts: 1, output: { customer: 'ACME', doubled: 42 }, error: null, endedAt: expect.stringMatching(ISO) });
    expect(waiting.steps[2].endedAt).toBeNull();

    const open = await api('GET', '/api/v1/tasks?status=open');
    expect(open.status).toBe(200);
    const task = open.body.find((t: { runId: string }) => t.runId === runId);
    expect(task).toMatchObject({
      id: expect.any(String),
      runId,
      nodeId: 'review',
      title: 'Review ACME',
      description: 'Check the amount of 21',
      assignee: 'sam',
      status: 'open',
      context: { doubled: 42 },
      outcomes: [
        { id: 'approve', label: 'Approve' },
        { id: 'reject', label: 'Reject' },
      ],
      form: [
        { name: 'reason', label: 'Reason', type: 'text', required: true, options: '' },
        { name: 'score', label: 'Score', type: 'number', required: false, options: '' },
      ],
    });
    expect(task.createdAt).toMatch(ISO);
    expect(task.stepId).toBe(waiting.steps[2].stepId);
    const all = await api('GET', '/api/v1/tasks');
    expect(all.status).toBe(200);
    expect(all.body.map((t: { id: string }) => t.id)).toContain(task.id);

    const done = await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { reason: 'looks fine', score: 7 } }, people.sam.headers);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ runId, completed: true, approvals: 1, requiredApprovals: 1 });

    const finished = await waitForRun(runId, (r) => r.status !== 'waiting' && r.status !== 'running', 'finished');
    expect(finished.status).toBe('succeeded');
    expect(finished.output).toEqual({ customer: 'ACME', doubled: 42, decision: 'approve', reason: 'looks fine', by: 'sam' });
    expect(finished.endedAt).toMatch(ISO);
    expect(finished.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['prepare', 'succeeded'],
      ['review', 'succeeded'],
      ['done', 'succeeded'],
    ]);
    expect(finished.steps[2].output).toMatchObject({ outcome: 'approve', data: { reason: 'looks fine', score: 7 }, completedBy: 'sam' });

    const completed = await api('GET', '/api/v1/tasks?status=completed');
    expect(completed.body.find((t: { id: string }) => t.id === task.id)).toMatchObject({ status: 'completed', outcome: 'approve', completedBy: 'sam', completedAt: expect.stringMatching(ISO) });
    expect((await api('GET', '/api/v1/tasks?status=open')).body.find((t: { id: string }) => t.id === task.id)).toBeUndefined();

    // Publishing again makes a new version; the run kept version 1.
    expect((await api('POST', `/api/v1/workflows/${id}/publish`)).body).toEqual({ version: 2 });
    const v1 = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { customer: 'old' }, version: 1 });
    expect(v1.status).toBe(202);
    expect(v1.body.version).toBe(1);
    const latest = await api('POST', `/api/v1/workflows/${id}/runs`, { input: { customer: 'new' } });
    expect(latest.body.version).toBe(2);
    // Let both park at their task, so later "nothing was written" snapshots see a quiet database.
    for (const r of [v1, latest]) await waitForRun(r.body.runId, (x) => x.status === 'waiting', 'waiting');
  });

  it('takes the branch of the chosen outcome and records the acting user (default: first user)', async () => {
    const id = await publishedWorkflow();
    const { runId, task } = await waitingRun(id);
    const r = await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'reject', data: { reason: 'too much' } });
    expect(r.status).toBe(200);
    const run = await waitForRun(runId, (x) => x.status === 'succeeded', 'succeeded');
    expect(run.output).toEqual({ decision: 'rejected' });
    expect(run.steps.find((s: { nodeId: string }) => s.nodeId === 'review').output.completedBy).toBe('alex');
    expect(run.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['start', 'prepare', 'review', 'rejected']);
  });

  it('the complete example of docs/workflow-format.md publishes and runs', async () => {
    const md = fs.readFileSync(path.join(ROOT, 'docs/workflow-format.md'), 'utf8');
    const block = /## A complete example[\s\S]*?```json\n([\s\S]*?)```/.exec(md);
    expect(block, 'example block in docs/workflow-format.md').toBeTruthy();
    const id = await createWorkflow(JSON.parse(block![1]));
    expect((await api('POST', `/api/v1/workflows/${id}/publish`)).status).toBe(201);
    const { runId, task } = await waitingRun(id, { customer: 'globex', percent: 25 });
    expect(task.title).toBe('Discount of 25% for GLOBEX');
    expect(task.context).toEqual({ customer: 'GLOBEX', large: true });
    expect((await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve' }, people.sam.headers)).status).toBe(200);
    const run = await waitForRun(runId, (r) => r.status === 'succeeded', 'succeeded');
    expect(run.output).toEqual({ customer: 'GLOBEX', approved: true, by: 'sam' });
  });

  describe('workflows: bad requests write nothing', () => {
    it('malformed JSON → 400', async () => {
      const r = await unchanged(() => api('POST', '/api/v1/workflows', '{"schemaVersion": 1, "name": '));
      expectError(r, 400, []);
      expect(r.body.error.code).toBe('bad_request');
      expect(r.body.error.message).toMatch(/JSON/);
    });

    it('an empty body → 400', async () => {
      expectError(await unchanged(() => api('POST', '/api/v1/workflows')), 400);
    });

    it('wrong types → 400 naming each field path', async () => {
      const r = await unchanged(() => api('POST', '/api/v1/workflows', { ...approvalDoc(), nodes: 'start' }));
      expectError(r, 400, ['nodes']);
      const d = approvalDoc();
      (d.nodes[1] as any).position = { x: 'left', y: 0 };
      (d.edges[0] as any).id = 'has spaces';
      const r2 = await unchanged(() => api('POST', '/api/v1/workflows', d));
      expectError(r2, 400, ['nodes', 1, 'position', 'x']);
      expect(r2.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['edges', 0, 'id']);
      expectError(await unchanged(() => api('POST', '/api/v1/workflows', [approvalDoc()])), 400, []);
      expectError(await unchanged(() => api('POST', '/api/v1/workflows', { ...approvalDoc(), name: '  ' })), 400, ['name']);
    });

    it('duplicate node ids and edges to unknown nodes → 400', async () => {
      const d = approvalDoc();
      d.nodes.push({ ...d.nodes[1] });
      d.edges.push(edge('done', 'ghost'));
      const r = await unchanged(() => api('POST', '/api/v1/workflows', d));
      expectError(r, 400, ['nodes', 5, 'id']);
      expect(r.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['edges', 4, 'target']);
    });

    it('a document from a newer Baton → 400 naming schemaVersion', async () => {
      const r = await unchanged(() => api('POST', '/api/v1/workflows', { ...approvalDoc(), schemaVersion: 99 }));
      expectError(r, 400, ['schemaVersion']);
      expect(r.body.error.issues).toHaveLength(1);
    });

    it('a body over 2 MB → 413', async () => {
      const big = { ...approvalDoc(), description: 'x'.repeat(3 * 1024 * 1024) };
      const r = await unchanged(() => api('POST', '/api/v1/workflows', big));
      expectError(r, 413);
      expect(r.body.error.code).toBe('payload_too_large');
    });

    it('a chunked body (no Content-Length) over 2 MB → 413', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(256 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"schemaVersion":1,"name":"big","nodes":[],"edges":[],"description":"'));
          if (sent >= 12) {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
            return;
          }
          controller.enqueue(chunk);
          sent++;
        },
      });
      await unchanged(async () => {
        const res = await fetch(`${server.baseUrl}/api/v1/workflows`, { method: 'POST', headers: { ...people.alex.headers, 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
        expect(res.status).toBe(413);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect((await res.json()).error.code).toBe('payload_too_large');
      });
    });

    it('unknown workflow ids → 404', async () => {
      await unchanged(async () => {
        expectError(await api('GET', '/api/v1/workflows/wf_nope'), 404);
        expectError(await api('POST', '/api/v1/workflows/wf_nope/publish'), 404);
        expectError(await api('POST', '/api/v1/workflows/wf_nope/runs', { input: {} }), 404);
      });
    });

    it('publishing an invalid graph → 422 naming each blocking problem and its node', async () => {
      const d = approvalDoc('Broken');
      d.edges = d.edges.filter((e) => e.sourcePort !== 'reject'); // outcome "reject" leads nowhere
      d.nodes[1].config = { expression: '', assignTo: '' }; // transform without a mapping
      d.nodes[4].position = { x: 300, y: 300 };
      const id = await createWorkflow(d);
      const r = await unchanged(() => api('POST', `/api/v1/workflows/${id}/publish`));
      expectError(r, 422);
      expect(r.body.error.code).toBe('invalid');
      const issues = r.body.error.issues as { nodeId?: string; code?: string; message: string; path: unknown[] }[];
      expect(issues).toContainEqual(expect.objectContaining({ nodeId: 'review', code: 'OUTPUT_UNCONNECTED', message: expect.stringContaining('(review)') }));
      expect(issues).toContainEqual(expect.objectContaining({ nodeId: 'prepare', code: 'CONFIG_INVALID', path: ['nodes', 'prepare', 'expression'] }));
      expect(issues).toContainEqual(expect.objectContaining({ nodeId: 'rejected', code: 'INPUT_UNCONNECTED' }));
      expect(r.body.error.message).toMatch(new RegExp(`cannot publish: ${issues.length} problems`));
      expect((await api('GET', '/api/v1/workflows')).body).toContainEqual({ id, name: expect.stringMatching(/^Broken/), latestVersion: 0 });
    });

    it('unsupported methods → 405 and unknown endpoints → 404, as JSON', async () => {
      const id = await createWorkflow();
      await unchanged(async () => {
        const r = await api('PATCH', `/api/v1/workflows/${id}`);
        expectError(r, 405);
        expect(r.headers.get('allow')).toBe('GET, PUT, DELETE');
        expectError(await api('GET', `/api/v1/workflows/${id}/publish`), 405);
        expectError(await api('GET', '/api/v1/nothing-here'), 404);
        expectError(await api('POST', `/api/v1/workflows/${id}/versions`), 405);
        expectError(await api('GET', `/api/v1/workflows/${id}/history`), 404);
      });
    });
  });

  describe('runs: bad requests write nothing', () => {
    let published: string;
    beforeAll(async () => {
      published = await publishedWorkflow();
    });

    it('a never-published workflow → 409', async () => {
      const id = await createWorkflow();
      const r = await unchanged(() => api('POST', `/api/v1/workflows/${id}/runs`, { input: { customer: 'x' } }));
      expectError(r, 409);
      expect(r.body.error.code).toBe('conflict');
      expect(r.body.error.message).toMatch(/publish/);
    });

    it('malformed JSON → 400', async () => {
      expectError(await unchanged(() => api('POST', `/api/v1/workflows/${published}/runs`, '{"input": {')), 400, []);
    });

    it('wrong types → 400 naming the field', async () => {
      await unchanged(async () => {
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, { input: 'acme' }), 400, ['input']);
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, { input: [1, 2] }), 400, ['input']);
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, { input: {}, version: 'latest' }), 400, ['version']);
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, 'null'), 400);
        // The input sent as the body by mistake: refused, not run with an empty input.
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, { customer: 'acme' }), 400);
      });
    });

    it('input that misses a required trigger field or has a wrong type → 422 naming it', async () => {
      await unchanged(async () => {
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, { input: { amount: 3 } }), 422, ['input', 'customer']);
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, {}), 422, ['input', 'customer']);
        expectError(await api('POST', `/api/v1/workflows/${published}/runs`, { input: { customer: 'x', amount: 'three' } }), 422, ['input', 'amount']);
      });
    });

    it('an unknown version → 404', async () => {
      expectError(await unchanged(() => api('POST', `/api/v1/workflows/${published}/runs`, { input: { customer: 'x' }, version: 7 })), 404, ['version']);
    });

    it('a body over 2 MB → 413', async () => {
      expectError(await unchanged(() => api('POST', `/api/v1/workflows/${published}/runs`, { input: { customer: 'x'.repeat(2 * 1024 * 1024 + 10) } })), 413);
    });

    it('an unknown run id → 404', async () => {
      const r = await api('GET', '/api/v1/runs/run_nope');
      expectError(r, 404);
      expect(r.body.error.code).toBe('not_found');
    });

    it('an invalid API key → 401; none → 401', async () => {
      const bad = await unchanged(() => api('POST', `/api/v1/workflows/${published}/runs`, { input: { customer: 'x' } }, { 'x-api-key': 'baton_not-a-real-key' }));
      expectError(bad, 401, ['headers', 'x-api-key']);
      expect(bad.body.error.code).toBe('unauthorized');
      expectError(await unchanged(() => api('POST', `/api/v1/workflows/${published}/runs`, { input: { customer: 'x' } }, {})), 401);
    });
  });

  describe('tasks: bad requests write nothing', () => {
    let task: { id: string; runId: string };
    beforeAll(async () => {
      const id = await publishedWorkflow();
      task = (await waitingRun(id)).task;
    });

    it('status filter: other values → 400', async () => {
      expectError(await api('GET', '/api/v1/tasks?status=done'), 400, ['status']);
      expectError(await api('GET', '/api/v1/tasks?status='), 400, ['status']);
      expect((await api('GET', '/api/v1/tasks?status=cancelled')).status).toBe(200);
    });

    it('an invalid outcome → 422 naming outcome', async () => {
      const r = await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'maybe', data: { reason: 'x' } }));
      expectError(r, 422, ['outcome']);
      expect(r.body.error.message).toMatch(/approve, reject/);
    });

    it('a missing required form field → 422 naming data.<field>', async () => {
      expectError(await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { score: 3 } })), 422, ['data', 'reason']);
      expectError(await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve' })), 422, ['data', 'reason']);
      expectError(await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { reason: 'x', score: 'high' } })), 422, ['data', 'score']);
    });

    it('wrong types and malformed JSON → 400', async () => {
      await unchanged(async () => {
        expectError(await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: 'yes' }), 400, ['data']);
        expectError(await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 1 }), 400, ['outcome']);
        expectError(await api('POST', `/api/v1/tasks/${task.id}/complete`, {}), 400, ['outcome']);
        expectError(await api('POST', `/api/v1/tasks/${task.id}/complete`, '{"outcome": "approve",}'), 400, []);
        expectError(await api('POST', `/api/v1/tasks/${task.id}/complete`), 400);
      });
    });

    it('a body over 2 MB → 413', async () => {
      expectError(await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { reason: 'y'.repeat(2 * 1024 * 1024) } })), 413);
    });

    it('an unknown task id → 404', async () => {
      expectError(await unchanged(() => api('POST', '/api/v1/tasks/task_nope/complete', { outcome: 'approve', data: { reason: 'x' } })), 404);
    });

    it('an invalid API key → 401', async () => {
      expectError(await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { reason: 'x' } }, { authorization: 'Bearer baton_revoked-or-made-up' })), 401);
    });

    it('completing an already completed task → 409', async () => {
      const ok = await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { reason: 'first' } }, people.priya.headers);
      expect(ok.status).toBe(200);
      await waitForRun(task.runId, (r) => r.status === 'succeeded', 'succeeded');
      const again = await unchanged(() => api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'reject', data: { reason: 'second' } }));
      expectError(again, 409);
      expect(again.body.error.message).toMatch(/already completed by priya/);
      const run = await api('GET', `/api/v1/runs/${task.runId}`);
      expect(run.body.output).toMatchObject({ decision: 'approve', reason: 'first', by: 'priya' });
    });
  });

  describe('schemas', () => {
    /** Every `$ref` in `root` points at something that exists. */
    function expectRefsResolve(root: any) {
      const refs: string[] = [];
      const walk = (v: unknown) => {
        if (Array.isArray(v)) v.forEach(walk);
        else if (v && typeof v === 'object')
          for (const [k, x] of Object.entries(v)) {
            if (k === '$ref' && typeof x === 'string') refs.push(x);
            else walk(x);
          }
      };
      walk(root);
      for (const ref of refs) {
        expect(ref.startsWith('#/'), ref).toBe(true);
        const target = ref
          .slice(2)
          .split('/')
          .reduce((o: any, k) => (o == null ? undefined : o[k.replace(/~1/g, '/').replace(/~0/g, '~')]), root);
        expect(target, `unresolved $ref ${ref}`).toBeTruthy();
      }
      return refs;
    }

    it('GET /api/v1/openapi.json describes every endpoint', async () => {
      const r = await api('GET', '/api/v1/openapi.json');
      expect(r.status).toBe(200);
      const o = r.body;
      expect(o.openapi).toBe('3.1.0');
      expect(o.info.title).toBeTruthy();
      expect(Object.keys(o.paths).sort()).toEqual(
        [
          '/api/v1/workflows',
          '/api/v1/workflows/{id}',
          '/api/v1/workflows/{id}/publish',
          '/api/v1/workflows/{id}/runs',
          '/api/v1/workflows/{id}/versions',
          '/api/v1/workflows/{id}/versions/{version}',
          '/api/v1/workflows/{id}/routers',
          '/api/v1/runs/{runId}',
          '/api/v1/runs/{runId}/steps',
          '/api/v1/runs/{runId}/events',
          '/api/v1/runs/{runId}/cancel',
          '/api/v1/runs/{runId}/retry',
          '/api/v1/tasks',
          '/api/v1/tasks/{taskId}/complete',
          '/api/v1/tasks/{taskId}/claim',
          '/api/v1/tasks/{taskId}/unclaim',
          '/api/v1/tasks/{taskId}/delegate',
          '/api/v1/credentials',
          '/api/v1/credentials/{id}',
          '/api/v1/audit',
          '/api/v1/health',
          '/api/v1/openapi.json',
          '/api/v1/workflow.schema.json',
        ].sort(),
      );
      expect(o.paths['/api/v1/workflows'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WorkflowDocument' });
      expect(o.paths['/api/v1/workflows/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WorkflowDocument' });
      expect(Object.keys(o.paths['/api/v1/workflows/{id}/runs'].post.responses).sort()).toEqual(['202', '400', '401', '403', '404', '409', '413', '422']);
      // Every operation needs an API key except the two public documents.
      expect(o.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
      expect(o.security).toEqual([{ apiKey: [] }, { bearer: [] }]);
      expect(o.paths['/api/v1/openapi.json'].get.security).toEqual([]);
      for (const [p, ops] of Object.entries(o.paths as Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>))
        for (const op of Object.values(ops)) if (!op.security) expect(Object.keys(op.responses), p).toEqual(expect.arrayContaining(['401', '403']));
      expect(o.paths['/api/v1/tasks/{taskId}/complete'].post.responses['409']).toBeTruthy();
      const s = o.components.schemas;
      expect(s.WorkflowDocument.properties.nodes.type).toBe('array');
      expect(s.WorkflowDocument.required).toEqual(expect.arrayContaining(['schemaVersion', 'name', 'nodes', 'edges']));
      expect(Object.keys(s.Run.properties)).toEqual(expect.arrayContaining(['id', 'workflowId', 'version', 'status', 'input', 'output', 'error', 'steps']));
      expect(Object.keys(s.Run.properties.steps.items.properties).sort()).toEqual(['attempts', 'endedAt', 'error', 'nodeId', 'output', 'startedAt', 'status', 'stepId']);
      expect(s.StartRunRequest.properties.input.type).toBe('object');
      expect(s.CompleteTaskRequest.required).toEqual(['outcome']);
      expect(Object.keys(s.Task.properties)).toEqual(expect.arrayContaining(['assignee', 'candidateUsers', 'candidateGroups', 'claimedBy', 'priority', 'dueAt', 'requiredApprovals', 'approvals', 'escalation']));
      expect(s.Error.properties.error.properties.issues.type).toBe('array');
      expect(s.httpConfig.properties.url).toBeTruthy();
      expectRefsResolve(o);
    });

    it('GET /api/v1/workflow.schema.json is the document schema with every node config under $defs', async () => {
      const r = await api('GET', '/api/v1/workflow.schema.json');
      expect(r.status).toBe(200);
      const s = r.body;
      expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(s.$id).toBe(`${server.baseUrl}/api/v1/workflow.schema.json`);
      expect(s.title).toBe('Baton workflow document');
      expect(s.properties.schemaVersion.const).toBe(1);
      const types = NODE_TYPES.map((t) => t.type);
      expect(types).toEqual(expect.arrayContaining(['manualTrigger', 'http', 'transform', 'exclusiveGateway', 'parallelSplit', 'parallelJoin', 'userTask', 'end', 'wait', 'subWorkflow', 'forEach']));
      expect(s.properties.nodes.items.properties.type.examples).toEqual(types);
      for (const t of types) {
        expect(s.$defs[`${t}Config`], t).toMatchObject({ type: 'object', title: expect.any(String), 'x-baton-node-type': t });
      }
      expect(s.$defs.userTaskConfig.required).toEqual(expect.arrayContaining(['title', 'outcomes']));
      expect(s.$defs.httpConfig.properties.method.enum).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
      expectRefsResolve(s);
    });
  });

  it('a run waiting for a person survives kill -9; the task completes after restart', async () => {
    const id = await publishedWorkflow();
    const { runId, task } = await waitingRun(id, { customer: 'durable', amount: 1 });
    await server.kill9();
    server = await startServer({ restartOf: server });
    const run = await api('GET', `/api/v1/runs/${runId}`);
    expect(run.body.status).toBe('waiting');
    expect((await api('GET', `/api/v1/tasks?status=open&runId=${runId}`)).body.map((t: { id: string }) => t.id)).toEqual([task.id]);
    expect((await api('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: { reason: 'after restart' } })).status).toBe(200);
    const done = await waitForRun(runId, (r) => r.status === 'succeeded', 'succeeded');
    expect(done.output).toMatchObject({ customer: 'DURABLE', reason: 'after restart' });
  });
});
