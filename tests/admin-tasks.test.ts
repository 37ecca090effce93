/**
 * What an admin may do with someone else's user task, over HTTP against the real
 * server (README "Who may act on a user task"): reassign it (even while it is claimed),
 * but not claim or decide it as someone else — `403`, through REST and tRPC, with
 * nothing written. Needs a production build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { createPerson, peopleKeys, trpc, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';
import { dbSnapshot } from './helpers/db-read';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

describe.skipIf(SKIP)('admins and other people’s tasks (real server)', () => {
  let server: TestServer;
  let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
  const rest = async (who: Person, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...who.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    server = await startServer();
    people = await peopleKeys(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('an admin reassigns a task they are not a potential owner of, but may not claim or decide it (403)', async () => {
    const { admin, sam } = people;
    const d = doc(
      'For Sam, reassigned',
      [node('start', 'manualTrigger'), node('review', 'userTask', { title: 'Review', candidateUsers: 'sam', outcomes: [{ id: 'approve', label: 'Approve' }] }), node('done', 'end')],
      [edge('start', 'review'), edge('review', 'done', 'approve')],
    );
    const { id } = (await rest(admin, 'POST', '/api/v1/workflows', d)).body;
    expect((await rest(admin, 'POST', `/api/v1/workflows/${id}/publish`)).status).toBe(201);
    const { runId } = (await rest(admin, 'POST', `/api/v1/workflows/${id}/runs`, { input: {} })).body;
    let taskId: string | undefined;
    for (let i = 0; i < 200 && !taskId; i++) {
      taskId = ((await rest(sam, 'GET', `/api/v1/tasks?status=open&runId=${runId}`)).body as { id: string }[])[0]?.id;
      if (!taskId) await new Promise((r) => setTimeout(r, 25));
    }
    expect(taskId).toBeTruthy();
    expect((await rest(sam, 'POST', `/api/v1/tasks/${taskId}/claim`)).status).toBe(200);

    const before = await dbSnapshot(server);
    for (const refused of [
      await rest(admin, 'POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' }),
      await trpc(server.baseUrl, admin.cookie, 'tasks.complete', { id: taskId, outcome: 'approve', data: {} }),
      await rest(admin, 'POST', `/api/v1/tasks/${taskId}/claim`),
    ]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      expect(JSON.stringify(refused.body)).toMatch(/may not (decide|claim)/);
    }
    expect(await dbSnapshot(server)).toEqual(before);

    const deputy = await createPerson(server.baseUrl, admin.cookie, { name: 'Deputy', email: 'deputy@example.test', roles: ['approver'], password: 'deputy-password-1' });
    const moved = await rest(admin, 'POST', `/api/v1/tasks/${taskId}/delegate`, { userId: deputy, reason: 'Sam is away' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ assignee: deputy, claimedBy: deputy });
    const entry = ((await rest(admin, 'GET', `/api/v1/audit?action=task.delegate&targetId=${taskId}`)).body as { actor: string; details: Record<string, unknown> }[])[0];
    expect(entry).toMatchObject({ actor: admin.id, details: { to: deputy, reassignedByAdmin: true } });
    // Reassigning did not make the admin an owner: deciding is still refused.
    expect((await rest(admin, 'POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' })).status).toBe(403);
  });
});
