/**
 * The inbox over real HTTP against the production build (`npm run build` first):
 * who may claim and decide a task (assignee / candidate user / candidate group
 * member / outsider), four-eyes with two approvers, the audit log endpoint and its
 * CSV export. The same rules are covered in depth by server/services/tasks.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { createPerson, peopleKeys, ready, trpc, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';

let server: TestServer;
/** API keys by person: the admin, alex, sam, priya and the outsider olga. */
const keys: Record<string, Person> = {};
const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

/** A REST call with `user`'s API key (default alex). */
async function api(method: string, path: string, body?: unknown, user = 'alex'): Promise<{ status: number; body: any; text: string; type: string | null }> {
  const headers: Record<string, string> = { ...keys[user]!.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* CSV */
  }
  return { status: res.status, body: parsed, text, type: res.headers.get('content-type') };
}

async function publishFlow(name: string, cfg: Record<string, unknown>): Promise<string> {
  const d = doc(
    name,
    [
      node('start', 'manualTrigger'),
      node('review', 'userTask', { title: name, outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }], ...cfg }),
      node('yes', 'end', { output: '{ "approved": true }' }),
      node('no', 'end', { output: '{ "approved": false }' }),
    ],
    [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject')],
  );
  const created = await api('POST', '/api/v1/workflows', d);
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;
  expect((await api('POST', `/api/v1/workflows/${id}/publish`)).status).toBe(201);
  return id;
}

async function openTask(workflowId: string, startedBy = 'alex'): Promise<{ runId: string; taskId: string }> {
  const started = await api('POST', `/api/v1/workflows/${workflowId}/runs`, { input: {} }, startedBy);
  expect(started.status, started.text).toBe(202);
  const runId = started.body.runId as string;
  for (let i = 0; i < 300; i++) {
    const t = (await api('GET', `/api/v1/tasks?status=open&runId=${runId}`, undefined, 'admin')).body as { id: string }[];
    if (t.length) return { runId, taskId: t[0].id };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('task did not open');
}

async function runStatus(runId: string, want: string): Promise<string> {
  let status = '';
  for (let i = 0; i < 300; i++) {
    status = (await api('GET', `/api/v1/runs/${runId}`)).body.status;
    if (status === want) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return status;
}

describe.skipIf(SKIP)('inbox over HTTP', () => {
  let matrix: string;
  beforeAll(async () => {
    server = await startServer();
    Object.assign(keys, await peopleKeys(server));
    const admin = keys.admin!.cookie;
    // Roles for this file: alex is also an approver (the matrix names him assignee); sam also starts runs.
    for (const [id, roles] of [['alex', ['designer', 'operator', 'approver']], ['sam', ['approver', 'operator']]] as const) {
      expect((await trpc(server.baseUrl, admin, 'users.update', { id, change: { roles } })).status).toBe(200);
    }
    // An outsider: an approver (and operator) in no group and named by no task.
    const olga = await createPerson(server.baseUrl, admin, { name: 'Olga Outsider', email: 'olga@example.com', roles: ['approver', 'operator'], password: 'olga-password-1' });
    keys.olga = await ready(server.baseUrl, olga, 'olga@example.com', 'olga-password-1');
    // Seeded groups: finance = priya, sam; support = alex.
    matrix = await publishFlow('HTTP matrix', { assignee: 'alex', candidateUsers: 'sam', candidateGroups: 'finance' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it.each([
    ['alex', 'assignee'],
    ['sam', 'candidate user'],
    ['priya', 'candidate group member'],
  ])('%s (%s) may claim, unclaim and decide', async (user) => {
    const { runId, taskId } = await openTask(matrix, 'olga');
    const claimed = await api('POST', `/api/v1/tasks/${taskId}/claim`, undefined, user);
    expect(claimed.status, claimed.text).toBe(200);
    expect(claimed.body.claimedBy).toBe(keys[user]!.id);
    expect((await api('POST', `/api/v1/tasks/${taskId}/unclaim`, undefined, user)).status).toBe(200);
    const done = await api('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' }, user);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ runId, completed: true });
    expect(await runStatus(runId, 'succeeded')).toBe('succeeded');
  });

  it('an outsider gets 403 for claim, delegate and complete; the task stays open', async () => {
    const { taskId } = await openTask(matrix);
    for (const [path, body] of [
      ['claim', undefined],
      ['delegate', { userId: keys.olga!.id, reason: 'mine' }],
      ['complete', { outcome: 'approve' }],
    ] as const) {
      const r = await api('POST', `/api/v1/tasks/${taskId}/${path}`, body, 'olga');
      expect(r.status, r.text).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
    }
    const open = (await api('GET', '/api/v1/tasks?status=open')).body.map((t: { id: string }) => t.id);
    expect(open).toContain(taskId);
  });

  it('four-eyes: two approvers complete the task; the same person twice gets 409', async () => {
    const wf = await publishFlow('HTTP four-eyes', { candidateGroups: 'finance', requiredApprovals: 2, starterMayNotApprove: true });
    const { runId, taskId } = await openTask(wf, 'sam');
    expect((await api('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' }, 'sam')).status).toBe(403);
    const first = await api('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' }, 'priya');
    expect(first.body).toEqual({ runId, completed: false, approvals: 1, requiredApprovals: 2 });
    expect((await api('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' }, 'priya')).status).toBe(409);
    expect((await api('GET', `/api/v1/runs/${runId}`)).body.status).toBe('waiting');
  });

  it('lists audit entries as JSON and CSV', async () => {
    expect((await api('GET', '/api/v1/audit?action=task.claim')).status).toBe(403);
    const json = await api('GET', '/api/v1/audit?action=task.claim', undefined, 'admin');
    expect(json.status).toBe(200);
    expect(json.body.length).toBeGreaterThan(0);
    expect(json.body[0]).toMatchObject({ action: 'task.claim', targetType: 'task', at: expect.stringMatching(/^\d{4}-/) });
    const csv = await api('GET', '/api/v1/audit?format=csv&actor=priya', undefined, 'admin');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('id,at,actor,action,target_type,target_id,details');
    expect(csv.text).toContain(',priya,');
    expect((await api('GET', '/api/v1/audit?from=yesterday', undefined, 'admin')).status).toBe(400);
  });
});
