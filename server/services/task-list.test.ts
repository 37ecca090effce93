/**
 * Task lists filter in the query and page with a cursor, on a fresh SQLite file and a
 * fresh PostgreSQL database with a running runner:
 * - the SQL visibility rule and inbox tabs select exactly the tasks the pure rules of
 *   `task-access.ts` (`maySeeTask`, `inInboxView`) select, for every kind of assignment;
 * - with 1,001 open tasks for one person and one for another, the other sees theirs on the
 *   first page, and paging through the first person's (every order) yields each task once;
 * - a malformed cursor, or one made for another order, is a 400 naming `cursor`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import { AppError } from '../errors';
import { callerAs } from '@/tests/helpers/callers';
import type { Actor } from './actor';
import { inInboxView, maySeeTask } from './task-access';
import type { TaskListFilter, TaskView } from './task-types';

let t: TestAppOn;
let app: App;
const PEOPLE = ['ann', 'ben', 'cat', 'dan', 'root'];

describe.each(DIALECTS)('task lists on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'task-list');
    app = t.app;
    for (const u of PEOPLE) await t.sql(`INSERT INTO users (id, name, email, roles, created_at) VALUES (?, ?, ?, ?, 0)`, [u, u, `${u}@example.com`, u === 'root' ? 'admin' : 'approver']);
    await app.groups.create({ id: 'ops', name: 'Ops', description: '', members: ['cat'] });
  });
  afterAll(async () => {
    await t.close();
  });

  async function taskFlow(name: string, cfg: Record<string, unknown>): Promise<string> {
    return await publish(
      app,
      doc(name, [node('start', 'manualTrigger'), node('review', 'userTask', { title: `Review ${name}`, outcomes: [{ id: 'ok', label: 'OK' }], ...cfg }), node('done', 'end')], [edge('start', 'review'), edge('review', 'done', 'ok')]),
    );
  }

  const who = (id: string): Promise<Actor> => app.tasks.actor(id);

  /** Every page of a list, following `nextCursor`. */
  async function allPages(filter: TaskListFilter): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const p = await app.tasks.page({ ...filter, cursor });
      pages++;
      ids.push(...p.tasks.map((x) => x.id));
      if (!p.nextCursor) return { ids, pages };
      expect(p.tasks).toHaveLength(filter.limit ?? 200);
      cursor = p.nextCursor;
    }
  }

  async function startAll(workflowId: string, n: number, startedBy = 'root'): Promise<void> {
    for (let i = 0; i < n; i += 200) await Promise.all(Array.from({ length: Math.min(200, n - i) }, () => app.runs.start({ workflowId, input: {}, startedBy })));
  }

  describe('visibility and inbox tabs in SQL', () => {
    it('select exactly what maySeeTask and inInboxView select', async () => {
      const configs: Record<string, unknown>[] = [
        { assignee: 'ann' },
        { candidateUsers: 'ben' },
        { candidateGroups: 'ops' },
        {},
        { assignee: 'ann', candidateUsers: 'ben, dan', candidateGroups: 'ops' },
        { candidateUsers: 'dan', starterMayNotApprove: true },
        { assignee: 'ben', priority: 'urgent' },
      ];
      for (const [i, cfg] of configs.entries()) {
        const wf = await taskFlow(`mix-${i}`, cfg);
        for (const starter of ['root', 'dan']) await app.runs.start({ workflowId: wf, input: {}, startedBy: starter });
      }
      const all = await waitFor(async () => {
        const l = await app.tasks.list({ view: 'all', actor: await who('root'), limit: 1000 });
        return l.length === configs.length * 2 ? l : null;
      });
      // Claims and decisions change who sees what.
      const find = (pred: (x: TaskView) => boolean) => all.find(pred)!.id;
      await app.tasks.claim(find((x) => x.assignee === 'ann' && x.candidateUsers.length === 0), await who('ann'));
      await app.tasks.claim(find((x) => x.assignee === '' && x.candidateGroups.includes('ops')), await who('cat'));
      await app.tasks.complete(find((x) => x.assignee === '' && x.candidateUsers.includes('ben')), { outcome: 'ok', by: 'ben' });
      const fresh = async (filter: TaskListFilter) => (await app.tasks.list({ ...filter, limit: 1000 })).map((x) => x.id).sort();
      const everything: TaskView[] = await app.tasks.list({ actor: await who('root'), limit: 1000 });
      expect(everything).toHaveLength(configs.length * 2);
      for (const person of PEOPLE.filter((p) => p !== 'root')) {
        const actor = await who(person);
        expect(await fresh({ actor }), `${person} sees`).toEqual(everything.filter((x) => maySeeTask(x, actor)).map((x) => x.id).sort());
        for (const view of ['mine', 'groups'] as const)
          expect(await fresh({ actor, view }), `${person} ${view}`).toEqual(everything.filter((x) => x.status === 'open' && inInboxView(x, view, actor)).map((x) => x.id).sort());
        const unread = everything.filter((x) => x.status === 'open' && (inInboxView(x, 'mine', actor) || inInboxView(x, 'groups', actor))).length;
        expect(await app.tasks.unreadCount(actor), `${person} unread`).toBe(unread);
      }
      // Search is case-insensitive beyond ASCII, and still only among visible tasks.
      expect(await fresh({ actor: await who('dan'), search: 'MIX-5' })).toHaveLength(2);
      expect(await fresh({ actor: await who('cat'), search: 'MIX-5' })).toHaveLength(0);
      const { runId } = await app.runs.start({ workflowId: await taskFlow('Ärger', {}), input: {}, startedBy: 'root' });
      const umlaut = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      expect(await fresh({ actor: await who('dan'), search: 'äRGER' })).toEqual([umlaut.id]);
    });
  });

  describe('1,001 open tasks for one person, one for another', () => {
    let annFlow: string;
    let benTask: string;

    beforeAll(async () => {
      annFlow = await taskFlow('Ann’s queue', { assignee: 'ann', priority: 'high' });
      const benFlow = await taskFlow('Ben’s one', { assignee: 'ben' });
      await startAll(annFlow, 1001);
      // Ben's task is the newest of all: behind every one of Ann's in "oldest first".
      const { runId } = await app.runs.start({ workflowId: benFlow, input: {}, startedBy: 'root' });
      benTask = (await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0])).id;
      const count = async () => (await t.sql<{ n: number }>(`SELECT COUNT(*) AS n FROM tasks WHERE workflow_id = ? AND status = 'open'`, [annFlow]))[0].n;
      await waitFor(async () => (await count()) === 1001, 60_000);
    }, 120_000);

    it('the other person sees their task on the first page, in the list and the inbox', async () => {
      for (const filter of [{ status: 'open' as const }, {}, { view: 'mine' as const }]) {
        const p = await app.tasks.page({ ...filter, actor: await who('ben') });
        expect(p.tasks.map((x) => x.id)).toContain(benTask);
        expect(p.nextCursor).toBeNull();
      }
      expect(await app.tasks.unreadCount(await who('ben'))).toBeGreaterThanOrEqual(1);
    });

    it('paging through the first person’s tasks yields each exactly once, in every order', async () => {
      const annOpen = async (limit: number, sort?: 'due' | 'priority') => await allPages({ actor: await who('ann'), status: 'open', limit, sort });
      const expected = (await t.sql<{ id: string }>(`SELECT id FROM tasks WHERE workflow_id = ? AND status = 'open'`, [annFlow])).map((r) => r.id);
      expect(expected).toHaveLength(1001);
      for (const [limit, sort] of [[100, undefined], [1000, undefined], [333, 'priority'], [250, 'due']] as const) {
        const { ids, pages } = await annOpen(limit, sort);
        expect(new Set(ids).size, `limit ${limit} ${sort ?? ''}`).toBe(ids.length);
        expect(ids.filter((id) => expected.includes(id))).toHaveLength(1001);
        expect(ids).not.toContain(benTask);
        expect(pages).toBe(Math.ceil(ids.length / limit));
      }
      // Newest first (no status) and the inbox tab page too.
      const admin = await allPages({ actor: await who('root'), limit: 400 });
      expect(new Set(admin.ids).size).toBe(admin.ids.length);
      expect(admin.ids).toContain(benTask);
      const inbox = await allPages({ actor: await who('ann'), view: 'mine', limit: 300 });
      expect(new Set(inbox.ids).size).toBe(inbox.ids.length);
      expect(inbox.ids.filter((id) => expected.includes(id))).toHaveLength(1001);
      expect(await app.tasks.unreadCount(await who('ann'))).toBeGreaterThanOrEqual(1001);
    });

    it('tRPC tasks.page pages the same way (what the app calls)', async () => {
      expect((await (await callerAs(app, 'ben')).tasks.list({ status: 'open' })).map((x) => x.id)).toContain(benTask);
      const ann = await callerAs(app, 'ann');
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const p = await ann.tasks.page({ view: 'mine', limit: 500, cursor });
        ids.push(...p.tasks.map((x) => x.id));
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBeGreaterThanOrEqual(1001);
      await expect(ann.tasks.page({ limit: 1001 })).rejects.toThrow(/1000/);
    });

    it('refuses a malformed cursor and one made for another order (400 naming cursor)', async () => {
      const next = (await app.tasks.page({ actor: await who('ann'), status: 'open', limit: 10 })).nextCursor!;
      for (const [cursor, sort] of [['not-a-cursor', undefined], [Buffer.from('{"o":"created_asc","k":[1]}').toString('base64url'), undefined], [next, 'due']] as const) {
        let err: unknown;
        try {
          await app.tasks.page({ actor: await who('ann'), status: 'open', cursor, sort });
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).kind).toBe('bad_request');
        expect((err as AppError).issues[0].path).toEqual(['cursor']);
      }
    });
  });
});
