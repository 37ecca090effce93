/**
 * The run store's contract (`ports/run-store.ts`) on both backends: runs inserted and
 * transitioned under the state-version guard, the group commit refusing items one by
 * one, step projections, and the job queue's leases. On PostgreSQL also: concurrent
 * claimers get disjoint jobs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunLogRecord, RunState } from '@/lib/engine/types';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { createPgPool } from '@/server/db/pg/pool';
import { pgStorage } from './pg';
import { RunExistsError, StaleStateError, TaskClosedError, type RunStorePort, type TransitionWrites } from './ports/run-store';

const WF = 'wf_contract';
const DOC = { schemaVersion: 1, name: 'c', description: '', nodes: [], edges: [] };

function state(runId: string, over: Partial<RunState> = {}): RunState {
  return { runId, status: 'running', seq: 0, activations: {}, live: {}, forks: {}, nextFork: 0, vars: {}, output: null, error: null, startedAt: 1_000, endedAt: null, ...over } as unknown as RunState;
}

const rec = (seq: number, r: Record<string, unknown>) => ({ seq, at: 1_000 + seq, ...r }) as unknown as RunLogRecord;

function writes(runId: string, log: RunLogRecord[], over: Partial<TransitionWrites> = {}): TransitionWrites {
  return { state: state(runId, { seq: log.length ? log[log.length - 1].seq : 0 }), log, effects: [], at: 2_000, ...over };
}

/** SQL on the backend under the store (`?` placeholders; numbered for PostgreSQL). */
async function sql(t: TestStorage, text: string, ...args: unknown[]): Promise<Record<string, unknown>[]> {
  if (t.handle) {
    const st = t.handle.sqlite.prepare(text);
    return st.reader ? (st.all(...args) as Record<string, unknown>[]) : (st.run(...args), []);
  }
  let i = 0;
  return (await t.pool!.query(text.replace(/\?/g, () => `$${++i}`), args)).rows;
}

async function seedWorkflow(t: TestStorage): Promise<void> {
  await sql(t, `INSERT INTO workflows (id, name, description, draft, draft_revision, latest_version, created_at, updated_at) VALUES (?, 'c', '', '{}', 1, 1, 1, 1)`, WF);
  await sql(t, `INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by, note) VALUES (?, 1, ?, 1, 'test', '')`, WF, JSON.stringify(DOC));
}

async function insert(runs: RunStorePort, id: string, log: RunLogRecord[] = [rec(1, { type: 'run.started', input: {} })], over: Partial<TransitionWrites> = {}, parent?: { parentRunId: string; parentStepId: string }) {
  await runs.commit({ type: 'insert', meta: { id, workflowId: WF, version: 1, input: { n: 1 }, startedBy: 'test', trigger: 'manual', ...parent }, writes: writes(id, log, over) });
}

const audit = (targetId: string) => ({ type: 'audit' as const, entries: [{ actor: 'u', action: 'run.start' as const, targetType: 'run', targetId, at: 5 }] });

describe.each(DIALECTS)('run store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  async function open() {
    t = await openTestStorage(dialect);
    await seedWorkflow(t);
    return { t, runs: t.storage.runs };
  }

  it('inserts a run with its first write set and reads it back', async () => {
    const { t, runs } = await open();
    const log = [rec(1, { type: 'run.started', input: {} }), rec(2, { type: 'step.activated', stepId: 'a#1', nodeId: 'a', edgeId: null }), rec(3, { type: 'step.succeeded', stepId: 'a#1', nodeId: 'a', attempt: 1, output: { x: 1 }, port: 'out', input: {}, startedAt: 1_002 })];
    await insert(runs, 'r1', log, { state: state('r1', { seq: 3, activations: { a: 1 } }) });
    const run = await runs.getRun('r1');
    expect(run).toMatchObject({ id: 'r1', workflowId: WF, version: 1, status: 'running', stateVersion: 1, input: { n: 1 }, parentRunId: null });
    expect(run!.state.activations).toEqual({ a: 1 });
    expect(await runs.runExists('r1')).toBe(true);
    expect(await runs.runExists('nope')).toBe(false);
    expect(await runs.getRun('nope')).toBeNull();
    expect((await runs.eventsAfter('r1', 1)).map((r) => r.seq)).toEqual([2, 3]);
    expect((await runs.eventsAfter('r1', 0, 2)).map((r) => r.seq)).toEqual([1, 2]);
    expect(await runs.latestOutputs('r1', { a: 1 })).toEqual(new Map([['a', { output: { x: 1 }, endedAt: 1_003 }]]));
    expect(await sql(t, 'SELECT step_id AS "stepId", status, attempts, started_at AS "startedAt", ended_at AS "endedAt" FROM steps')).toEqual([{ stepId: 'a#1', status: 'succeeded', attempts: 1, startedAt: 1_002, endedAt: 1_003 }]);
    expect(await runs.latestVersion(WF)).toBe(1);
    expect(await runs.latestVersion('nope')).toBeNull();
    expect(await runs.versionDocument(WF, 1)).toEqual(DOC);
    expect(await runs.versionDocument(WF, 2)).toBeNull();
    await expect(insert(runs, 'r1')).rejects.toBeInstanceOf(RunExistsError);
    // A test run of the draft keeps its snapshot; a child names its parent.
    await runs.commit({ type: 'insert', meta: { id: 'r2', workflowId: WF, version: null, draft: { revision: 3, document: JSON.stringify(DOC) }, input: {}, startedBy: 't', trigger: 'manual', parentRunId: 'r1', parentStepId: 's#1' }, writes: writes('r2', [rec(1, { type: 'run.started', input: {} })]) });
    expect(await runs.draftDocument('r2')).toEqual(DOC);
    expect(await runs.draftDocument('r1')).toBeNull();
    expect(await runs.parentRunId('r2')).toBe('r1');
    expect(await runs.parentRunId('r1')).toBeNull();
  });

  it('applies transitions under the state-version guard and projects steps and attempts', async () => {
    const { t, runs } = await open();
    await insert(runs, 'r1', [rec(1, { type: 'run.started', input: {} }), rec(2, { type: 'step.activated', stepId: 'h#1', nodeId: 'h', edgeId: null })], { effects: [{ type: 'execute', stepId: 'h#1', nodeId: 'h', attempt: 1 }] as TransitionWrites['effects'] });
    const [job] = await runs.claimJobs('me', 2_000, 1_000, 10);
    expect(job).toMatchObject({ kind: 'execute', runId: 'r1', stepId: 'h#1', nodeId: 'h', attempt: 1 });
    const attempt = { stepId: 'h#1', attempt: 1, status: 'failed' as const, input: { q: 1 }, output: undefined, error: { message: 'boom' }, logs: ['l1'], startedAt: 2_100, endedAt: 2_200 };
    const retrying = rec(3, { type: 'step.retrying', stepId: 'h#1', nodeId: 'h', attempt: 1, nextAttempt: 2, maxAttempts: 3, error: { message: 'boom' }, delayMs: 10, dueAt: 3_000 });
    await runs.commit({ type: 'transition', runId: 'r1', workflowId: WF, expectedVersion: 1, writes: writes('r1', [retrying], { attempt, doneJobId: job.id, effects: [{ type: 'execute', stepId: 'h#1', nodeId: 'h', attempt: 2, dueAt: 3_000 }] as TransitionWrites['effects'], parent: { runId: null, stepId: null } }) });
    // Computed from version 1 again: refused, nothing written.
    const stale = runs.commit({ type: 'transition', runId: 'r1', workflowId: WF, expectedVersion: 1, writes: writes('r1', [rec(3, { type: 'run.succeeded', output: 1 })], { state: state('r1', { status: 'succeeded' }) }) });
    await expect(stale).rejects.toBeInstanceOf(StaleStateError);
    expect(await runs.getRun('r1')).toMatchObject({ stateVersion: 2, status: 'running' });
    expect(await sql(t, 'SELECT step_id AS "stepId", attempt, due_at AS "dueAt" FROM jobs')).toEqual([{ stepId: 'h#1', attempt: 2, dueAt: 3_000 }]);
    expect(await sql(t, 'SELECT status, attempts, error FROM steps')).toEqual([{ status: 'running', attempts: 1, error: '{"message":"boom"}' }]);
    expect(await sql(t, 'SELECT attempt, status, logs FROM attempts')).toEqual([{ attempt: 1, status: 'failed', logs: '["l1"]' }]);
    // Second attempt succeeds, the run ends; the steps row carries the final values.
    const [job2] = await runs.claimJobs('me', 3_000, 1_000, 10);
    const done = [rec(4, { type: 'step.succeeded', stepId: 'h#1', nodeId: 'h', attempt: 2, output: { ok: true }, port: 'out', input: { q: 2 }, startedAt: 3_000 }), rec(5, { type: 'run.succeeded', output: { ok: true } })];
    await runs.commit({ type: 'transition', runId: 'r1', workflowId: WF, expectedVersion: 2, writes: writes('r1', done, { doneJobId: job2.id, state: state('r1', { status: 'succeeded', seq: 5, output: { ok: true }, endedAt: 3_010 } as Partial<RunState>) }) });
    expect(await runs.getRun('r1')).toMatchObject({ stateVersion: 3, status: 'succeeded' });
    expect(await sql(t, 'SELECT status, attempts, input, output, error, ended_at AS "endedAt" FROM steps')).toEqual([{ status: 'succeeded', attempts: 2, input: '{"q":2}', output: '{"ok":true}', error: null, endedAt: 1_004 }]);
    expect(await sql(t, 'SELECT COUNT(*) AS n FROM jobs')).toEqual([{ n: 0 }]);
    expect((await runs.eventsAfter('r1', 0)).map((r) => r.type)).toEqual(['run.started', 'step.activated', 'step.retrying', 'step.succeeded', 'run.succeeded']);
  });

  it('hands an ended child run to its parent with a childDone job', async () => {
    const { t, runs } = await open();
    await insert(runs, 'p');
    await insert(runs, 'c', [rec(1, { type: 'run.started', input: {} })], {}, { parentRunId: 'p', parentStepId: 'sub#1' });
    // No parent given with the writes: the store looks it up.
    await runs.commit({ type: 'transition', runId: 'c', workflowId: WF, expectedVersion: 1, writes: writes('c', [rec(2, { type: 'run.succeeded', output: 7 })], { state: state('c', { status: 'succeeded', output: 7 }) }) });
    const [row] = await sql(t, 'SELECT kind, run_id AS "runId", step_id AS "stepId", payload FROM jobs');
    expect(row).toMatchObject({ kind: 'childDone', runId: 'p', stepId: 'done:c' });
    expect(JSON.parse(row.payload as string)).toMatchObject({ stepId: 'sub#1', childRunId: 'c', status: 'succeeded', output: 7 });
  });

  it('refuses items of one group commit one by one: the others commit, a refused one writes nothing (its guards included)', async () => {
    const { t, runs } = await open();
    for (const id of ['a', 'b', 'c']) await insert(runs, id);
    const next = (id: string, seq: number) => writes(id, [rec(seq, { type: 'step.activated', stepId: `x#${seq}`, nodeId: 'x', edgeId: null })]);
    const results = await Promise.allSettled([
      runs.commit({ type: 'transition', runId: 'a', workflowId: WF, expectedVersion: 1, writes: next('a', 2), guards: [audit('a')] }),
      // A decision on a task that is not open: refused after its guard wrote an audit row and its run row was updated.
      runs.commit({ type: 'transition', runId: 'b', workflowId: WF, expectedVersion: 1, writes: { ...next('b', 2), effects: [{ type: 'closeTask', taskId: 'no-task', status: 'completed', outcome: 'ok', by: 'u' }] as TransitionWrites['effects'] }, guards: [audit('b')] }),
      runs.commit({ type: 'transition', runId: 'c', workflowId: WF, expectedVersion: 7, writes: next('c', 2) }),
      runs.commit({ type: 'insert', meta: { id: 'd', workflowId: WF, version: 1, input: {}, startedBy: 't', trigger: 'manual' }, writes: writes('d', [rec(1, { type: 'run.started', input: {} })]), guards: [audit('d')] }),
      runs.commit({ type: 'insert', meta: { id: 'a', workflowId: WF, version: 1, input: {}, startedBy: 't', trigger: 'manual' }, writes: writes('a', [rec(1, { type: 'run.started', input: {} })]) }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TaskClosedError);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(StaleStateError);
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(RunExistsError);
    expect((await runs.getRun('a'))!.stateVersion).toBe(2);
    expect((await runs.getRun('b'))!.stateVersion).toBe(1);
    expect((await runs.getRun('c'))!.stateVersion).toBe(1);
    expect(await runs.runExists('d')).toBe(true);
    expect((await sql(t, 'SELECT target_id AS "targetId" FROM audit_log ORDER BY target_id')).map((r) => r.targetId)).toEqual(['a', 'd']);
    expect((await sql(t, 'SELECT run_id AS "runId" FROM steps ORDER BY run_id')).map((r) => r.runId)).toEqual(['a']);
  });

  it('decides the tasks of one group commit together: an accepted decision writes its approval, audit and closed task; a refused or stale one writes nothing', async () => {
    const { t, runs } = await open();
    const task = { title: 'Approve', description: '', assignee: 'sam', form: [], outcomes: [{ id: 'ok', label: 'OK' }], context: null };
    const ids = ['p', 'q', 's', 'u'];
    // Created together: one group.
    await Promise.all(ids.map((id) => insert(runs, id, undefined, { effects: [{ type: 'createTask', taskId: `tk_${id}`, stepId: 'u#1', nodeId: 'u', task }] as unknown as TransitionWrites['effects'] })));
    expect((await sql(t, `SELECT id FROM tasks WHERE status = 'open' ORDER BY id`)).map((r) => r.id)).toEqual(['tk_p', 'tk_q', 'tk_s', 'tk_u']);
    const seen: Record<string, string | null> = {};
    const decide = (id: string, by: string, refuse = false) => ({
      type: 'taskDecision' as const,
      taskId: `tk_${id}`,
      by,
      outcome: 'ok',
      decide: (snap: { task: { runId: string; status: string } | null; approvals: number }) => {
        seen[id] = snap.task ? `${snap.task.runId}:${snap.task.status}:${snap.approvals}` : null;
        if (refuse) throw new Error(`refused ${id}`);
        return { data: '{"ok":1}', at: 60, audit: [{ actor: by, action: 'task.complete' as const, targetType: 'task', targetId: `tk_${id}`, at: 60 }] };
      },
    });
    const close = (id: string, by: string) => writes(id, [rec(2, { type: 'run.succeeded', output: 1 })], { state: state(id, { status: 'succeeded', seq: 2 }), effects: [{ type: 'closeTask', taskId: `tk_${id}`, status: 'completed', outcome: 'ok', data: {}, by }] as TransitionWrites['effects'] });
    const results = await Promise.allSettled([
      runs.commit({ type: 'transition', runId: 'p', workflowId: WF, expectedVersion: 1, writes: close('p', 'sam'), guards: [decide('p', 'sam')] }),
      runs.commit({ type: 'transition', runId: 'q', workflowId: WF, expectedVersion: 1, writes: close('q', 'sam'), guards: [decide('q', 'sam', true)] }),
      runs.commit({ type: 'transition', runId: 's', workflowId: WF, expectedVersion: 9, writes: close('s', 'sam'), guards: [decide('s', 'sam')] }),
      // A decision on another run's task is refused.
      runs.commit({ type: 'transition', runId: 'u', workflowId: WF, expectedVersion: 1, writes: close('u', 'sam'), guards: [{ ...decide('p', 'ann'), taskId: 'tk_p' }] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'refused q' });
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(StaleStateError);
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/belongs to run p, not u/);
    expect(seen.q).toBe('q:open:0');
    expect((await sql(t, `SELECT id FROM tasks WHERE status = 'completed'`)).map((r) => r.id)).toEqual(['tk_p']);
    expect(await sql(t, 'SELECT task_id AS "taskId", "by", data FROM task_approvals')).toEqual([{ taskId: 'tk_p', by: 'sam', data: '{"ok":1}' }]);
    expect((await sql(t, 'SELECT target_id AS "targetId" FROM audit_log')).map((r) => r.targetId)).toEqual(['tk_p']);
    expect(await Promise.all(ids.map(async (id) => (await runs.getRun(id))!.status))).toEqual(['succeeded', 'running', 'running', 'running']);
  });

  it('writes inbox rows: creates a task, escalates it to a group (audited), closes it once', async () => {
    const { t, runs } = await open();
    const task = { title: 'Approve', description: 'd', assignee: 'sam', form: [], outcomes: [{ id: 'ok', label: 'OK' }], context: { a: 1 }, candidateUsers: ['sam'], candidateGroups: [], priority: 'high', dueAt: 9_000, requiredApprovals: 2, starterMayNotApprove: true, escalationGroup: 'ops', escalation: 'reassign' };
    await insert(runs, 'r', undefined, { effects: [{ type: 'createTask', taskId: 'tk1', stepId: 'u#1', nodeId: 'u', task }] as unknown as TransitionWrites['effects'] });
    expect(await sql(t, 'SELECT status, assignee, priority, due_at AS "dueAt", required_approvals AS "req", starter_may_not_approve AS "starter", escalation_group AS "eg", context FROM tasks')).toEqual([
      { status: 'open', assignee: 'sam', priority: 'high', dueAt: 9_000, req: 2, starter: 1, eg: 'ops', context: '{"a":1}' },
    ]);
    const escalate = [{ type: 'escalateTask', taskId: 'tk1', stepId: 'u#1', mode: 'reassign', reassignTo: 'ops' }] as unknown as TransitionWrites['effects'];
    await runs.commit({ type: 'transition', runId: 'r', workflowId: WF, expectedVersion: 1, writes: writes('r', [], { effects: escalate }) });
    expect(await sql(t, 'SELECT assignee, candidate_users AS "cu", candidate_groups AS "cg", escalated_at AS "at" FROM tasks')).toEqual([{ assignee: '', cu: '[]', cg: '["ops"]', at: 2_000 }]);
    const [entry] = await sql(t, 'SELECT actor, action, target_id AS "targetId", details FROM audit_log');
    expect(entry).toMatchObject({ actor: 'system', action: 'task.escalated', targetId: 'tk1' });
    expect(JSON.parse(entry.details as string)).toEqual({ runId: 'r', stepId: 'u#1', mode: 'reassign', to: { candidateGroups: ['ops'] }, from: { assignee: 'sam', candidateUsers: ['sam'], candidateGroups: [], claimedBy: null } });
    const close = [{ type: 'closeTask', taskId: 'tk1', status: 'completed', outcome: 'ok', data: { n: 1 }, by: 'sam' }] as unknown as TransitionWrites['effects'];
    await runs.commit({ type: 'transition', runId: 'r', workflowId: WF, expectedVersion: 2, writes: writes('r', [], { effects: close }) });
    expect(await sql(t, 'SELECT status, outcome, data, completed_by AS "by" FROM tasks')).toEqual([{ status: 'completed', outcome: 'ok', data: '{"n":1}', by: 'sam' }]);
    await expect(runs.commit({ type: 'transition', runId: 'r', workflowId: WF, expectedVersion: 3, writes: writes('r', [], { effects: close }) })).rejects.toBeInstanceOf(TaskClosedError);
    expect((await runs.getRun('r'))!.stateVersion).toBe(3);
  });

  it('rolls back a write set the database refuses (a missing workflow) alone', async () => {
    const { runs } = await open();
    await insert(runs, 'a');
    const results = await Promise.allSettled([
      runs.commit({ type: 'insert', meta: { id: 'orphan', workflowId: 'wf_missing', version: 1, input: {}, startedBy: 't', trigger: 'manual' }, writes: writes('orphan', [rec(1, { type: 'run.started', input: {} })]) }),
      runs.commit({ type: 'transition', runId: 'a', workflowId: WF, expectedVersion: 1, writes: writes('a', [rec(2, { type: 'step.activated', stepId: 'x#1', nodeId: 'x', edgeId: null })]) }),
      insert(runs, 'b'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(await runs.runExists('orphan')).toBe(false);
    expect((await runs.getRun('a'))!.stateVersion).toBe(2);
    expect(await runs.runExists('b')).toBe(true);
  });

  it('leases jobs: one owner at a time, extended by its owner, taken over once expired, deleted once done', async () => {
    const { t, runs } = await open();
    const effects = [1, 2, 3].map((i) => ({ type: 'execute', stepId: `s#${i}`, nodeId: 's', attempt: 1, dueAt: 1_000 * i })) as TransitionWrites['effects'];
    await insert(runs, 'r', undefined, { effects });
    expect(await runs.nextDueAt()).toBe(1_000);
    expect(await runs.claimJobs('A', 500, 1_000, 10)).toEqual([]);
    const a = await runs.claimJobs('A', 2_000, 1_000, 10);
    expect(a.map((j) => j.stepId)).toEqual(['s#1', 's#2']);
    expect(await runs.claimJobs('B', 2_500, 1_000, 10)).toEqual([]);
    expect(await runs.nextDueAt()).toBe(3_000); // s#1 and s#2 leased until 3,000; s#3 due at 3,000
    expect(await runs.extendLease(a[0].id, 'A', 10_000)).toBe(true);
    expect(await runs.extendLease(a[0].id, 'B', 20_000)).toBe(false);
    // Expired leases (s#2) are taken over; s#1's extended lease holds.
    const b = await runs.claimJobs('B', 3_500, 1_000, 10);
    expect(b.map((j) => j.stepId)).toEqual(['s#2', 's#3']);
    await runs.deleteJob(b[0].id);
    expect((await sql(t, 'SELECT step_id AS "stepId", lease_owner AS "owner" FROM jobs ORDER BY step_id'))).toEqual([
      { stepId: 's#1', owner: 'A' },
      { stepId: 's#3', owner: 'B' },
    ]);
    expect(await runs.extendLease(b[0].id, 'B', 9_000)).toBe(false); // gone
    // A restarted embedded process takes the dead one's leases at once; on PostgreSQL other processes' leases stay theirs.
    const freed = await runs.releaseForeignLeases('C');
    expect(freed).toBe(dialect === 'sqlite' ? 2 : 0);
  });
});

describe('run store on postgres, several processes', () => {
  it('gives concurrent claimers disjoint jobs', async () => {
    const t = await openTestStorage('postgres');
    const other = pgStorage(createPgPool(t.url!, { max: 5, applicationName: 'baton-tests-2' }));
    try {
      await seedWorkflow(t);
      const effects = Array.from({ length: 300 }, (_, i) => ({ type: 'execute', stepId: `s#${i}`, nodeId: 's', attempt: 1, dueAt: 1_000 })) as TransitionWrites['effects'];
      await insert(t.storage.runs, 'r', undefined, { effects });
      const claimer = async (runs: RunStorePort, owner: string) => {
        const got: number[] = [];
        for (;;) {
          const jobs = await runs.claimJobs(owner, 2_000, 60_000, 7);
          if (!jobs.length) return got;
          got.push(...jobs.map((j) => j.id));
        }
      };
      const results = await Promise.all([claimer(t.storage.runs, 'A1'), claimer(t.storage.runs, 'A2'), claimer(other.runs, 'B1'), claimer(other.runs, 'B2')]);
      const all = results.flat();
      expect(all).toHaveLength(300);
      expect(new Set(all).size).toBe(300);
      expect(results.filter((r) => r.length > 0).length).toBeGreaterThan(1);
    } finally {
      await other.close();
      await t.close();
    }
  });
});
