/**
 * Due-date escalation of user tasks on a fresh SQLite file and a fresh PostgreSQL
 * database with a running runner: reassignment to a group (alone, and with a reminder
 * path), durability across a restart of the app over the same database, the run's
 * history shown with a task, and unread counts for the inbox badge.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { App } from '../app';
import { ended, openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import { AppError } from '../errors';
import type { Actor } from './actor';

// As it will be once roles exist: only an administrator reads every task; the access rules of `get` then apply to everyone else.
vi.mock('./actor', () => ({ canSeeAllTasks: (a: { id: string }) => a.id === 'admin' }));

let t: TestAppOn;
let app: App;

async function addPeople(db: TestAppOn): Promise<void> {
  for (const u of ['alex', 'sam', 'olga', 'outsider', 'starter']) await db.sql(`INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, 0)`, [u, u, `${u}@example.com`]);
  await db.app.groups.create({ id: 'leads', name: 'Leads', description: '', members: ['olga', 'sam'] });
}

describe.each(DIALECTS)('task escalation on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'escalation');
    app = t.app;
    await addPeople(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const review = (cfg: Record<string, unknown>) =>
    node('review', 'userTask', {
      title: 'Review',
      formFields: [],
      outcomes: [
        { id: 'approve', label: 'Approve' },
        { id: 'reject', label: 'Reject' },
      ],
      assignee: 'alex',
      candidateUsers: 'outsider2',
      ...cfg,
    });

  async function reassigning(a: App, name: string, dueIn: string): Promise<string> {
    return await publish(
      a,
      doc(
        name,
        [node('start', 'manualTrigger'), review({ dueIn, escalation: 'reassign', escalateToGroup: 'leads' }), node('yes', 'end', { output: '"approved"' }), node('no', 'end', { output: '"rejected"' })],
        [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject')],
      ),
    );
  }

  const who = (id: string, a: App = app): Promise<Actor> => a.tasks.actor(id);

  async function refusal(fn: () => unknown): Promise<AppError> {
    try {
      await fn();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    }
    throw new Error('expected a refusal');
  }

  describe('escalation by reassignment', () => {
    it('hands the overdue task to the group: candidates replaced, claim released, audited, logged; the run still waits', async () => {
      // Due in 3 s: long enough for the claim and the look at alex's inbox to come first on a busy machine.
      const wf = await reassigning(app, 'reassign', 'PT3S');
      const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' });
      const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      expect(task.escalation).toEqual({ mode: 'reassign', group: 'leads', escalatedAt: null });
      await app.tasks.claim(task.id, await who('alex'));
      expect((await app.tasks.list({ view: 'mine', actor: await who('alex') })).map((x) => x.id)).toContain(task.id);

      const after = await waitFor(async () => {
        const x = await app.tasks.get(task.id);
        return x.escalation.escalatedAt !== null && x;
      });
      expect(after).toMatchObject({ status: 'open', assignee: '', candidateUsers: [], candidateGroups: ['leads'], claimedBy: null, claimedAt: null });
      expect(after.escalation).toEqual({ mode: 'reassign', group: 'leads', escalatedAt: expect.any(Number) });
      expect(after.escalation.escalatedAt).toBeGreaterThanOrEqual(after.dueAt!);
      expect((await app.runs.get(runId)).status).toBe('waiting');

      const escalated = (await app.runs.events(runId, 0)).filter((e) => e.type === 'task.escalated');
      expect(escalated).toMatchObject([{ taskId: task.id, stepId: 'review#1', interrupting: false, mode: 'reassign', reassignedTo: 'leads' }]);
      const audit = await app.audit.list({ action: 'task.escalated', targetId: task.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor: 'system',
        targetType: 'task',
        details: { runId, stepId: 'review#1', mode: 'reassign', to: { candidateGroups: ['leads'] }, from: { assignee: 'alex', candidateUsers: ['outsider2'], candidateGroups: [], claimedBy: 'alex' } },
      });

      // The former assignee lost it; the group's members see it in their groups tab and decide.
      expect((await app.tasks.list({ view: 'mine', actor: await who('alex') })).map((x) => x.id)).not.toContain(task.id);
      expect((await refusal(async () => await app.tasks.get(task.id, await who('alex')))).kind).toBe('forbidden');
      expect((await refusal(() => app.tasks.complete(task.id, { outcome: 'approve', by: 'alex' }))).kind).toBe('forbidden');
      expect((await app.tasks.list({ view: 'groups', actor: await who('olga') })).map((x) => x.id)).toContain(task.id);
      await app.tasks.complete(task.id, { outcome: 'approve', by: 'olga' });
      const run = await waitFor(() => ended(app, runId));
      expect(run.output).toBe('approved');
    });

    it('a reminder with a group: the remind path runs and the open task is handed to the group', async () => {
      const wf = await publish(
        app,
        doc(
          'remind-and-reassign',
          [
            node('start', 'manualTrigger'),
            review({ dueIn: 'PT0.3S', escalation: 'nonInterrupting', escalateToGroup: 'leads' }),
            node('nudge', 'transform', { expression: '{ "reminded": true }', assignTo: '' }),
            node('nudged', 'end', { output: '' }),
            node('yes', 'end', { output: '"approved"' }),
            node('no', 'end', { output: '"rejected"' }),
          ],
          [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject'), edge('review', 'nudge', 'remind'), edge('nudge', 'nudged')],
        ),
      );
      const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' });
      const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      await waitFor(async () => (await app.runs.get(runId)).steps.find((s) => s.nodeId === 'nudge')?.status === 'succeeded');
      const after = await app.tasks.get(task.id);
      expect(after).toMatchObject({ status: 'open', assignee: '', candidateGroups: ['leads'] });
      expect(after.escalation).toMatchObject({ mode: 'nonInterrupting', group: 'leads' });
      expect(after.escalation.escalatedAt).not.toBeNull();
      expect((await app.audit.list({ action: 'task.escalated', targetId: task.id }))[0].details).toMatchObject({ mode: 'nonInterrupting', to: { candidateGroups: ['leads'] } });
      await app.tasks.complete(task.id, { outcome: 'reject', by: 'sam' });
      expect((await waitFor(() => ended(app, runId))).output).toBe('rejected');
    });

    it('a reminder without a group keeps the assignment and records when it was sent', async () => {
      const wf = await publish(
        app,
        doc(
          'remind-only',
          [node('start', 'manualTrigger'), review({ dueIn: 'PT0.3S', escalation: 'nonInterrupting' }), node('nudged', 'end', { output: '' }), node('yes', 'end', { output: '' }), node('no', 'end', { output: '' })],
          [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject'), edge('review', 'nudged', 'remind')],
        ),
      );
      const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' });
      const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      const after = await waitFor(async () => {
        const x = await app.tasks.get(task.id);
        return x.escalation.escalatedAt !== null && x;
      });
      expect(after).toMatchObject({ assignee: 'alex', candidateUsers: ['outsider2'], candidateGroups: [] });
      expect(after.escalation).toMatchObject({ mode: 'nonInterrupting', group: null });
      expect((await app.audit.list({ action: 'task.escalated', targetId: task.id }))[0].details).toEqual({ runId, stepId: 'review#1', mode: 'nonInterrupting' });
      await app.runs.cancel(runId, 'starter', 'done testing');
    });

    it('survives a restart: a due date that passed while the app was down reassigns the task after restart', async () => {
      const db = await openTestAppOn(dialect, 'restart');
      try {
        const first = db.app;
        await addPeople(db);
        const wf = await reassigning(first, 'durable reassign', 'PT1H');
        const { runId } = await first.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' });
        const task = await waitFor(async () => (await first.tasks.list({ status: 'open', runId }))[0]);
        await first.tasks.claim(task.id, await who('alex', first));
        await first.runner.stop();
        await first.storage.close();

        // Two hours later, in a new process over the same database.
        const second = db.another({ clock: () => Date.now() + 2 * 3600_000 });
        second.runner.start();
        const after = await waitFor(async () => {
          const x = await second.tasks.get(task.id);
          return x.escalation.escalatedAt !== null && x;
        });
        expect(after).toMatchObject({ status: 'open', assignee: '', candidateGroups: ['leads'], claimedBy: null });
        expect(await second.audit.list({ action: 'task.escalated', targetId: task.id })).toHaveLength(1);
        expect((await second.runs.events(runId, 0)).filter((e) => e.type === 'task.escalated')).toHaveLength(1);
        await second.tasks.complete(task.id, { outcome: 'reject', by: 'olga' });
        expect((await waitFor(() => ended(second, runId))).output).toBe('rejected');
      } finally {
        await db.close();
      }
    });
  });

  describe('history on the task page', () => {
    it("lists the run's steps so far with labels, who decided earlier tasks, and the current step; only for people who may see the task", async () => {
      const wf = await publish(
        app,
        doc(
          'two reviews',
          [
            node('start', 'manualTrigger'),
            { ...node('prep', 'transform', { expression: '{ "ok": true }', assignTo: '' }), label: 'Prepare order' },
            { ...node('first', 'userTask', { title: 'First', outcomes: [{ id: 'approve', label: 'Approve' }], assignee: 'sam' }), label: 'First review' },
            { ...node('second', 'userTask', { title: 'Second', outcomes: [{ id: 'approve', label: 'Approve' }], assignee: 'olga' }), label: 'Second review' },
            node('done', 'end', { output: '' }),
          ],
          [edge('start', 'prep'), edge('prep', 'first'), edge('first', 'second', 'approve'), edge('second', 'done', 'approve')],
        ),
      );
      const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' });
      const first = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      await app.tasks.complete(first.id, { outcome: 'approve', by: 'sam' });
      const second = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
      expect(second.nodeId).toBe('second');

      const h = await app.tasks.history(second.id, await who('olga'));
      expect(h.map((s) => [s.stepId, s.label, s.status, s.current])).toEqual([
        ['start#1', 'start', 'succeeded', false],
        ['prep#1', 'Prepare order', 'succeeded', false],
        ['first#1', 'First review', 'succeeded', false],
        ['second#1', 'Second review', 'waiting', true],
      ]);
      expect(h[2]).toMatchObject({ nodeType: 'userTask', decision: { by: 'sam', outcome: 'approve', outcomeLabel: 'Approve' }, escalated: null });
      expect(h[2].endedAt).toBeGreaterThanOrEqual(h[2].startedAt);
      expect(h[3].decision).toBeNull();
      expect((await refusal(async () => await app.tasks.history(second.id, await who('outsider')))).kind).toBe('forbidden');
      expect((await refusal(async () => await app.tasks.history('task_missing', await who('olga')))).kind).toBe('not_found');
      await app.tasks.complete(second.id, { outcome: 'approve', by: 'olga' });
      await waitFor(() => ended(app, runId));
    });
  });

  describe('unread tasks', () => {
    it('counts open tasks a person may act on and has not opened; opening clears it; escalation makes it unread again', async () => {
      const base = await app.tasks.unreadCount(await who('sam'));
      const wf = await publish(
        app,
        doc(
          'unread',
          [node('start', 'manualTrigger'), review({ assignee: 'sam', candidateUsers: '' }), node('yes', 'end', { output: '' }), node('no', 'end', { output: '' })],
          [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject')],
        ),
      );
      const started = await Promise.all([1, 2].map(() => app.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' })));
      const tasks = await Promise.all(started.map(({ runId }) => waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0])));
      expect(await app.tasks.unreadCount(await who('sam'))).toBe(base + 2);
      expect((await app.tasks.list({ view: 'mine', actor: await who('sam') })).filter((x) => tasks.some((y) => y.id === x.id)).map((x) => x.unread)).toEqual([true, true]);

      await app.tasks.markViewed(tasks[0].id, await who('sam'));
      await app.tasks.markViewed(tasks[0].id, await who('sam')); // opening again changes nothing
      expect(await app.tasks.unreadCount(await who('sam'))).toBe(base + 1);
      expect((await app.tasks.list({ view: 'mine', actor: await who('sam') })).find((x) => x.id === tasks[0].id)?.unread).toBe(false);
      expect((await refusal(async () => await app.tasks.markViewed(tasks[1].id, await who('outsider')))).kind).toBe('forbidden');
      expect(await app.tasks.unreadCount(await who('outsider'))).toBe((await app.tasks.list({ view: 'groups', actor: await who('outsider') })).length);

      // Escalated after sam opened it: unread again.
      await t.sql(`UPDATE tasks SET escalated_at = ? WHERE id = ?`, [Date.now() + 1000, tasks[0].id]);
      expect(await app.tasks.unreadCount(await who('sam'))).toBe(base + 2);

      // A decided task no longer counts.
      await app.tasks.complete(tasks[1].id, { outcome: 'approve', by: 'sam' });
      expect(await app.tasks.unreadCount(await who('sam'))).toBe(base + 1);
      await app.tasks.complete(tasks[0].id, { outcome: 'approve', by: 'sam' });
      expect(await app.tasks.unreadCount(await who('sam'))).toBe(base);
    });
  });
});
