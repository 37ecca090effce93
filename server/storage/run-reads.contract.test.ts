/**
 * The run read models (`ports/run-reads.ts`) on both databases: every method returns the
 * same rows in the same order, with the same cursors and the same byte limits. The rows
 * are seeded with plain SQL (the same statements on both), so the reads are checked
 * against known data, not against the writer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import type { RunReadPort } from './ports/run-reads';

/** Runs one statement with `?` placeholders on either database. */
async function exec(t: TestStorage, sql: string, params: unknown[]): Promise<void> {
  if (t.handle) {
    t.handle.sqlite.prepare(sql).run(...params);
    return;
  }
  let n = 0;
  await t.pool!.query(
    sql.replace(/\?/g, () => `$${++n}`),
    params,
  );
}

const rec = (seq: number, extra: Record<string, unknown> = {}) => ({ seq, type: 'step.succeeded', at: 1000 + seq, ...extra });

async function workflow(t: TestStorage, id: string, name: string, opts: { latestVersion?: number; deletedAt?: number | null; draft?: string; revision?: number } = {}) {
  await exec(t, `INSERT INTO workflows (id, name, description, draft, draft_revision, latest_version, created_at, updated_at, deleted_at) VALUES (?, ?, '', ?, ?, ?, 1, 1, ?)`, [
    id,
    name,
    opts.draft ?? '{"nodes":[]}',
    opts.revision ?? 1,
    opts.latestVersion ?? 1,
    opts.deletedAt ?? null,
  ]);
}

async function run(
  t: TestStorage,
  r: { id: string; workflowId: string; version: number | null; status: string; createdAt: number; endedAt?: number | null; input?: string; output?: string | null; error?: string | null; state?: string; startedBy?: string; trigger?: string },
) {
  await exec(
    t,
    `INSERT INTO runs (id, workflow_id, version, status, input, output, error, state, state_version, started_by, trigger, created_at, updated_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    [r.id, r.workflowId, r.version, r.status, r.input ?? '{}', r.output ?? null, r.error ?? null, r.state ?? '{"seq":0,"activations":{}}', r.startedBy ?? 'u1', r.trigger ?? 'manual', r.createdAt, r.createdAt, r.endedAt ?? null],
  );
}

async function step(t: TestStorage, runId: string, s: { stepId: string; status: string; startedAt: number; endedAt?: number | null; input?: string | null; output?: string | null; error?: string | null; attempts?: number }) {
  await exec(t, `INSERT INTO steps (run_id, step_id, node_id, status, attempts, input, output, error, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    runId,
    s.stepId,
    s.stepId.split('#')[0],
    s.status,
    s.attempts ?? 1,
    s.input ?? null,
    s.output ?? null,
    s.error ?? null,
    s.startedAt,
    s.endedAt ?? null,
  ]);
}

async function segment(t: TestStorage, runId: string, records: { seq: number }[]) {
  await exec(t, `INSERT INTO run_events (run_id, seq, last_seq, type, at, data) VALUES (?, ?, ?, 'segment', 1, ?)`, [runId, records[0].seq, records[records.length - 1].seq, JSON.stringify(records)]);
}

/**
 * Two workflows (one deleted), four runs (a tie on `created_at`, a test run), six steps of
 * `run_1` (a tie on `started_at`, a running latest activation, a failed one), attempts, and
 * three log segments of `run_1` plus forty one-record segments of `run_5`.
 */
async function seed(t: TestStorage): Promise<void> {
  await workflow(t, 'wf_a', 'Alpha', { latestVersion: 2, draft: '{"x":1}', revision: 3 });
  await workflow(t, 'wf_d', 'Gone', { deletedAt: 5 });
  await run(t, {
    id: 'run_1',
    workflowId: 'wf_a',
    version: 1,
    status: 'succeeded',
    createdAt: 1000,
    endedAt: 1500,
    input: '{"a":1}',
    output: '{"ok":true}',
    state: '{"seq":7,"activations":{"start":1,"work":3,"gate":2},"live":{}}',
  });
  await run(t, { id: 'run_2', workflowId: 'wf_a', version: null, status: 'failed', createdAt: 2000, error: '{"code":"X"}' });
  await run(t, { id: 'run_3', workflowId: 'wf_a', version: 2, status: 'running', createdAt: 2000, trigger: 'webhook' });
  await run(t, { id: 'run_4', workflowId: 'wf_d', version: 1, status: 'waiting', createdAt: 3000 });
  await run(t, { id: 'run_5', workflowId: 'wf_a', version: 1, status: 'running', createdAt: 500 });
  await step(t, 'run_1', { stepId: 'start#1', status: 'succeeded', startedAt: 100, endedAt: 110, output: '{"n":1}' });
  // Same start time as work#1 but inserted first: it comes first in activation order.
  await step(t, 'run_1', { stepId: 'work#2', status: 'succeeded', startedAt: 200, endedAt: 260, output: '{"n":2}' });
  await step(t, 'run_1', { stepId: 'work#1', status: 'succeeded', startedAt: 200, endedAt: 250, output: '{"n":3}' });
  await step(t, 'run_1', { stepId: 'work#3', status: 'running', startedAt: 300, input: JSON.stringify({ big: 'x'.repeat(5000) }), attempts: 2 });
  await step(t, 'run_1', { stepId: 'gate#1', status: 'succeeded', startedAt: 400, endedAt: 410, output: '{"n":5}' });
  await step(t, 'run_1', { stepId: 'gate#2', status: 'failed', startedAt: 500, endedAt: 510, error: '{"code":"E"}' });
  await step(t, 'run_3', { stepId: 'start#1', status: 'succeeded', startedAt: 150, endedAt: 160, output: '{}' });
  await exec(t, `INSERT INTO attempts (run_id, step_id, attempt, status, input, output, error, logs, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ['run_1', 'work#3', 2, 'failed', '{"i":2}', null, '{"code":"T"}', null, 320, 330]);
  await exec(t, `INSERT INTO attempts (run_id, step_id, attempt, status, input, output, error, logs, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ['run_1', 'work#3', 1, 'failed', '{"i":1}', null, '{"code":"T"}', '["tried"]', 300, 310]);
  await segment(t, 'run_1', [rec(1), rec(2), rec(3)]);
  await segment(t, 'run_1', [rec(4, { pad: 'y'.repeat(3000) })]);
  await segment(t, 'run_1', [rec(5), rec(6), rec(7)]);
  for (let s = 1; s <= 40; s++) await segment(t, 'run_5', [rec(s)]);
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const stepIds = (rows: { stepId: string }[]) => rows.map((r) => r.stepId);
const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);

describe.each(DIALECTS)('run reads on %s', (dialect) => {
  let t: TestStorage | null = null;
  let reads: RunReadPort;
  afterEach(async () => {
    await t?.close();
    t = null;
  });
  const open = async () => {
    t = await openTestStorage(dialect);
    await seed(t);
    reads = t.storage.runReads;
  };

  it('reads a workflow head, a draft, whether a run exists and when it was created', async () => {
    await open();
    expect(await reads.workflowHead('wf_a')).toEqual({ id: 'wf_a', name: 'Alpha', latestVersion: 2, deletedAt: null });
    expect(await reads.workflowHead('wf_d')).toEqual({ id: 'wf_d', name: 'Gone', latestVersion: 1, deletedAt: 5 });
    expect(await reads.workflowHead('nope')).toBeNull();
    expect(await reads.draftSource('wf_a')).toEqual({ name: 'Alpha', draft: '{"x":1}', revision: 3 });
    expect(await reads.draftSource('wf_d')).toBeNull();
    expect(await reads.runExists('run_1')).toBe(true);
    expect(await reads.runExists('nope')).toBe(false);
    expect(await reads.createdAt('run_3')).toBe(2000);
    expect(await reads.createdAt('nope')).toBeNull();
  });

  it('lists runs newest first (ties by id), filtered and limited', async () => {
    await open();
    expect(ids(await reads.listRuns({ limit: 100 }))).toEqual(['run_4', 'run_3', 'run_2', 'run_1', 'run_5']);
    expect(ids(await reads.listRuns({ limit: 2 }))).toEqual(['run_4', 'run_3']);
    expect(ids(await reads.listRuns({ workflowId: 'wf_a', limit: 100 }))).toEqual(['run_3', 'run_2', 'run_1', 'run_5']);
    expect(ids(await reads.listRuns({ kind: 'test', limit: 100 }))).toEqual(['run_2']);
    expect(ids(await reads.listRuns({ kind: 'published', limit: 100 }))).toEqual(['run_4', 'run_3', 'run_1', 'run_5']);
    expect(ids(await reads.listRuns({ status: 'running', limit: 100 }))).toEqual(['run_3', 'run_5']);
    expect(ids(await reads.listRuns({ before: 2000, limit: 100 }))).toEqual(['run_1', 'run_5']);
    expect(ids(await reads.listRuns({ workflowId: 'wf_a', kind: 'published', status: 'running', before: 3000, limit: 1 }))).toEqual(['run_3']);
    const [r2] = await reads.listRuns({ kind: 'test', limit: 1 });
    expect(r2).toEqual({ id: 'run_2', workflowId: 'wf_a', workflowName: 'Alpha', version: null, draft: true, status: 'failed', startedBy: 'u1', trigger: 'manual', createdAt: 2000, endedAt: null, error: { code: 'X' } });
  });

  it('reads a run detail with its last sequence number and activation counts', async () => {
    await open();
    expect(await reads.runDetail('run_1')).toEqual({
      id: 'run_1',
      workflowId: 'wf_a',
      workflowName: 'Alpha',
      version: 1,
      draft: false,
      status: 'succeeded',
      startedBy: 'u1',
      trigger: 'manual',
      createdAt: 1000,
      endedAt: 1500,
      error: null,
      input: { a: 1 },
      output: { ok: true },
      lastSeq: 7,
      activations: { start: 1, work: 3, gate: 2 },
    });
    expect(await reads.runDetail('nope')).toBeNull();
  });

  it('pages steps in activation order (ties by insertion) with the same cursors', async () => {
    await open();
    const all = await reads.stepsPage('run_1', null, 100);
    expect(stepIds(all.steps)).toEqual(['start#1', 'work#2', 'work#1', 'work#3', 'gate#1', 'gate#2']);
    expect(all.next).toBeNull();
    expect(all.steps[0]).toEqual({ stepId: 'start#1', nodeId: 'start', status: 'succeeded', attempts: 1, input: null, output: { n: 1 }, error: null, startedAt: 100, endedAt: 110 });
    const p1 = await reads.stepsPage('run_1', null, 2);
    expect(stepIds(p1.steps)).toEqual(['start#1', 'work#2']);
    expect(p1.next).toEqual({ startedAt: 200, rowId: 2 });
    const p2 = await reads.stepsPage('run_1', p1.next, 2);
    expect(stepIds(p2.steps)).toEqual(['work#1', 'work#3']);
    expect(p2.next).toEqual({ startedAt: 300, rowId: 4 });
    const p3 = await reads.stepsPage('run_1', p2.next, 2);
    expect(stepIds(p3.steps)).toEqual(['gate#1', 'gate#2']);
    expect(p3.next).toBeNull();
    expect(stepIds((await reads.stepsPage('run_3', null, 10)).steps)).toEqual(['start#1']);
    expect(await reads.stepsPage('nope', null, 10)).toEqual({ steps: [], next: null });
  });

  it('pages a run of many steps (tied start times) the same way, page after page', async () => {
    await open();
    const db = t!;
    for (let i = 1; i <= 150; i++) await step(db, 'run_5', { stepId: `s#${i}`, status: 'succeeded', startedAt: 1000 + Math.floor(i / 3), endedAt: 2000, output: `{"i":${i}}` });
    const seen: string[] = [];
    const cursors: unknown[] = [];
    let after: Awaited<ReturnType<RunReadPort['stepsPage']>>['next'] = null;
    do {
      const p = await reads.stepsPage('run_5', after, 70);
      seen.push(...stepIds(p.steps));
      cursors.push(p.next);
      after = p.next;
    } while (after);
    expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => `s#${i + 1}`));
    // Row ids count on from the seven steps seeded before.
    expect(cursors).toEqual([{ startedAt: 1000 + Math.floor(70 / 3), rowId: 7 + 70 }, { startedAt: 1000 + Math.floor(140 / 3), rowId: 7 + 140 }, null]);
  });

  it('stops a step page at its byte budget, always moving forward', async () => {
    await open();
    // Each small step counts 160 bytes plus its JSON (7 characters here): two fit in 400.
    const p = await reads.stepsPage('run_1', null, 100, 400);
    expect(stepIds(p.steps)).toEqual(['start#1', 'work#2']);
    expect(p.next).toEqual({ startedAt: 200, rowId: 2 });
    const big = await reads.stepsPage('run_1', { startedAt: 200, rowId: 3 }, 100, 10);
    expect(stepIds(big.steps)).toEqual(['work#3']);
    expect(big.next).toEqual({ startedAt: 300, rowId: 4 });
  });

  it('reads one step, step statuses in the order asked, and attempts oldest first', async () => {
    await open();
    expect(await reads.step('run_1', 'gate#2')).toEqual({ stepId: 'gate#2', nodeId: 'gate', status: 'failed', attempts: 1, input: null, output: null, error: { code: 'E' }, startedAt: 500, endedAt: 510 });
    expect(await reads.step('run_1', 'nope#1')).toBeNull();
    const st = await reads.stepStatuses('run_1', ['work#3', 'nope#1', 'start#1']);
    expect([...st.keys()]).toEqual(['work#3', 'start#1']);
    expect(st.get('work#3')).toEqual({ stepId: 'work#3', nodeId: 'work', status: 'running', attempts: 2, error: null, startedAt: 300, endedAt: null });
    expect((await reads.stepStatuses('run_1', [])).size).toBe(0);
    expect(await reads.attempts('run_1', 'work#3')).toEqual([
      { attempt: 1, status: 'failed', input: { i: 1 }, output: null, error: { code: 'T' }, logs: ['tried'], startedAt: 300, endedAt: 310 },
      { attempt: 2, status: 'failed', input: { i: 2 }, output: null, error: { code: 'T' }, logs: [], startedAt: 320, endedAt: 330 },
    ]);
    expect(await reads.attempts('run_1', 'start#1')).toEqual([]);
  });

  it('pages log records from inside a segment, across many segments, within a byte budget', async () => {
    await open();
    expect(seqs((await reads.eventsPage('run_1', 0, 100)).events)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect((await reads.eventsPage('run_1', 0, 100)).more).toBe(false);
    expect(await reads.eventsPage('run_1', 2, 3)).toEqual({ events: [rec(3), rec(4, { pad: 'y'.repeat(3000) }), rec(5)], more: true });
    expect(await reads.eventsPage('run_1', 7, 10)).toEqual({ events: [], more: false });
    expect(await reads.eventsPage('nope', 0, 10)).toEqual({ events: [], more: false });
    // Records of segment 1 count at the segment's average size; the large one is measured.
    const tight = await reads.eventsPage('run_1', 0, 100, 150);
    expect(seqs(tight.events)).toEqual([1, 2, 3]);
    expect(tight.more).toBe(true);
    const one = await reads.eventsPage('run_1', 3, 100, 1);
    expect(seqs(one.events)).toEqual([4]);
    expect(one.more).toBe(true);
    // Forty segments: more than one chunk of segments on PostgreSQL.
    expect(seqs((await reads.eventsPage('run_5', 0, 1000)).events)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const seen: number[] = [];
    for (let after = 0, more = true; more; ) {
      const p = await reads.eventsPage('run_5', after, 7);
      seen.push(...seqs(p.events));
      more = p.more;
      after = p.events[p.events.length - 1]?.seq ?? after;
    }
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("reads each node's latest finished output, with a look-back and a byte budget", async () => {
    await open();
    const act = { start: 1, work: 3, gate: 2 };
    const all = await reads.latestOutputs('run_1', act, Infinity, Infinity);
    expect(Object.fromEntries(all.steps)).toEqual({
      start: { output: { n: 1 }, endedAt: 110 },
      work: { output: { n: 2 }, endedAt: 260 },
      gate: { output: { error: { code: 'E' } }, error: { code: 'E' }, endedAt: 510 },
    });
    expect(all.omitted).toEqual([]);
    const near = await reads.latestOutputs('run_1', act, Infinity, 1);
    expect([...near.steps.keys()]).toEqual(['start', 'gate']);
    const bounded = await reads.latestOutputs('run_1', act, 10);
    expect([...bounded.steps.keys()]).toEqual(['start']);
    expect(bounded.omitted).toEqual(['work', 'gate']);
    expect((await reads.latestOutputs('run_1', { missing: 2 }, Infinity)).steps.size).toBe(0);
  });
});
