/**
 * Writes a big finished run straight through the storage port (`app.storage.runs.commit`:
 * an `insert` item, then `transition` items, as the runner does), without executing it: a published
 * loop workflow `start → work → loop ⟲ work … → done` and one run of it that went
 * round `iterations` times, i.e. `2 + 2 × iterations` steps and about three log
 * records per step, committed in write sets of about {@link BATCH} records. Times
 * advance 1 ms every {@link TIE} steps, so many steps share a `started_at` (pages
 * must break ties). Each `work` output carries `outputBytes` characters of padding.
 *
 * Returns the ids and every step id in activation order.
 */
import type { App } from '@/server/app';
import type { Json, RunLogRecord, RunState } from '@/lib/engine/types';
import { newSortableId } from '@/lib/util/ids';
import { doc, edge, node } from './docs';
import { publish } from './app';

/** Log records per committed write set. */
const BATCH = 6000;
/** Steps per millisecond of the synthetic clock. */
const TIE = 7;

export interface BigRun {
  runId: string;
  workflowId: string;
  /** Step ids in activation order. */
  stepIds: string[];
  /** `seq` of the last log record. */
  lastSeq: number;
}

export async function writeBigRun(app: App, opts: { iterations: number; outputBytes?: number; name?: string }): Promise<BigRun> {
  const edges = { toWork: edge('start', 'work'), toLoop: edge('work', 'loop'), again: edge('loop', 'work', 'again'), out: edge('loop', 'done', 'default') };
  const workflowId = await publish(
    app,
    doc(
      opts.name ?? 'Big loop',
      [
        { ...node('start', 'manualTrigger'), position: { x: 0, y: 80 } },
        { ...node('work', 'transform', { expression: '{ "i": $count($steps) }' }), label: 'Work', position: { x: 260, y: 80 } },
        { ...node('loop', 'exclusiveGateway', { branches: [{ id: 'again', label: 'Again', condition: 'true' }] }), label: 'Again?', position: { x: 520, y: 80 } },
        { ...node('done', 'end', { output: '$steps.work.output' }), label: 'Done', position: { x: 780, y: 80 } },
      ],
      [edges.toWork, edges.toLoop, edges.again, edges.out],
    ),
  );
  const runId = newSortableId('run');
  const t0 = Date.now() - 3_600_000;
  const pad = 'x'.repeat(opts.outputBytes ?? 0);
  const stepIds: string[] = [];
  let seq = 0;
  let at = t0;
  const tick = () => {
    if (stepIds.length % TIE === 0) at += 1;
    return at;
  };
  const state: RunState = { runId, status: 'running', seq: 0, activations: {}, live: {}, forks: {}, nextFork: 0, vars: {}, output: null, error: null, startedAt: t0, endedAt: null };
  let log: RunLogRecord[] = [];
  const rec = (r: Record<string, unknown>) => log.push({ seq: ++seq, at, ...r } as unknown as RunLogRecord);
  const step = (nodeId: string, edgeId: string | null, output: Json, port: string | null, next: string | null) => {
    const n = (state.activations[nodeId] ?? 0) + 1;
    state.activations[nodeId] = n;
    const stepId = `${nodeId}#${n}`;
    stepIds.push(stepId);
    tick();
    rec({ type: 'step.activated', stepId, nodeId, edgeId });
    rec({ type: 'step.succeeded', stepId, nodeId, attempt: 1, output, port, input: null, startedAt: at });
    if (next) rec({ type: 'edge.taken', edgeId: next, fromStepId: stepId });
  };
  rec({ type: 'run.started', input: {} });
  step('start', null, {}, 'out', edges.toWork.id);
  let stateVersion = 1;
  const commit = async (first: boolean) => {
    state.seq = seq;
    const writes = { state: JSON.parse(JSON.stringify(state)) as RunState, log, effects: [], at };
    log = [];
    if (first) await app.storage.runs.commit({ type: 'insert', meta: { id: runId, workflowId, version: 1, input: {}, startedBy: 'test', trigger: 'manual' }, writes });
    else await app.storage.runs.commit({ type: 'transition', runId, workflowId, expectedVersion: stateVersion++, writes });
  };
  await commit(true);
  for (let i = 1; i <= opts.iterations; i++) {
    step('work', i === 1 ? edges.toWork.id : edges.again.id, { i, pad }, 'out', edges.toLoop.id);
    const last = i === opts.iterations;
    step('loop', edges.toLoop.id, { branch: last ? 'default' : 'again' }, last ? 'default' : 'again', last ? edges.out.id : edges.again.id);
    if (log.length >= BATCH) await commit(false);
  }
  step('done', edges.out.id, { i: opts.iterations }, null, null);
  state.status = 'succeeded';
  state.output = { i: opts.iterations };
  state.endedAt = at;
  rec({ type: 'run.succeeded', output: { i: opts.iterations } });
  await commit(false);
  return { runId, workflowId, stepIds, lastSeq: seq };
}
