/**
 * The router statistics port (`ports/routers.ts`) on both backends: choices and outcomes
 * written by the `routerDecisions` commit guard with a run's write set (an outcome is
 * recorded once; a refused write set records nothing), and history reads (window,
 * newest first, counts, the newest unfinished choice, bounds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestStorage, type TestStorage } from '@/tests/helpers/backends';
import { exec } from '@/tests/helpers/storage-sql';
import type { RunLogRecord, RunState } from '@/lib/engine/types';
import { StaleStateError } from './ports/run-store';
import type { RouterChoice, RouterDecisionsGuard, RouterOutcome } from './ports/routers';

const WF = 'wf_routed';
const state = (runId: string, seq: number) =>
  ({ runId, status: 'running', seq, activations: {}, live: {}, forks: {}, nextFork: 0, vars: {}, output: null, error: null, startedAt: 1_000, endedAt: null }) as unknown as RunState;
const started = { seq: 1, at: 1_001, type: 'run.started', input: {} } as unknown as RunLogRecord;
const choice = (runId: string, candidate: string, chosenAt: number, stepId = 'route#1'): RouterChoice => ({ runId, stepId, workflowId: WF, nodeId: 'route', candidate, chosenAt });
const outcome = (runId: string, ok: boolean, endedAt: number, durationMs = 10, stepId = 'route#1'): RouterOutcome => ({ runId, stepId, ok, durationMs, endedAt });
const guard = (chose: RouterChoice[], ended: RouterOutcome[] = []): RouterDecisionsGuard => ({ type: 'routerDecisions', chose, ended });

describe.each(DIALECTS)('router store on %s', (dialect) => {
  let t: TestStorage | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  async function open() {
    t = await openTestStorage(dialect);
    await exec(t, `INSERT INTO workflows (id, name, description, draft, draft_revision, latest_version, created_at, updated_at) VALUES (?, 'r', '', '{}', 1, 1, 1, 1)`, [WF]);
    await exec(t, `INSERT INTO workflow_versions (workflow_id, version, document, created_at, created_by, note) VALUES (?, 1, '{}', 1, 'test', '')`, [WF]);
    return t.storage;
  }

  /** Inserts run `id` with its first write set and `g`; then a transition at version 1 with `ended`. */
  async function runWith(s: Awaited<ReturnType<typeof open>>, id: string, g: RouterDecisionsGuard, ended?: RouterDecisionsGuard) {
    await s.runs.commit({ type: 'insert', meta: { id, workflowId: WF, version: 1, input: {}, startedBy: 'test', trigger: 'manual' }, writes: { state: state(id, 1), log: [started], effects: [], at: 1_001 }, guards: [g] });
    if (ended) {
      const log = [{ seq: 2, at: 1_002, type: 'run.succeeded', output: null } as unknown as RunLogRecord];
      await s.runs.commit({ type: 'transition', runId: id, workflowId: WF, expectedVersion: 1, writes: { state: { ...state(id, 2), status: 'succeeded' }, log, effects: [], at: 1_002 }, guards: [ended] });
    }
  }

  it('records a choice with its run and its outcome with the transition that ended the branch, once', async () => {
    const s = await open();
    await runWith(s, 'r1', guard([choice('r1', 'a', 100)]), guard([], [outcome('r1', true, 150, 50)]));
    let h = await s.routers.history(WF, 'route', ['a', 'b'], 10);
    expect(h.a).toEqual({ recent: [{ ok: true, durationMs: 50, endedAt: 150 }], chosen: 1, pendingSince: null });
    expect(h.b).toEqual({ recent: [], chosen: 0, pendingSince: null });

    // A second outcome for the same choice (a replayed guard) changes nothing; a repeated choice neither.
    await s.runs.commit({
      type: 'transition',
      runId: 'r1',
      workflowId: WF,
      expectedVersion: 2,
      writes: { state: { ...state('r1', 3), status: 'succeeded' }, log: [{ seq: 3, at: 1_003, type: 'run.succeeded', output: 1 } as unknown as RunLogRecord], effects: [], at: 1_003 },
      guards: [guard([choice('r1', 'b', 900)], [outcome('r1', false, 999, 7)])],
    });
    h = await s.routers.history(WF, 'route', ['a', 'b'], 10);
    expect(h.a!.recent).toEqual([{ ok: true, durationMs: 50, endedAt: 150 }]);
    expect(h.b!.chosen).toBe(0);
  });

  it('writes nothing of a refused write set', async () => {
    const s = await open();
    await runWith(s, 'r1', guard([choice('r1', 'a', 100)]));
    const stale = s.runs.commit({
      type: 'transition',
      runId: 'r1',
      workflowId: WF,
      expectedVersion: 7,
      writes: { state: state('r1', 2), log: [{ seq: 2, at: 1_002, type: 'run.succeeded', output: null } as unknown as RunLogRecord], effects: [], at: 1_002 },
      guards: [guard([], [outcome('r1', false, 150)])],
    });
    await expect(stale).rejects.toBeInstanceOf(StaleStateError);
    const h = await s.routers.history(WF, 'route', ['a'], 10);
    expect(h.a).toEqual({ recent: [], chosen: 1, pendingSince: 100 });
  });

  it('reads the last `window` outcomes newest first, all-time counts and the newest unfinished choice', async () => {
    const s = await open();
    for (let i = 1; i <= 6; i++) await runWith(s, `r${i}`, guard([choice(`r${i}`, 'a', i * 100)]), guard([], [outcome(`r${i}`, i % 2 === 0, i * 100 + 40, i)]));
    await runWith(s, 'r7', guard([choice('r7', 'a', 700)]));
    await runWith(s, 'r8', guard([choice('r8', 'a', 800), choice('r8', 'b', 810, 'route#2')]));
    // Another node and another workflow do not count.
    await runWith(s, 'r9', guard([{ ...choice('r9', 'a', 900), nodeId: 'other' }], [outcome('r9', false, 950)]));
    const h = await s.routers.history(WF, 'route', ['a', 'b'], 3);
    expect(h.a!.recent).toEqual([
      { ok: true, durationMs: 6, endedAt: 640 },
      { ok: false, durationMs: 5, endedAt: 540 },
      { ok: true, durationMs: 4, endedAt: 440 },
    ]);
    expect(h.a!.chosen).toBe(8);
    expect(h.a!.pendingSince).toBe(800);
    expect(h.b).toEqual({ recent: [], chosen: 1, pendingSince: 810 });
    expect((await s.routers.history('wf_none', 'route', ['a'], 3)).a).toEqual({ recent: [], chosen: 0, pendingSince: null });
  });

  it('refuses reads outside its bounds', async () => {
    const s = await open();
    await expect(s.routers.history(WF, 'route', ['a'], 0)).rejects.toThrow(RangeError);
    await expect(s.routers.history(WF, 'route', ['a'], 10_001)).rejects.toThrow(/window/);
    await expect(s.routers.history(WF, 'route', Array.from({ length: 51 }, (_, i) => `c${i}`), 10)).rejects.toThrow(/at most 50/);
  });
});
