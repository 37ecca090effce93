/**
 * Signals between two "processes" (two relays with their own buses) over a real
 * PostgreSQL server: every signal arrives once, in order, also in chunks of many; a
 * relay does not echo its own; a killed listening connection is re-established and
 * reported as a resync.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestPgDatabase, type TestPgDatabase } from '@/tests/helpers/pg';
import { waitFor } from '@/tests/helpers/wait';
import { channels } from './bus';
import { PgRelay } from './pg-relay';

let db: TestPgDatabase | null = null;
const relays: PgRelay[] = [];
afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  await db?.drop();
  db = null;
});

async function relay(origin: string, extra: Partial<ConstructorParameters<typeof PgRelay>[0]> = {}) {
  const target = new EventEmitter();
  const r = new PgRelay({ url: db!.url, origin, target, onError: () => undefined, ...extra });
  await r.start();
  relays.push(r);
  return { r, target };
}

describe('PgRelay (LISTEN/NOTIFY)', () => {
  it('delivers every signal of one process to the other, once and in order, and not back to itself', async () => {
    db = await createTestPgDatabase({ migrate: false });
    let wakes = 0;
    const a = await relay('proc-a');
    const b = await relay('proc-b', { onReceive: () => wakes++ });
    const seenB: number[] = [];
    const statusB: string[] = [];
    const tasksB: string[] = [];
    let echoedA = 0;
    b.target.on(channels.run('run_1'), (seq: number) => seenB.push(seq));
    b.target.on(channels.runs, (runId: string, status: string) => statusB.push(`${runId}:${status}`));
    b.target.on(channels.tasks, (runId: string) => tasksB.push(runId));
    a.target.on(channels.run('run_1'), () => echoedA++);
    // 600 signals in one tick: more than one NOTIFY payload holds.
    for (let seq = 1; seq <= 600; seq++) a.r.publish({ runId: 'run_1', seq, status: seq === 600 ? 'succeeded' : null, tasks: false });
    a.r.publish({ runId: 'run_2', seq: null, status: null, tasks: true });
    await waitFor(() => seenB.length === 600 && tasksB.length === 1, 10_000);
    expect(seenB).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(statusB).toEqual(['run_1:succeeded']);
    expect(tasksB).toEqual(['run_2']);
    expect(b.r.received).toBe(601);
    expect(wakes).toBeGreaterThanOrEqual(1);
    expect(wakes).toBeLessThanOrEqual(5); // one per NOTIFY payload (~18 KB in ≤ 7,500-byte payloads), not one per signal
    await new Promise((r) => setTimeout(r, 200));
    expect(echoedA).toBe(0);
    expect(a.r.received).toBe(0);
  });

  it('listens again after its connection is killed, reports a resync, and receives what is sent after', async () => {
    db = await createTestPgDatabase({ migrate: false });
    let resyncs = 0;
    const a = await relay('proc-a');
    const b = await relay('proc-b', { onResync: () => resyncs++ });
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'baton-relay-listen' AND datname = current_database()`);
      expect(killed.rowCount).toBe(2);
    } finally {
      await admin.end();
    }
    await waitFor(() => resyncs === 1, 10_000);
    const seen: number[] = [];
    b.target.on(channels.run('run_9'), (seq: number) => seen.push(seq));
    a.r.publish({ runId: 'run_9', seq: 7, status: null, tasks: false });
    await waitFor(() => seen.length === 1, 10_000);
    expect(seen).toEqual([7]);
  });
});
