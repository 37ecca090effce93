/**
 * Bounded reads of a big run (100,002 steps, ~300,000 log records) on a real SQLite
 * file, written through the storage layer: cursor pages return every step exactly
 * once in activation order (ties on `started_at` included), log pages every record
 * once in `seq` order, pages stop at their byte budget, the overlay and the
 * expression scope read by primary key, and bad cursors and limits are 400s naming
 * the parameter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '@/tests/helpers/app';
import { writeBigRun, type BigRun } from '@/tests/helpers/big-run';
import { AppError } from '../errors';

let t: TestApp;
let big: BigRun;
let fat: BigRun;

beforeAll(async () => {
  t = openTestApp('reads');
  big = await writeBigRun(t.app, { iterations: 50_000 });
  fat = await writeBigRun(t.app, { iterations: 300, outputBytes: 20_000, name: 'Fat outputs' });
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('step pages', () => {
  it('the run read carries the summary, the first page and a cursor, not the whole run', async () => {
    const r = await t.app.runs.get(big.runId);
    expect(r.status).toBe('succeeded');
    expect(r.stepCount).toBe(100_002);
    expect(r.lastSeq).toBe(big.lastSeq);
    expect(r.steps.map((s) => s.stepId)).toEqual(big.stepIds.slice(0, 100));
    expect(r.nextCursor).toEqual(expect.any(String));
    expect((await t.app.runs.get(big.runId, { limit: 3 })).steps.map((s) => s.stepId)).toEqual(['start#1', 'work#1', 'loop#1']);
  });

  it('following nextCursor returns every step exactly once, in activation order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const p = await t.app.runs.steps(big.runId, { cursor, limit: 500 });
      expect(p.steps.length).toBeGreaterThan(0);
      expect(p.steps.length).toBeLessThanOrEqual(500);
      seen.push(...p.steps.map((s) => s.stepId));
      pages++;
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(pages).toBe(Math.ceil(100_002 / 500));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(big.stepIds);
  });

  it('a page stops at its byte budget but always moves forward', async () => {
    const p = await t.app.storage.runReads.stepsPage(fat.runId, null, 500, 100_000);
    expect(p.steps.length).toBeGreaterThanOrEqual(4);
    expect(p.steps.length).toBeLessThan(10);
    expect(JSON.stringify(p.steps).length).toBeLessThan(100_000 + 25_000);
    const one = await t.app.storage.runReads.stepsPage(fat.runId, p.next, 500, 10);
    expect(one.steps).toHaveLength(1);
    expect(one.next).not.toBeNull();
    // Default budget (1 MiB): 300 outputs of 20 kB do not fit in one page.
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.app.runs.steps(fat.runId, { cursor, limit: 500 });
      expect(JSON.stringify(page).length).toBeLessThan(1.1 * 1024 * 1024);
      all.push(...page.steps.map((s) => s.stepId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toEqual(fat.stepIds);
  });

  it('bad cursors and limits are bad requests naming the parameter', async () => {
    const issue = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return { kind: (err as AppError).kind, path: (err as AppError).issues[0]?.path };
      }
      throw new Error('no error');
    };
    expect(await issue(() => t.app.runs.steps(big.runId, { cursor: 'not-a-cursor' }))).toEqual({ kind: 'bad_request', path: ['cursor'] });
    expect(await issue(() => t.app.runs.steps(big.runId, { cursor: Buffer.from('s1:x:1').toString('base64url') }))).toEqual({ kind: 'bad_request', path: ['cursor'] });
    expect(await issue(() => t.app.runs.steps(big.runId, { limit: 501 }))).toEqual({ kind: 'bad_request', path: ['limit'] });
    expect(await issue(() => t.app.runs.steps(big.runId, { limit: 0 }))).toEqual({ kind: 'bad_request', path: ['limit'] });
    expect(await issue(() => t.app.runs.eventsPage(big.runId, { limit: 1001 }))).toEqual({ kind: 'bad_request', path: ['limit'] });
    expect(await issue(() => t.app.runs.eventsPage(big.runId, { after: -1 }))).toEqual({ kind: 'bad_request', path: ['after'] });
    expect(await issue(() => t.app.runs.steps('run_nope'))).toEqual({ kind: 'not_found', path: ['runId'] });
  });
});

describe('log pages', () => {
  it('following nextAfter returns every record exactly once, in seq order', async () => {
    let after = 0;
    let count = 0;
    for (;;) {
      const p = await t.app.runs.eventsPage(big.runId, { after, limit: 1000 });
      for (const r of p.events) {
        expect(r.seq).toBe(after + 1);
        after = r.seq;
        count++;
      }
      if (p.nextAfter === null) break;
      expect(p.nextAfter).toBe(after);
    }
    expect(count).toBe(big.lastSeq);
  });

  it('starts inside the segment that holds the next record', async () => {
    const mid = Math.floor(big.lastSeq / 2) + 17;
    const p = await t.app.runs.eventsPage(big.runId, { after: mid, limit: 5 });
    expect(p.events.map((r) => r.seq)).toEqual([mid + 1, mid + 2, mid + 3, mid + 4, mid + 5]);
    expect(await t.app.runs.eventsPage(big.runId, { after: big.lastSeq })).toEqual({ events: [], nextAfter: null });
  });

  it('a page stops at its byte budget', async () => {
    const p = await t.app.storage.runReads.eventsPage(fat.runId, 0, 1000, 200_000);
    expect(p.more).toBe(true);
    expect(JSON.stringify(p.events).length).toBeLessThan(200_000 + 21_000);
  });
});

describe('overlay and expression scope', () => {
  it('the latest step of each node, from the activation counts', async () => {
    const n = await t.app.runs.nodes(big.runId);
    expect(n.lastSeq).toBe(big.lastSeq);
    expect(Object.fromEntries(n.nodes.map((x) => [x.nodeId, [x.stepId, x.status, x.activations]]))).toEqual({
      start: ['start#1', 'succeeded', 1],
      work: ['work#50000', 'succeeded', 50_000],
      loop: ['loop#50000', 'succeeded', 50_000],
      done: ['done#1', 'succeeded', 1],
    });
  });

  it('the scope holds the latest output per node and stays within its byte limit', async () => {
    const s = (await t.app.expressions.scope(big.workflowId, big.runId))!;
    expect(s.scope.steps.work).toEqual({ output: { i: 50_000, pad: '' } });
    expect(s.scope.steps.loop).toEqual({ output: { branch: 'default' } });
    expect(Object.keys(s.scope.steps).sort()).toEqual(['done', 'loop', 'start', 'work']);
    expect(s.omitted).toEqual([]);
    const bounded = await t.app.storage.runReads.latestOutputs(fat.runId, { start: 1, work: 300, loop: 300, done: 1 }, 5_000);
    expect(bounded.omitted).toEqual(['work']);
    expect([...bounded.steps.keys()].sort()).toEqual(['done', 'loop', 'start']);
  });
});
