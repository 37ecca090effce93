/**
 * Chaos on PostgreSQL with several processes: three Baton processes (`next start`,
 * `BATON_ROLE=all`, one database, one secret key, `BATON_LEASE_MS`=3 s) execute 1,000
 * mixed runs — parallel branches, durable timers of 0–2 s, HTTP retries against a
 * loopback server that fails each call's first attempt, user tasks listed and completed
 * through the REST API of random processes — started through random processes while a
 * schedule trigger fires every second, and a random process is SIGKILLed 30 times at
 * random moments and restarted. At the end, read from the database: every run terminal
 * with its expected output, no step completed twice, no step executed again after its
 * result was recorded, no gap in any run's log sequence, every fire time of the schedule
 * started exactly one run (none twice, none skipped), no job left. The counts are printed.
 *
 * Heavy (three servers and thirty restarts on two cores): it runs in the isolated pass,
 * one file at a time. Needs a production build and PostgreSQL (a missing server fails it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTarget } from '../helpers/http-target';
import { ALLOW_LOOPBACK } from '../helpers/http-server';
import { adminHeaders } from '../helpers/people';
import { startCluster, type Cluster } from '../helpers/cluster';
import { pgRunReads } from '../helpers/chaos-reads';
import { foldLogSegments } from '../helpers/log';
import { api, chaosInput, chaosWorkflow, completeOpenTasks, everySecondWorkflow, tallyFires, tallyRuns, type ChaosInput } from '../helpers/chaos';

const PROCESSES = 3;
const RUNS = 1000;
const KILLS = 30;
/** Short leases, so a killed process's steps are taken over within seconds. */
const LEASE_MS = 3000;
/** Parallel starters and the pause after each start, ms: 1,000 runs spread over about a minute. */
const STARTERS = 2;
const START_PAUSE_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let target: Awaited<ReturnType<typeof startHttpTarget>>;
let cluster: Cluster | null = null;

beforeAll(async () => {
  target = await startHttpTarget({ delayMs: 20 });
});

afterAll(async () => {
  await cluster?.close();
  await target.close();
});

describe('chaos on PostgreSQL with three processes (SIGKILL under load)', () => {
  it(`${RUNS} mixed runs and a schedule survive ${KILLS} kill -9s of random processes`, async () => {
    const t0 = Date.now();
    const c = (cluster = await startCluster(PROCESSES, { BATON_HTTP_ALLOW: ALLOW_LOOPBACK, BATON_LEASE_MS: String(LEASE_MS), BATON_PG_POOL_MAX: '8' }));
    const reads = pgRunReads(c.db.url);
    try {
      const auth = await adminHeaders(c.server(0)!);
      const first = c.server(0)!.baseUrl;
      const { id: chaosId } = await api(first, auth, 'POST', '/api/v1/workflows', chaosWorkflow(target.url, 'chaos on PostgreSQL'));
      await api(first, auth, 'POST', `/api/v1/workflows/${chaosId}/publish`);
      const { id: tickId } = await api(first, auth, 'POST', '/api/v1/workflows', everySecondWorkflow());
      await api(first, auth, 'POST', `/api/v1/workflows/${tickId}/publish`);

      // Starters: each run through a random live process; a start whose answer was lost is
      // sent again (the run may then exist twice: both are checked, by their input).
      const accepted = new Map<string, ChaosInput>();
      let next = 0;
      let startRetries = 0;
      const starter = async () => {
        for (let i = next++; i < RUNS; i = next++) {
          const input = chaosInput(i);
          for (;;) {
            const via = c.pick();
            try {
              if (!via) throw new Error('no process up');
              accepted.set((await api(via, auth, 'POST', `/api/v1/workflows/${chaosId}/runs`, { input })).runId, input);
              break;
            } catch {
              startRetries++;
              await sleep(50);
            }
          }
          await sleep(START_PAUSE_MS);
        }
      };
      let startsDone = false;
      const starting = Promise.all(Array.from({ length: STARTERS }, starter)).then(() => void (startsDone = true));

      // People: open tasks listed through one random process, each completed through another.
      let completedTasks = 0;
      let deciding = true;
      const decider = (async () => {
        while (deciding) {
          completedTasks += await completeOpenTasks(c.pick, c.pick, auth);
          await sleep(100);
        }
      })();

      // Chaos: a random process killed at a random moment, restarted, again — at least KILLS
      // times and until every run has been started.
      let kills = 0;
      let restartMs = 0;
      while (kills < KILLS || !startsDone) {
        await sleep(300 + Math.random() * 1500);
        const victim = Math.floor(Math.random() * PROCESSES);
        await c.crash(victim);
        kills++;
        const restartAt = Date.now();
        await c.restart(victim);
        restartMs += Date.now() - restartAt;
      }
      await starting;
      const stormMs = Date.now() - t0;

      const deadline = Date.now() + 180_000;
      for (let open = await reads.notTerminal(chaosId); open > 0; open = await reads.notTerminal(chaosId)) {
        if (Date.now() > deadline) throw new Error(`${open} runs still not terminal 180 s after the last kill`);
        await sleep(250);
      }
      deciding = false;
      await decider;
      await c.stop();

      const runs = await reads.runs();
      const logs = await reads.logs();
      const chaosRuns = runs.filter((r) => r.workflowId === chaosId);
      const ticks = runs.filter((r) => r.workflowId === tickId);
      for (const [runId, input] of accepted) expect(chaosRuns.find((r) => r.id === runId)?.input).toEqual(input);
      expect(new Set(chaosRuns.map((r) => r.input.i)).size).toBe(RUNS); // every run started (some twice when an answer was lost)
      const tally = tallyRuns(chaosRuns, logs, target.calls);
      const fires = tallyFires(ticks.map((r) => r.input));
      const wrongTicks = ticks.filter((r) => r.status !== 'succeeded' || (r.output as { scheduledAt?: unknown })?.scheduledAt !== r.input.scheduledAt).length;
      const tickGaps = ticks.reduce((n, r) => n + foldLogSegments(logs.get(r.id) ?? []).gaps, 0);
      const jobsLeft = await reads.jobsLeft();
      console.log(
        `chaos on PostgreSQL: ${PROCESSES} processes, ${chaosRuns.length} runs (${RUNS} asked, ${startRetries} starts sent again), ${kills} SIGKILLs in ${Math.round(stormMs / 1000)} s (a restart took ${Math.round(restartMs / kills / 100) / 10} s on average), ` +
          `${tally.stepsChecked} step completions checked, ${completedTasks} tasks completed through the API, ${target.calls.length} HTTP calls; ` +
          `wrong results ${tally.wrongResult}, double completions ${tally.doubleCompletions}, sequence gaps ${tally.gaps + tickGaps}, re-executions after commit ${tally.reexecutedAfterCommit}, ` +
          `schedule: ${fires.runs} runs for ${fires.fireTimes} fire times (${fires.folded} folded into later runs), fired twice ${fires.firedTwice}, missed ${fires.missing}, wrong ${wrongTicks}; jobs left ${jobsLeft}`,
      );
      if (tally.wrongResult) console.log(`wrong results, the first ${tally.wrongExamples.length}: ${JSON.stringify(tally.wrongExamples)}`);
    expect(tally.wrongResult).toBe(0);
      expect(tally.doubleCompletions).toBe(0);
      expect(tally.gaps + tickGaps).toBe(0);
      expect(tally.reexecutedAfterCommit).toBe(0);
      expect(fires.fireTimes).toBeGreaterThanOrEqual(Math.floor(stormMs / 2000)); // the schedule kept firing through the storm
      expect(fires.firedTwice).toBe(0);
      expect(fires.missing).toBe(0);
      expect(wrongTicks).toBe(0);
      expect(jobsLeft).toBe(0);
      expect(kills).toBeGreaterThanOrEqual(KILLS);
    } catch (e) {
      console.error(c.output().slice(-20_000));
      throw e;
    } finally {
      await reads.close();
    }
  }, 900_000);
});
