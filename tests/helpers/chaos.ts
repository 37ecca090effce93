/**
 * What the chaos tests (SIGKILL under load: `tests/chaos.test.ts` on SQLite, one
 * process; `tests/isolated/pg-chaos.test.ts` on PostgreSQL, three) share:
 *
 * - `chaosWorkflow(targetUrl)`: start → parallel split → { HTTP POST to `/flaky/1` (fails
 *   once per idempotency key, retried), a wait of `$input.waitMs` } → join → exclusive
 *   gateway → user task (when `$input.human`) → end with `{ path, status }`;
 *   `chaosInput(i)` and `expectedOutput(input)`;
 * - `everySecondWorkflow()`: a schedule trigger firing every second → end echoing
 *   `scheduledAt`; `tallyFires(inputs)` checks that the runs it started cover each fire
 *   time exactly once;
 * - `tallyRuns(...)`: the durability counts over the raw rows read after the storm;
 * - `api(...)` and `completeOpenTasks(...)`: REST calls against a test server.
 */
import { doc, edge, node } from './docs';
import { foldLogSegments, type LogSegmentRow } from './log';
import type { RecordedCall } from './http-target';
import type { RunRowRead } from './chaos-reads';

/** Retry policy of the chaos workflow's HTTP step: 4 attempts, 50 ms doubling up to 400 ms, ±20 %. */
export const CHAOS_RETRY = { maxAttempts: 4, initialIntervalMs: 50, backoffFactor: 2, maxIntervalMs: 400, jitter: 0.2 };

/** The input of a chaos run. */
export interface ChaosInput {
  /** Number of the run within its test (0…); lets a test find runs whose start answer was lost. */
  i: number;
  /** How long the wait branch waits, ms (0–2,000). */
  waitMs: number;
  /** Whether the run parks at a user task. */
  human: boolean;
}

export function chaosWorkflow(targetUrl: string, name = 'chaos') {
  return doc(
    name,
    [
      node('start', 'manualTrigger', {
        inputFields: [
          { name: 'i', label: 'Number', type: 'number', required: false, options: '' },
          { name: 'waitMs', label: 'Wait', type: 'number', required: true, options: '' },
          { name: 'human', label: 'Human', type: 'boolean', required: false, options: '' },
        ],
      }),
      node('split', 'parallelSplit'),
      node('call', 'http', { method: 'POST', url: `${targetUrl}/flaky/1`, headers: [], body: '{ "run": $run.id }', timeoutMs: 5000, failOnHttpError: true, retry: CHAOS_RETRY }),
      node('pause', 'wait', { mode: 'until', until: '$millis() + $input.waitMs' }),
      node('join', 'parallelJoin'),
      node('who', 'exclusiveGateway', { branches: [{ id: 'human', label: 'Human', condition: '$input.human = true' }] }),
      node('approve', 'userTask', { title: 'Chaos {{ $run.id }}', outcomes: [{ id: 'ok', label: 'OK' }] }),
      node('byHand', 'end', { output: '{ "path": "human", "status": $steps.call.output.status }' }),
      node('auto', 'end', { output: '{ "path": "auto", "status": $steps.call.output.status }' }),
    ],
    [
      edge('start', 'split'),
      edge('split', 'call'),
      edge('split', 'pause'),
      edge('call', 'join'),
      edge('pause', 'join'),
      edge('join', 'who'),
      edge('who', 'approve', 'human'),
      edge('who', 'auto', 'default'),
      edge('approve', 'byHand', 'ok'),
    ],
  );
}

/** Run `i`'s input: a random wait of 0–2 s; every fifth run waits for a person. */
export function chaosInput(i: number): ChaosInput {
  return { i, waitMs: Math.floor(Math.random() * 2000), human: i % 5 === 0 };
}

/** The output a chaos run must end with, from its own input. */
export function expectedOutput(input: Record<string, unknown>): { path: 'human' | 'auto'; status: 200 } {
  return { path: input.human === true ? 'human' : 'auto', status: 200 };
}

/** A workflow whose schedule trigger fires every second (`missedFires: fireOnce`) and ends with `{ scheduledAt }`. */
export function everySecondWorkflow(name = 'every second') {
  return doc(
    name,
    [node('tick', 'scheduleTrigger', { cron: '* * * * * *', timezone: 'UTC', missedFires: 'fireOnce' }), node('done', 'end', { output: '{ "scheduledAt": $input.scheduledAt }' })],
    [edge('tick', 'done')],
  );
}

/**
 * Fire times covered by scheduled runs of an every-second schedule. A run stands for its
 * `scheduledAt` and the `missedFires` seconds before it (fires folded into one run when the
 * schedulers were late). Every second from the first fire to the last must be covered by
 * exactly one run: `firedTwice` counts fire times covered more than once, `missing` those
 * covered by none.
 */
export function tallyFires(inputs: readonly Record<string, unknown>[]): { runs: number; fireTimes: number; firedTwice: number; missing: number; folded: number } {
  const seen = new Map<number, number>();
  let folded = 0;
  for (const input of inputs) {
    const at = Date.parse(String(input.scheduledAt));
    const missed = Number(input.missedFires ?? 0);
    folded += missed;
    for (let k = 0; k <= missed; k++) seen.set(at - k * 1000, (seen.get(at - k * 1000) ?? 0) + 1);
  }
  const times = [...seen.keys()].sort((a, b) => a - b);
  const firedTwice = [...seen.values()].filter((n) => n > 1).length;
  const missing = times.length ? (times[times.length - 1] - times[0]) / 1000 + 1 - times.length : 0;
  return { runs: inputs.length, fireTimes: times.length, firedTwice, missing, folded };
}

/** Durability counts over the chaos runs' raw rows (see {@link tallyRuns}). */
export interface RunTally {
  /** Runs not succeeded, or succeeded with another output than {@link expectedOutput}. */
  wrongResult: number;
  /** `step.succeeded` records beyond the first of a step. */
  doubleCompletions: number;
  /** Breaks in a run's log sequence (`foldLogSegments`). */
  gaps: number;
  /** Calls of a run's HTTP step that started after the step's result was recorded. */
  reexecutedAfterCommit: number;
  /** `step.succeeded` records checked. */
  stepsChecked: number;
  /** The first few runs with a wrong result (id, status, output, error), for the failure message. */
  wrongExamples: Pick<RunRowRead, 'id' | 'status' | 'output' | 'error'>[];
}

/**
 * Counts, over `runs` (chaos runs only), what must be 0 after any number of crashes.
 * `logs`: each run's segments; `calls`: the HTTP target's recorded calls.
 */
export function tallyRuns(runs: readonly RunRowRead[], logs: Map<string, LogSegmentRow[]>, calls: readonly RecordedCall[]): RunTally {
  const callStarts = new Map<string, number[]>();
  for (const c of calls) if (c.key) callStarts.set(c.key, [...(callStarts.get(c.key) ?? []), c.startedAt]);
  const tally: RunTally = { wrongResult: 0, doubleCompletions: 0, gaps: 0, reexecutedAfterCommit: 0, stepsChecked: 0, wrongExamples: [] };
  for (const r of runs) {
    if (r.status !== 'succeeded' || JSON.stringify(r.output) !== JSON.stringify(expectedOutput(r.input))) {
      tally.wrongResult++;
      if (tally.wrongExamples.length < 5) tally.wrongExamples.push({ id: r.id, status: r.status, output: r.output, error: r.error });
    }
    const log = foldLogSegments(logs.get(r.id) ?? []);
    tally.gaps += log.gaps;
    const done = log.records.filter((e) => e.type === 'step.succeeded');
    tally.doubleCompletions += done.length - new Set(done.map((e) => e.stepId)).size;
    tally.stepsChecked += done.length;
    const callDone = done.find((e) => e.stepId === 'call#1');
    if (callDone) tally.reexecutedAfterCommit += (callStarts.get(`${r.id}:call#1`) ?? []).filter((t) => t > callDone.at).length;
  }
  return tally;
}

/**
 * One REST call with `auth` headers. Resolves to the JSON body.
 * @throws Error with the status and body when the answer is not 2xx (or the process is gone).
 */
export async function api(baseUrl: string, auth: Record<string, string>, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}${url}`, { method, headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/**
 * Lists open tasks through `list()`'s server and completes each (outcome `ok`) through
 * `decide()`'s server (another pick of a live process each time). Failures — the process
 * killed mid-request, the task decided already — are left for the next round.
 * @returns the number of tasks completed.
 */
export async function completeOpenTasks(list: () => string | null, decide: () => string | null, auth: Record<string, string>): Promise<number> {
  const from = list();
  if (!from) return 0;
  let open: { id: string }[];
  try {
    open = (await api(from, auth, 'GET', '/api/v1/tasks?status=open&limit=100')) as { id: string }[];
  } catch {
    return 0; // that process is down
  }
  let completed = 0;
  for (const t of open) {
    const via = decide();
    if (!via) continue;
    try {
      await api(via, auth, 'POST', `/api/v1/tasks/${t.id}/complete`, { outcome: 'ok', data: {} });
      completed++;
    } catch {
      /* killed mid-request or already completed: the next round sees it */
    }
  }
  return completed;
}
