import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { AppError } from '@/server/errors';
import { inInboxView, maySeeTask } from '@/server/services/task-access';
import { decideClaim, decideCompletion, decideDelegate, decidePartialApproval, decideUnclaim, type Decision } from '@/server/services/task-rules';
import { taskSortKeys, type TaskDecisionGuard, type TaskListQuery, type TaskOrder } from './ports/tasks';
import { applyGuardsSqlite } from './sqlite/guards';
import { applyGuardsPg } from './pg/guards';
import { pgTransaction } from './pg/tx';
import { actor, DOC, ids, seedBase, seedMix, seedTask, sql } from '@/tests/helpers/task-seed';

describe.each(DIALECTS)('task store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });
  const open = async () => (t = await openTestStorage(dialect));

  it('reads the acting person: roles and sorted groups; an unknown id has neither', async () => {
    const s = await open();
    await seedBase(s);
    expect(await s.storage.tasks.actorOf('cat')).toEqual({ roles: 'operator', groups: ['finance', 'ops'] });
    expect(await s.storage.tasks.actorOf('nobody')).toEqual({ roles: null, groups: [] });
    expect(await s.storage.tasks.userExists('ann')).toBe(true);
    expect(await s.storage.tasks.userExists('nobody')).toBe(false);
  });

  it('gets one task joined with its run and workflow, JSON parsed; null when missing', async () => {
    const s = await open();
    await seedMix(s);
    const x = await s.storage.tasks.get('t04');
    expect(x).toMatchObject({
      id: 't04',
      runId: 'run_2',
      workflowName: 'Ärger melden',
      version: 1,
      startedBy: 'ben',
      candidateUsers: [],
      starterMayNotApprove: false,
      approvals: 0,
      outcomes: [
        { id: 'approve', label: 'Approve' },
        { id: 'reject', label: 'Reject' },
      ],
      context: { n: 1 },
      data: null,
      escalation: { mode: 'none', group: null, escalatedAt: null },
    });
    expect((await s.storage.tasks.get('t09'))!.version).toBeNull();
    expect(await s.storage.tasks.get('nope')).toBeNull();
  });

  it('orders, filters and pages lists the same way on both databases', async () => {
    const s = await open();
    await seedMix(s);
    const list = (q: Partial<TaskListQuery> & { order: TaskOrder }) => s.storage.tasks.list({ limit: 100, ...q });
    expect(ids(await list({ order: 'created_asc', status: 'open' }))).toEqual(['t03', 't01', 't02', 't08', 't04', 't05', 't07', 't10']);
    expect(ids(await list({ order: 'created_desc' }))).toEqual(['t10', 't09', 't07', 't06', 't05', 't04', 't08', 't02', 't01', 't03']);
    expect(ids(await list({ order: 'due', status: 'open' }))).toEqual(['t03', 't08', 't01', 't02', 't04', 't05', 't07', 't10']);
    expect(ids(await list({ order: 'priority', status: 'open' }))).toEqual(['t02', 't03', 't04', 't08', 't05', 't07', 't10', 't01']);
    expect(ids(await list({ order: 'created_asc', runId: 'run_2' }))).toEqual(['t04', 't10']);
    expect(ids(await list({ order: 'created_asc', priority: 'high' }))).toEqual(['t03', 't04']);
    // Search: case-insensitive beyond ASCII, on the title or the workflow name.
    expect(ids(await list({ order: 'created_asc', search: 'ärger' }))).toEqual(['t04', 't10']);
    expect(ids(await list({ order: 'created_asc', search: 'RECHNUNG' }))).toEqual(['t04']);
    expect(ids(await list({ order: 'created_asc', search: 'task T0' }))).toEqual(['t03', 't01', 't02', 't08', 't05', 't06', 't07', 't09']);
    // Pages of 3 in every order: each task once, in the order of the whole list.
    for (const order of ['created_asc', 'created_desc', 'due', 'priority'] as const) {
      const whole = ids(await list({ order }));
      const seen: string[] = [];
      let after: (number | string)[] | undefined;
      for (;;) {
        const page = await list({ order, after, limit: 3 });
        seen.push(...ids(page));
        if (page.length < 3) break;
        after = taskSortKeys(order, page[page.length - 1]);
      }
      expect(seen, order).toEqual(whole);
    }
  });

  it('selects exactly what maySeeTask and inInboxView select, for each person', async () => {
    const s = await open();
    await seedMix(s);
    const everything = await s.storage.tasks.list({ order: 'created_asc', limit: 100 });
    for (const who of [actor('ann'), actor('ben', ['ops']), actor('cat', ['finance', 'ops']), actor('dan'), actor('eve', ['nobody'])]) {
      const scope = (kind: 'visible' | 'mine' | 'groups') => ({ kind, userId: who.id, groups: who.groups });
      expect(ids(await s.storage.tasks.list({ order: 'created_asc', limit: 100, scope: scope('visible') })), `${who.id} sees`).toEqual(ids(everything.filter((x) => maySeeTask(x, who))));
      for (const view of ['mine', 'groups'] as const)
        expect(ids(await s.storage.tasks.list({ order: 'created_asc', limit: 100, status: 'open', scope: scope(view) })), `${who.id} ${view}`).toEqual(
          ids(everything.filter((x) => x.status === 'open' && inInboxView(x, view, who))),
        );
      const inbox = everything.filter((x) => x.status === 'open' && (inInboxView(x, 'mine', who) || inInboxView(x, 'groups', who)));
      expect(await s.storage.tasks.unreadCount(who.id, who.groups), `${who.id} unread`).toBe(inbox.length);
    }
  });

  it('marks views: a later mark wins, the unread count drops, and an escalation after the view makes it unread again', async () => {
    const s = await open();
    await seedMix(s);
    const tasks = s.storage.tasks;
    // ann's inbox: t01, t02, t10 (mine; t10 escalated at 500), t04 (groups: open to anyone); t07 is barred (she started run_1).
    expect(await tasks.unreadCount('ann', [])).toBe(4);
    await tasks.markViewed('t01', 'ann', 1_000);
    await tasks.markViewed('t01', 'ann', 900);
    await tasks.markViewed('t10', 'ann', 400);
    await tasks.markViewed('t06', 'ann', 1_000); // closed: not listed
    expect(await tasks.viewedAt('ann')).toEqual(new Map([['t01', 1_000], ['t10', 400]]));
    expect(await tasks.unreadCount('ann', [])).toBe(3); // t02 and t04 never opened, t10 opened before its escalation
    await tasks.markViewed('t10', 'ann', 600);
    expect(await tasks.unreadCount('ann', [])).toBe(2);
  });

  it('reads a run history: steps in activation order, its tasks, the version or draft document', async () => {
    const s = await open();
    await seedMix(s);
    for (const [step, at] of [
      ['start', 10],
      ['review#t01', 20],
      ['review#t02', 20],
    ] as const)
      await sql(s, `INSERT INTO steps (run_id, step_id, node_id, status, attempts, started_at) VALUES ('run_1', ?, ?, 'waiting', 1, ?)`, [step, step.split('#')[0], at]);
    const h = await s.storage.tasks.history('run_1');
    expect(h.steps.map((x) => x.stepId)).toEqual(['start', 'review#t01', 'review#t02']);
    expect(h.steps[0]).toEqual({ stepId: 'start', nodeId: 'start', status: 'waiting', attempts: 1, startedAt: 10, endedAt: null });
    expect(h.tasks.map((x) => x.stepId).sort()).toEqual(['review#t01', 'review#t02', 'review#t03', 'review#t05', 'review#t06', 'review#t07', 'review#t08']);
    expect(h.document).toEqual(JSON.parse(DOC));
    expect((await s.storage.tasks.history('run_3')).document).toEqual({ nodes: [{ id: 'review', type: 'userTask', label: 'Draft review' }] });
    expect(await s.storage.tasks.history('run_none')).toEqual({ steps: [], tasks: [], document: null });
  });

  it('claims, releases and delegates through decide, with audit entries; a refusal or null writes nothing', async () => {
    const s = await open();
    await seedMix(s);
    const tasks = s.storage.tasks;
    const ben = actor('ben', ['ops']);
    const snap = await tasks.snapshot('t03', 'ben');
    expect(snap).toMatchObject({ task: { id: 't03', runId: 'run_1', status: 'open', candidateGroups: ['ops'], startedBy: 'ann', runStatus: 'waiting' }, priorOutcome: null, approvals: 0 });
    expect(await tasks.snapshot('nope', 'ben')).toEqual({ task: null, priorOutcome: null, approvals: 0 });

    expect(await tasks.assign('t03', 'ben', (x) => decideClaim(x, 't03', ben, 2_000))).toBe('run_1');
    expect(await tasks.get('t03')).toMatchObject({ claimedBy: 'ben', claimedAt: 2_000 });
    // cat may not claim what ben holds; nothing changes.
    await expect(tasks.assign('t03', 'cat', (x) => decideClaim(x, 't03', actor('cat', ['ops']), 2_100))).rejects.toMatchObject({ kind: 'conflict' });
    // Claiming again is a no-op (decide returns null): no second audit entry.
    await tasks.assign('t03', 'ben', (x) => decideClaim(x, 't03', ben, 2_200));
    expect((await tasks.get('t03'))!.claimedAt).toBe(2_000);
    await tasks.assign('t03', 'ben', (x) => decideUnclaim(x, 't03', ben, 2_300));
    expect(await tasks.get('t03')).toMatchObject({ claimedBy: null, claimedAt: null });

    let seen: boolean | undefined;
    await tasks.assign(
      't03',
      'ben',
      (x) => {
        seen = x.delegateExists;
        return decideDelegate(x, 't03', ben, { userId: 'cat', reason: 'on leave' }, 2_400);
      },
      'cat',
    );
    expect(seen).toBe(true);
    expect(await tasks.get('t03')).toMatchObject({ assignee: 'cat', claimedBy: 'cat', claimedAt: 2_400 });
    await expect(tasks.assign('t01', 'ann', (x) => decideDelegate(x, 't01', actor('ann'), { userId: 'ghost', reason: 'r' }, 1), 'ghost')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(tasks.assign('nope', 'ann', (x) => decideClaim(x, 'nope', actor('ann'), 1))).rejects.toMatchObject({ kind: 'not_found' });
    const audit = await sql(s, `SELECT actor, action, target_id, details FROM audit_log ORDER BY id`);
    expect(audit.map((a) => [a.actor, a.action, a.target_id])).toEqual([
      ['ben', 'task.claim', 't03'],
      ['ben', 'task.unclaim', 't03'],
      ['ben', 'task.delegate', 't03'],
    ]);
    expect(JSON.parse(audit[2].details as string)).toEqual({ runId: 'run_1', from: null, to: 'cat', reason: 'on leave' });
  });

  it('records approvals short of N on their own, releasing the approver’s claim; the N-th is left to the transition', async () => {
    const s = await open();
    await seedBase(s);
    await seedTask(s, { id: 'q1', createdAt: 1, candidateUsers: ['ann', 'ben', 'cat'], requiredApprovals: 3, claimedBy: 'ann' });
    const tasks = s.storage.tasks;
    const d = (by: string, at: number): Decision => ({ taskId: 'q1', actor: actor(by), outcome: 'approve', data: '{"note":"ok"}', at, approving: true });
    const first = await tasks.recordApproval('q1', 'ann', 'approve', (x) => decidePartialApproval(x, d('ann', 10)));
    expect(first).toMatchObject({ approvals: 1, requiredApprovals: 3, unclaim: true });
    expect((await tasks.get('q1'))!).toMatchObject({ claimedBy: null, approvals: 1 });
    await expect(tasks.recordApproval('q1', 'ann', 'approve', (x) => decidePartialApproval(x, d('ann', 11)))).rejects.toMatchObject({ kind: 'conflict' });
    expect((await tasks.snapshot('q1', 'ann', 'approve')).priorOutcome).toBe('approve');
    expect((await tasks.recordApproval('q1', 'ben', 'approve', (x) => decidePartialApproval(x, d('ben', 12))))!.approvals).toBe(2);
    // The third would reach N: decide returns null and nothing is written.
    expect(await tasks.recordApproval('q1', 'cat', 'approve', (x) => decidePartialApproval(x, d('cat', 13)))).toBeNull();
    expect(await tasks.approvals('q1')).toEqual([
      { by: 'ann', outcome: 'approve', data: { note: 'ok' }, at: 10 },
      { by: 'ben', outcome: 'approve', data: { note: 'ok' }, at: 12 },
    ]);
    expect((await tasks.snapshot('q1', 'cat', 'approve')).approvals).toBe(2);
    expect((await sql(s, `SELECT action FROM audit_log ORDER BY id`)).map((a) => a.action)).toEqual(['task.approve', 'task.approve']);
  });

  it('applies the task decision guard in the commit transaction: approval and audit on success, nothing on refusal', async () => {
    const s = await open();
    await seedBase(s);
    await seedTask(s, { id: 'g1', createdAt: 1, candidateUsers: ['ben', 'cat'], requiredApprovals: 2 });
    await sql(s, `INSERT INTO task_approvals (task_id, "by", outcome, data, at) VALUES ('g1', 'ben', 'approve', '{}', 5)`);
    const commit = async (runId: string, g: TaskDecisionGuard, close = true) => {
      const closeSql = `UPDATE tasks SET status = 'completed', completed_by = ? WHERE id = ? AND status = 'open'`;
      if (s.handle) {
        const db = s.handle.sqlite;
        db.transaction(() => {
          applyGuardsSqlite(db, runId, [g]);
          if (close) db.prepare(closeSql).run(g.by, g.taskId);
        })();
      } else
        await pgTransaction(s.pool!, async (c) => {
          await applyGuardsPg(c, runId, [g]);
          let n = 0;
          if (close) await c.query(closeSql.replace(/\?/g, () => `$${++n}`), [g.by, g.taskId]);
        });
    };
    let approvals = -1;
    const guard = (by: string): TaskDecisionGuard => {
      const d: Decision = { taskId: 'g1', actor: actor(by), outcome: 'approve', data: '{"ok":true}', at: 50, approving: true };
      return {
        type: 'taskDecision',
        taskId: 'g1',
        by,
        outcome: 'approve',
        decide: (x) => {
          const w = decideCompletion(x, d);
          approvals = w.approvals;
          return w;
        },
      };
    };
    // ben decided already; the refusal leaves nothing behind.
    await expect(commit('run_1', guard('ben'))).rejects.toMatchObject({ kind: 'conflict' });
    await expect(commit('run_2', guard('cat'))).rejects.toThrow(/belongs to run run_1/);
    expect((await sql(s, `SELECT COUNT(*) AS n FROM audit_log`))[0].n).toBe(0);
    await commit('run_1', guard('cat'));
    expect(approvals).toBe(2);
    expect((await s.storage.tasks.approvals('g1')).map((a) => [a.by, a.data])).toEqual([
      ['ben', {}],
      ['cat', { ok: true }],
    ]);
    const audit = await sql(s, `SELECT actor, action, details FROM audit_log ORDER BY id`);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['cat', 'task.approve'],
      ['cat', 'task.complete'],
    ]);
    expect(JSON.parse(audit[1].details as string)).toEqual({ runId: 'run_1', outcome: 'approve', approvals: 2, requiredApprovals: 2 });
    // The task is closed now: a later decision is refused as a conflict naming the decider.
    await expect(commit('run_1', guard('ann'))).rejects.toThrow(/already completed by cat/);
  });
});

describe('task decision guard on postgres under a race', () => {
  it('lets exactly one of two concurrent decisions on one task win', async () => {
    const t = await openTestStorage('postgres');
    try {
      await seedBase(t);
      await seedTask(t, { id: 'r1', createdAt: 1, candidateUsers: ['ben', 'cat'] });
      const decide = (by: string) =>
        pgTransaction(t.pool!, async (c) => {
          const d: Decision = { taskId: 'r1', actor: actor(by), outcome: 'reject', data: '{}', at: 10, approving: false };
          await applyGuardsPg(c, 'run_1', [{ type: 'taskDecision', taskId: 'r1', by, outcome: 'reject', decide: (x) => decideCompletion(x, d) }]);
          // Hold the lock a while, as a transition's other writes would.
          await c.query(`SELECT pg_sleep(0.2)`);
          const closed = await c.query(`UPDATE tasks SET status = 'completed', completed_by = $1, outcome = 'reject' WHERE id = 'r1' AND status = 'open'`, [by]);
          if (closed.rowCount !== 1) throw new Error('closed twice');
        });
      const results = await Promise.allSettled([decide('ben'), decide('cat')]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(AppError);
      expect(lost[0].reason).toMatchObject({ kind: 'conflict' });
      const task = (await t.pool!.query(`SELECT status, completed_by FROM tasks WHERE id = 'r1'`)).rows[0];
      expect(task.status).toBe('completed');
      expect((await t.pool!.query(`SELECT "by" FROM task_approvals WHERE task_id = 'r1'`)).rows).toEqual([{ by: task.completed_by }]);
      expect((await t.pool!.query(`SELECT actor, action FROM audit_log`)).rows).toEqual([{ actor: task.completed_by, action: 'task.complete' }]);
    } finally {
      await t.close();
    }
  });
});
