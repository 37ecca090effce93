/**
 * The scheduler on a real SQLite file with an injected clock: registration on
 * publish, firing, the missed-fire policies across a restart, and no double fire
 * with two schedulers (two app instances, two connections) on one database file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type SqliteApp as App } from '../app';
import { doc, edge, node } from '@/tests/helpers/docs';
import { scheduleTriggerConfig } from '@/lib/nodes/schedule-trigger/definition';
import { formatInZone, nextFireTimes } from '@/lib/nodes/schedule-trigger/cron';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-01-05T08:30:00Z'); // a Monday

interface Clock {
  now: number;
}

const opened: { app: App; dir: string }[] = [];

function open(file: string, clock: Clock): App {
  const app = createApp(file, { clock: () => clock.now, seed: false });
  opened.push({ app, dir: path.dirname(file) });
  return app;
}

async function close(app: App) {
  await app.scheduler.stop();
  await app.runner.stop();
  if (app.handle.sqlite.open) app.handle.sqlite.close();
}

afterEach(async () => {
  for (const { app, dir } of opened.splice(0)) {
    await close(app);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function freshFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'baton-schedule-')), 'schedule.db');
}

function scheduled(cron: string, timezone = 'UTC', missedFires: 'fireOnce' | 'skip' = 'fireOnce') {
  return doc('Nightly', [node('tick', 'scheduleTrigger', { cron, timezone, missedFires }), node('done', 'end')], [edge('tick', 'done')]);
}

async function publishNew(app: App, d: ReturnType<typeof scheduled>): Promise<string> {
  const id = await app.workflows.create(d, 'system');
  await app.workflows.publish(id, 'test');
  return id;
}

const runsOf = (app: App, workflowId: string) => app.runs.list({ workflowId });

describe('schedule trigger config', () => {
  it('reports an invalid cron expression or time zone with a clear message', () => {
    const bad = scheduleTriggerConfig.safeParse({ cron: '61 * * * *', timezone: 'UTC' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['cron'] });
    expect(bad.error!.issues[0].message).toMatch(/"61 \* \* \* \*" is not valid: Invalid value for minute: 61/);
    const parts = scheduleTriggerConfig.safeParse({ cron: '* * *', timezone: 'UTC' });
    expect(parts.error!.issues[0].message).toMatch(/five, six, or seven/);
    const zone = scheduleTriggerConfig.safeParse({ cron: '0 9 * * *', timezone: 'Mars/Olympus' });
    expect(zone.error!.issues).toEqual([expect.objectContaining({ path: ['timezone'], message: expect.stringMatching(/"Mars\/Olympus" is not a known time zone/) })]);
    expect(scheduleTriggerConfig.safeParse({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }).success).toBe(true);
  });

  it('computes fire times in the chosen zone, across daylight saving', () => {
    // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer (DST starts 29 March 2026).
    const times = nextFireTimes('0 9 * * *', 'Europe/Berlin', Date.parse('2026-03-27T12:00:00Z'), 3).map((t) => new Date(t).toISOString());
    expect(times).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    expect(formatInZone(Date.parse('2026-03-30T07:00:00Z'), 'Europe/Berlin')).toMatch(/Mon.*30 Mar 2026.*09:00:00/);
  });

  it('refuses to publish a workflow whose schedule is invalid', async () => {
    const clock = { now: T0 };
    const app = open(freshFile(), clock);
    const id = await app.workflows.create(scheduled('0 25 * * *'), 'system');
    await expect(app.workflows.publish(id, 'test')).rejects.toThrow(/Invalid value for hour/);
    expect(await app.triggers.schedule(id)).toBeNull();
  });
});

describe('scheduler', () => {
  it('registers on publish, fires at the fire time once, and moves to the next one', async () => {
    const clock = { now: T0 };
    const app = open(freshFile(), clock);
    const id = await publishNew(app, scheduled('0 9 * * *', 'Europe/Berlin'));
    const row = (await app.triggers.schedule(id))!;
    expect(new Date(row.nextFireAt!).toISOString()).toBe('2026-01-06T08:00:00.000Z'); // 09:00 Berlin, the next day
    expect(row.version).toBe(1);

    expect(await app.scheduler.tick()).toEqual([]);
    clock.now = row.nextFireAt! - 1;
    expect(await app.scheduler.tick()).toEqual([]);

    clock.now = row.nextFireAt! + 250;
    const [outcome] = await app.scheduler.tick();
    expect(outcome).toMatchObject({ workflowId: id, result: 'started' });
    const runs = await runsOf(app, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', startedBy: 'schedule', version: 1 });
    expect((await app.runs.get(runs[0].id)).input).toEqual({ scheduledAt: '2026-01-06T08:00:00.000Z', firedAt: new Date(clock.now).toISOString(), missedFires: 0 });
    const after = (await app.triggers.schedule(id))!;
    expect(new Date(after.nextFireAt!).toISOString()).toBe('2026-01-07T08:00:00.000Z');
    expect(after).toMatchObject({ lastFiredAt: clock.now, lastRunId: runs[0].id, lastError: null });

    // The same instant again: nothing more.
    expect(await app.scheduler.tick()).toEqual([]);
    expect(await runsOf(app, id)).toHaveLength(1);
  });

  it('keeps the next fire time when re-published unchanged, recomputes it when the cron changes, and unregisters', async () => {
    const clock = { now: T0 };
    const app = open(freshFile(), clock);
    const id = await publishNew(app, scheduled('*/15 * * * *'));
    expect((await app.triggers.schedule(id))!.nextFireAt).toBe(T0 + 15 * MIN);
    clock.now = T0 + 5 * MIN;
    await app.workflows.publish(id, 'test'); // same schedule
    expect(await app.triggers.schedule(id)).toMatchObject({ version: 2, nextFireAt: T0 + 15 * MIN });

    await app.workflows.saveDraft(id, scheduled('0 * * * *'), undefined, 'system');
    await app.workflows.publish(id, 'test');
    expect(await app.triggers.schedule(id)).toMatchObject({ version: 3, cron: '0 * * * *', nextFireAt: T0 + 30 * MIN });

    // A version that starts manually has no schedule.
    await app.workflows.saveDraft(id, doc('Manual now', [node('start', 'manualTrigger'), node('done', 'end')], [edge('start', 'done')]), undefined, 'system');
    await app.workflows.publish(id, 'test');
    expect(await app.triggers.schedule(id)).toBeNull();

    const other = await publishNew(app, scheduled('0 * * * *'));
    expect(await app.triggers.schedule(other)).not.toBeNull();
    await app.workflows.delete(other, 'system');
    expect(await app.triggers.schedule(other)).toBeNull();
    clock.now = T0 + 2 * HOUR;
    expect(await app.scheduler.tick()).toEqual([]);
  });

  it('never fires twice: two schedulers on one database file race for every fire', async () => {
    const file = freshFile();
    const clock = { now: T0 };
    const a = open(file, clock);
    const b = open(file, clock);
    const id = await publishNew(a, scheduled('* * * * *'));
    const results: string[] = [];
    for (let i = 1; i <= 6; i++) {
      clock.now = T0 + i * MIN + 10;
      const [ra, rb] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
      // Both saw the same due row; exactly one claim wins.
      expect([...ra, ...rb].map((o) => o.result).sort()).toEqual(['lost', 'started']);
      results.push(...[...ra, ...rb].filter((o) => o.result === 'started').map((o) => o.runId!));
    }
    const runs = await runsOf(b, id);
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => r.id))).toEqual(new Set(results));
    const inputs = (await Promise.all(runs.map(async (r) => ((await a.runs.get(r.id)).input as { scheduledAt: string }).scheduledAt))).sort();
    expect(new Set(inputs).size).toBe(6);
  });

  it('fireOnce: after downtime, one run for the missed window, then back on schedule', async () => {
    const file = freshFile();
    const clock = { now: T0 };
    let app = open(file, clock);
    const id = await publishNew(app, scheduled('0 * * * *')); // hourly; next 09:00Z
    await close(app);

    // Down from 08:30 until 12:20: fires at 09, 10, 11 and 12 were missed.
    clock.now = Date.parse('2026-01-05T12:20:00Z');
    app = open(file, clock);
    const [o] = await app.scheduler.tick();
    expect(o.result).toBe('started');
    const runs = await runsOf(app, id);
    expect(runs).toHaveLength(1);
    expect((await app.runs.get(runs[0].id)).input).toEqual({ scheduledAt: '2026-01-05T12:00:00.000Z', firedAt: '2026-01-05T12:20:00.000Z', missedFires: 3 });
    expect(new Date((await app.triggers.schedule(id))!.nextFireAt!).toISOString()).toBe('2026-01-05T13:00:00.000Z');

    clock.now = Date.parse('2026-01-05T13:00:01Z');
    expect((await app.scheduler.tick()).map((x) => x.result)).toEqual(['started']);
    expect(await runsOf(app, id)).toHaveLength(2);
  });

  it('skip: after downtime, no run for the missed window; a slightly late fire still runs', async () => {
    const file = freshFile();
    const clock = { now: T0 };
    let app = open(file, clock);
    const id = await publishNew(app, scheduled('0 * * * *', 'UTC', 'skip'));
    await close(app);

    clock.now = Date.parse('2026-01-05T12:20:00Z');
    app = open(file, clock);
    expect((await app.scheduler.tick()).map((x) => x.result)).toEqual(['skipped']);
    expect(await runsOf(app, id)).toHaveLength(0);
    expect(new Date((await app.triggers.schedule(id))!.nextFireAt!).toISOString()).toBe('2026-01-05T13:00:00.000Z');

    // Within the grace period (60 s) a fire is on time, not missed.
    clock.now = Date.parse('2026-01-05T13:00:45Z');
    expect((await app.scheduler.tick()).map((x) => x.result)).toEqual(['started']);
    expect(await runsOf(app, id)).toHaveLength(1);
  });

  it('the loop started with the app fires due schedules by itself', async () => {
    const clock = { now: T0 };
    const app = open(freshFile(), clock);
    const id = await publishNew(app, scheduled('*/5 * * * *'));
    clock.now = T0 + 5 * MIN;
    app.scheduler.start();
    const deadline = Date.now() + 5000;
    while ((await runsOf(app, id)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await runsOf(app, id)).toHaveLength(1);
    await app.scheduler.stop();
  });
});
