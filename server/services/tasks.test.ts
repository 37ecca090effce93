/**
 * Inbox semantics on a fresh SQLite file and a fresh PostgreSQL database with a running
 * runner: who may see, claim and decide a task; claim, unclaim, delegation; four-eyes
 * approvals with the starter rule; racing deciders (one app, and two apps on one
 * database); audit entries and their append-only guard; CSV escaping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { ended, openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import { AppError } from '../errors';
import { auditCsv, csvField } from './audit';
import type { Actor } from './actor';

let t: TestAppOn;
let app: App;

describe.each(DIALECTS)('inbox semantics on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'inbox');
    app = t.app;
    for (const u of ['alex', 'sam', 'priya', 'olga', 'starter']) await t.sql(`INSERT INTO users (id, name, email, created_at) VALUES (?, ?, ?, 0)`, [u, u, `${u}@example.com`]);
    await app.groups.create({ id: 'finance', name: 'Finance', description: '', members: ['priya'] });
  });
  afterAll(async () => {
    await t.close();
  });

  async function flow(name: string, cfg: Record<string, unknown>): Promise<string> {
    return await publish(
      app,
      doc(
        name,
        [
          node('start', 'manualTrigger'),
          node('review', 'userTask', {
            title: `Review ${name}`,
            formFields: [{ name: 'note', label: 'Note', type: 'text', required: false, options: '' }],
            outcomes: [
              { id: 'approve', label: 'Approve' },
              { id: 'reject', label: 'Reject' },
            ],
            ...cfg,
          }),
          node('yes', 'end', { output: '{ "approved": true, "by": $steps.review.output.completedBy }' }),
          node('no', 'end', { output: '{ "approved": false }' }),
        ],
        [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject')],
      ),
    );
  }

  const assigned = { assignee: 'alex', candidateUsers: 'sam', candidateGroups: 'finance' };

  async function openTask(wf: string, startedBy = 'starter') {
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy });
    const task = await waitFor(async () => (await app.tasks.list({ status: 'open', runId }))[0]);
    return { runId, task };
  }

  const who = (id: string): Promise<Actor> => app.tasks.actor(id);

  async function refusal(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
    try {
      await (typeof p === 'function' ? p() : p);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      return err as AppError;
    }
    throw new Error('expected a refusal');
  }

  async function taskCompletions(runId: string): Promise<number> {
    return (await app.runs.events(runId, 0)).filter((e) => e.type === 'task.completed').length;
  }

  describe('potential owners', () => {
    let wf: string;
    beforeAll(async () => {
      wf = await flow('matrix', assigned);
    });

    it('stores the resolved assignment on the task', async () => {
      const { task } = await openTask(wf);
      expect(task).toMatchObject({ assignee: 'alex', candidateUsers: ['sam'], candidateGroups: ['finance'], priority: 'normal', requiredApprovals: 1, claimedBy: null });
    });

    it.each([
      ['alex', 'assignee', 'mine'],
      ['sam', 'candidate user', 'mine'],
      ['priya', 'candidate group member', 'groups'],
    ])('%s (%s) sees the task in "%s", may claim and decide it', async (user, _role, tab) => {
      const { runId, task } = await openTask(wf);
      const actor = await who(user);
      const views: string[] = [];
      for (const v of ['mine', 'groups'] as const) if ((await app.tasks.list({ view: v, actor })).some((x) => x.id === task.id)) views.push(v);
      expect(views).toEqual([tab]);
      expect((await app.tasks.claim(task.id, await who(user))).claimedBy).toBe(user);
      expect((await app.tasks.unclaim(task.id, await who(user))).claimedBy).toBeNull();
      const r = await app.tasks.complete(task.id, { outcome: 'approve', by: user });
      expect(r).toMatchObject({ completed: true, approvals: 1 });
      const run = await waitFor(() => ended(app, runId));
      expect(run.output).toEqual({ approved: true, by: user });
    });

    it('an outsider sees it in no tab and may neither claim, delegate nor decide it', async () => {
      const { runId, task } = await openTask(wf);
      for (const v of ['mine', 'groups'] as const) expect((await app.tasks.list({ view: v, actor: await who('olga') })).map((x) => x.id)).not.toContain(task.id);
      expect((await refusal(async () => await app.tasks.claim(task.id, await who('olga')))).kind).toBe('forbidden');
      expect((await refusal(async () => await app.tasks.delegate(task.id, await who('olga'), { userId: 'olga', reason: 'mine now' }))).kind).toBe('forbidden');
      const e = await refusal(app.tasks.complete(task.id, { outcome: 'approve', by: 'olga' }));
      expect(e.kind).toBe('forbidden');
      expect(e.message).toMatch(/alex, sam, group finance/);
      expect((await app.tasks.get(task.id)).status).toBe('open');
      expect(await taskCompletions(runId)).toBe(0);
    });

    it('a task with no assignment is open to anyone and shown in "groups"', async () => {
      const { task } = await openTask(await flow('anyone', {}));
      expect((await app.tasks.list({ view: 'groups', actor: await who('olga') })).map((x) => x.id)).toContain(task.id);
      await app.tasks.complete(task.id, { outcome: 'reject', by: 'olga' });
      expect(await app.tasks.get(task.id)).toMatchObject({ status: 'completed', completedBy: 'olga', outcome: 'reject' });
    });

    it('the assignment expression adds candidate users from the run input', async () => {
      const wf3 = await publish(
        app,
        doc('expr3', [node('start', 'manualTrigger', { inputFields: [{ name: 'manager', label: 'Manager', type: 'text', required: true, options: '' }] }), node('review', 'userTask', { title: 'x', assignmentExpression: '[$input.manager, "sam"]', outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')], [
          edge('start', 'review'),
          edge('review', 'done', 'ok'),
        ]),
      );
      const { runId: r3 } = await app.runs.start({ workflowId: wf3, input: { manager: 'priya' }, startedBy: 'starter' });
      const t3 = await waitFor(async () => (await app.tasks.list({ status: 'open', runId: r3 }))[0]);
      expect(t3.candidateUsers).toEqual(['priya', 'sam']);
      expect((await refusal(app.tasks.complete(t3.id, { outcome: 'ok', by: 'alex' }))).kind).toBe('forbidden');
    });
  });

  describe('claim and delegation', () => {
    it('a claimed task is decided only by its claimer', async () => {
      const { task } = await openTask(await flow('claim', assigned));
      await app.tasks.claim(task.id, await who('sam'));
      expect((await refusal(async () => await app.tasks.claim(task.id, await who('priya')))).kind).toBe('conflict');
      expect((await refusal(app.tasks.complete(task.id, { outcome: 'approve', by: 'priya' }))).kind).toBe('forbidden');
      expect((await refusal(async () => await app.tasks.unclaim(task.id, await who('priya')))).kind).toBe('forbidden');
      expect((await app.tasks.list({ view: 'mine', actor: await who('sam') })).map((x) => x.id)).toContain(task.id);
      expect((await app.tasks.list({ view: 'groups', actor: await who('priya') })).map((x) => x.id)).not.toContain(task.id);
      await app.tasks.unclaim(task.id, await who('sam'));
      await app.tasks.complete(task.id, { outcome: 'approve', by: 'priya' });
      expect((await app.tasks.get(task.id)).completedBy).toBe('priya');
    });

    it('delegation needs a reason, hands the task over and is recorded', async () => {
      const { task } = await openTask(await flow('delegate', assigned));
      expect((await refusal(async () => await app.tasks.delegate(task.id, await who('alex'), { userId: 'olga', reason: '  ' }))).kind).toBe('invalid');
      expect((await refusal(async () => await app.tasks.delegate(task.id, await who('alex'), { userId: 'nobody', reason: 'x' }))).kind).toBe('invalid');
      const after = await app.tasks.delegate(task.id, await who('alex'), { userId: 'olga', reason: 'on holiday' });
      expect(after).toMatchObject({ assignee: 'olga', claimedBy: 'olga', status: 'open' });
      expect((await refusal(app.tasks.complete(task.id, { outcome: 'approve', by: 'alex' }))).kind).toBe('forbidden');
      await app.tasks.complete(task.id, { outcome: 'approve', by: 'olga' });
      const entry = (await app.audit.list({ action: 'task.delegate', targetId: task.id }))[0];
      expect(entry).toMatchObject({ actor: 'alex', targetType: 'task', details: { from: 'alex', to: 'olga', reason: 'on holiday' } });
    });
  });

  describe('four-eyes', () => {
    it('needs two different approvers; the same person twice is refused; the second approval completes once', async () => {
      const { runId, task } = await openTask(await flow('four-eyes', { candidateGroups: 'finance', candidateUsers: 'sam, alex', requiredApprovals: 2 }));
      const first = await app.tasks.complete(task.id, { outcome: 'approve', data: { note: 'fine' }, by: 'sam' });
      expect(first).toEqual({ runId, completed: false, approvals: 1, requiredApprovals: 2 });
      expect(await app.tasks.get(task.id)).toMatchObject({ status: 'open', approvals: 1 });
      const twice = await refusal(app.tasks.complete(task.id, { outcome: 'approve', by: 'sam' }));
      expect(twice.kind).toBe('conflict');
      expect(twice.message).toMatch(/already decided/);
      expect((await refusal(app.tasks.complete(task.id, { outcome: 'reject', by: 'sam' }))).kind).toBe('conflict');
      expect((await refusal(async () => await app.tasks.claim(task.id, await who('sam')))).kind).toBe('conflict');
      expect(await taskCompletions(runId)).toBe(0);
      const second = await app.tasks.complete(task.id, { outcome: 'approve', data: { note: 'ok' }, by: 'priya' });
      expect(second).toEqual({ runId, completed: true, approvals: 2, requiredApprovals: 2 });
      const run = await waitFor(() => ended(app, runId));
      expect(run.output).toEqual({ approved: true, by: 'priya' });
      expect(await taskCompletions(runId)).toBe(1);
      expect((await app.tasks.approvals(task.id)).map((a) => [a.by, a.outcome])).toEqual([
        ['sam', 'approve'],
        ['priya', 'approve'],
      ]);
      expect((await refusal(app.tasks.complete(task.id, { outcome: 'approve', by: 'alex' }))).kind).toBe('conflict');
      expect((await app.audit.list({ targetId: task.id })).map((e) => `${e.action}:${e.actor}`).reverse()).toEqual(['task.approve:sam', 'task.approve:priya', 'task.complete:priya']);
    });

    it('any outcome other than the first decides at once', async () => {
      const { runId, task } = await openTask(await flow('four-eyes-reject', { requiredApprovals: 2 }));
      const r = await app.tasks.complete(task.id, { outcome: 'reject', by: 'sam' });
      expect(r.completed).toBe(true);
      expect((await waitFor(() => ended(app, runId))).output).toEqual({ approved: false });
    });

    it('the run starter may not claim or decide when starterMayNotApprove is set', async () => {
      const wf = await flow('starter', { candidateUsers: 'sam, priya', starterMayNotApprove: true });
      const { task } = await openTask(wf, 'sam');
      expect((await refusal(async () => await app.tasks.claim(task.id, await who('sam')))).kind).toBe('forbidden');
      const e = await refusal(app.tasks.complete(task.id, { outcome: 'approve', by: 'sam' }));
      expect(e.kind).toBe('forbidden');
      expect(e.message).toMatch(/started this run/);
      expect((await app.tasks.list({ view: 'mine', actor: await who('sam') })).map((x) => x.id)).not.toContain(task.id);
      expect((await refusal(async () => await app.tasks.delegate(task.id, await who('priya'), { userId: 'sam', reason: 'x' }))).kind).toBe('invalid');
      await app.tasks.complete(task.id, { outcome: 'approve', by: 'priya' });
    });
  });

  describe('races', () => {
    it('two deciders at once: exactly one completion, the other gets a conflict', async () => {
      const { runId, task } = await openTask(await flow('race-1', { candidateUsers: 'sam, priya' }));
      const results = await Promise.allSettled([
        app.tasks.complete(task.id, { outcome: 'approve', by: 'sam' }),
        app.tasks.complete(task.id, { outcome: 'reject', by: 'priya' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((rejected.reason as AppError).kind).toBe('conflict');
      await waitFor(() => ended(app, runId));
      expect(await taskCompletions(runId)).toBe(1);
      expect(await app.tasks.approvals(task.id)).toHaveLength(1);
    });

    it('three approvers at once on a task needing two: one completion, two approvals recorded', async () => {
      const { runId, task } = await openTask(await flow('race-2', { candidateUsers: 'sam, priya, alex', requiredApprovals: 2 }));
      const results = await Promise.allSettled(['sam', 'priya', 'alex'].map((by) => app.tasks.complete(task.id, { outcome: 'approve', by })));
      const done = results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<{ completed: boolean }>).value.completed);
      expect(done.sort()).toEqual([false, true]);
      await waitFor(() => ended(app, runId));
      expect(await taskCompletions(runId)).toBe(1);
      expect(await app.tasks.approvals(task.id)).toHaveLength(2);
    });

    it('two apps on the same database deciding at once: exactly one completion', async () => {
      const other = t.another();
      for (let i = 0; i < 3; i++) {
        const { runId, task } = await openTask(await flow(`race-3-${i}`, { candidateUsers: 'sam, priya', requiredApprovals: 2 }));
        await app.tasks.complete(task.id, { outcome: 'approve', by: 'alex' }).catch(() => {});
        const results = await Promise.allSettled([app.tasks.complete(task.id, { outcome: 'reject', by: 'sam' }), other.tasks.complete(task.id, { outcome: 'reject', by: 'priya' })]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        await waitFor(() => ended(app, runId));
        expect(await taskCompletions(runId)).toBe(1);
      }
    });
  });

  describe('audit log', () => {
    it('records run start and cancel, workflow publish, claim and unclaim', async () => {
      const wf = await flow('audit', assigned);
      const { runId, task } = await openTask(wf, 'alex');
      await app.tasks.claim(task.id, await who('sam'));
      await app.tasks.unclaim(task.id, await who('sam'));
      await app.runs.cancel(runId, 'priya', 'duplicate');
      expect((await app.audit.list({ targetId: wf })).map((e) => e.action)).toContain('workflow.publish');
      expect((await app.audit.list({ targetId: runId })).map((e) => `${e.action}:${e.actor}`).reverse()).toEqual(['run.start:alex', 'run.cancel:priya']);
      expect((await app.audit.list({ targetId: task.id })).map((e) => `${e.action}:${e.actor}`).reverse()).toEqual(['task.claim:sam', 'task.unclaim:sam']);
      expect((await app.audit.list({ actor: 'priya', action: 'run.cancel' }))[0].details).toEqual({ reason: 'duplicate' });
    });

    it('the database refuses UPDATE and DELETE of audit rows', async () => {
      const before = await app.audit.list({ limit: 10000 });
      expect(before.length).toBeGreaterThan(0);
      await expect(t.sql(`UPDATE audit_log SET actor = 'mallory'`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      expect(await app.audit.list({ limit: 10000 })).toEqual(before);
    });

    it('filters by time range', async () => {
      const all = await app.audit.list({ limit: 10000 });
      const mid = all[Math.floor(all.length / 2)].at;
      const later = await app.audit.list({ from: mid, limit: 10000 });
      expect(later.every((e) => e.at >= mid)).toBe(true);
      expect((await app.audit.list({ to: mid, limit: 10000 })).every((e) => e.at < mid)).toBe(true);
    });
  });

  describe('CSV export', () => {
    it('quotes commas, quotes, line breaks and edge spaces; defuses formulas', async () => {
      expect(csvField('plain')).toBe('plain');
      expect(csvField('a,b')).toBe('"a,b"');
      expect(csvField('say "hi"')).toBe('"say ""hi"""');
      expect(csvField('two\nlines')).toBe('"two\nlines"');
      expect(csvField(' pad')).toBe('" pad"');
      expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
      expect(csvField(null)).toBe('');
      expect(csvField(42)).toBe('42');
    });

    it('writes a header and one CRLF line per entry', async () => {
      const csv = auditCsv([{ id: 7, at: Date.UTC(2026, 0, 2, 3, 4, 5), actor: 'sam', action: 'task.delegate', targetType: 'task', targetId: 't1', details: { reason: 'away, back "soon"' } }]);
      expect(csv).toBe('id,at,actor,action,target_type,target_id,details\r\n7,2026-01-02T03:04:05.000Z,sam,task.delegate,task,t1,"{""reason"":""away, back \\""soon\\""""}"\r\n');
    });
  });

  describe('admin reassignment', () => {
    it('an admin reassigns a task claimed by someone else; others still may not', async () => {
      await t.sql(`INSERT INTO users (id, name, email, roles, created_at) VALUES ('ada', 'Ada', 'ada@example.com', 'admin', 0)`);
      const wf = await flow('reassign', assigned);
      const { task } = await openTask(wf);
      await app.tasks.claim(task.id, await who('sam'));
      expect((await refusal(async () => await app.tasks.delegate(task.id, await who('olga'), { userId: 'priya', reason: 'mine now' }))).kind).toBe('forbidden');
      const moved = await app.tasks.delegate(task.id, await who('ada'), { userId: 'priya', reason: 'Sam is on leave' });
      expect(moved).toMatchObject({ assignee: 'priya', claimedBy: 'priya' });
      const entry = (await app.audit.list({ action: 'task.delegate', targetId: task.id }))[0]!;
      expect(entry).toMatchObject({ actor: 'ada', details: { from: 'alex', to: 'priya', reason: 'Sam is on leave', reassignedByAdmin: true } });
      expect((await refusal(async () => await app.tasks.delegate(task.id, await who('sam'), { userId: 'alex', reason: 'back' }))).kind).toBe('forbidden');
    });
  });

  describe('publishing names only existing groups', () => {
    it('refuses a misspelt candidate group or escalation group at the node field', async () => {
      const typo = await refusal(() => flow('typo', { candidateGroups: 'finance, finanse' }));
      expect(typo.kind).toBe('invalid');
      expect(typo.issues).toEqual([expect.objectContaining({ path: ['nodes', 'review', 'config', 'candidateGroups'], nodeId: 'review', code: 'UNKNOWN_GROUP' })]);
      expect(typo.message).toMatch(/group "finanse" does not exist/);
      const esc = await refusal(() => flow('esc', { dueIn: 'PT1H', escalation: 'reassign', escalateToGroup: 'nobody' }));
      expect(esc.issues.map((i) => i.path)).toEqual([['nodes', 'review', 'config', 'escalateToGroup']]);
      await expect(flow('fine', { candidateGroups: 'finance' })).resolves.toBeDefined();
    });
  });

  describe('listing without an inbox view', () => {
    it('shows a person only the tasks they may read; admins every task', async () => {
      await t.sql(`INSERT INTO users (id, name, email, roles, created_at) VALUES ('ada', 'Ada', 'ada@example.com', 'admin', 0) ON CONFLICT (id) DO NOTHING`);
      const wf = await flow('visible', { candidateUsers: 'sam' });
      const { runId, task } = await openTask(wf);
      expect(await app.tasks.list({ runId, actor: await who('olga') })).toEqual([]);
      expect((await app.tasks.list({ runId, actor: await who('sam') })).map((t) => t.id)).toEqual([task.id]);
      expect((await app.tasks.list({ runId, actor: await who('ada') })).map((t) => t.id)).toEqual([task.id]);
    });
  });
});
