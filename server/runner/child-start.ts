/**
 * Starting the child run a parent step asked for (sub-workflow, for-each item): the
 * `startChild` job of the durable outbox. A child that cannot start (workflow gone,
 * never published, input not valid for its trigger's input fields, nested deeper than
 * `BATON_RUN_MAX_DEPTH` levels below its root run: a workflow calling itself) is reported
 * to the parent as a failed child (`CHILD_NOT_STARTED`), so the parent's error handling applies.
 * Idempotent: a child run that already exists (the job ran before a crash) is not
 * started again, nor one its parent no longer awaits; the job is deleted either way.
 */
import 'server-only';
import { isTerminal } from '@/lib/engine';
import type { Effect, EngineError, EngineEvent, Json, RunState } from '@/lib/engine/types';
import type { FormField } from '@/lib/nodes/fields';
import { validateFormData } from '@/lib/forms/validate';
import type { JobRow, RunStorePort } from '../storage/ports/run-store';
import type { DefinitionCache, LoadedVersion } from './definitions';

/** What starting a child needs from the runner. */
export interface ChildStartDeps {
  store: RunStorePort;
  definitions: DefinitionCache;
  /** Epoch ms. */
  clock: () => number;
  /** Deepest nesting of child runs under a root run (`RunLimits.runDepth`). */
  maxDepth: number;
  /** Applies an event to the job's run and deletes the job. */
  drive: (job: JobRow, event: EngineEvent) => Promise<void>;
  /** Starts a run of a loaded version (the runner's `startRun`). */
  startRun: (
    meta: { id: string; workflowId: string; version: number; input: Json; startedBy: string; trigger: string; parentRunId?: string; parentStepId?: string },
    loaded: LoadedVersion,
  ) => Promise<void>;
}

/** Runs one `startChild` job (see the module docstring). */
export async function startChildRun(deps: ChildStartDeps, job: JobRow, e: Extract<Effect, { type: 'startChild' }>): Promise<void> {
  const { store } = deps;
  const parent = await store.getRun(job.runId);
  if (parent && awaits(parent.state, e) && !(await store.runExists(e.childRunId))) {
    const version = e.version ?? (await store.latestVersion(e.workflowId));
    let loaded: LoadedVersion | null = null;
    let problem: string | null = null;
    const depth = await nestingDepth(store, parent.id, deps.maxDepth);
    if (depth >= deps.maxDepth)
      problem = `sub-workflow "${e.workflowId}" would run ${depth + 1} levels below its root run, more than the ${deps.maxDepth} allowed (BATON_RUN_MAX_DEPTH); does the workflow call itself without end?`;
    else if (!version) problem = `sub-workflow "${e.workflowId}" does not exist or has no published version`;
    else {
      try {
        loaded = await deps.definitions.get(e.workflowId, version);
      } catch {
        problem = `sub-workflow "${e.workflowId}" has no version ${version}`;
      }
    }
    let input: Json = e.input;
    if (loaded) {
      const trigger = loaded.configs.get(loaded.compiled.triggerId) as { inputFields?: FormField[] } | undefined;
      const { errors, value } = validateFormData(trigger?.inputFields ?? [], e.input);
      if (errors.length) problem = `input of sub-workflow "${loaded.doc.name}" is not valid: ${errors.map((x) => x.message).join('; ')}`;
      input = value as Json;
    }
    if (problem || !loaded || !version) {
      const error: EngineError = { message: problem ?? 'sub-workflow cannot start', code: 'CHILD_NOT_STARTED', nodeId: e.nodeId, stepId: e.stepId };
      return deps.drive(job, { type: 'child.completed', stepId: e.stepId, childRunId: e.childRunId, status: 'failed', output: null, error, at: deps.clock() });
    }
    await deps.startRun(
      { id: e.childRunId, workflowId: e.workflowId, version, input, startedBy: `run:${parent.id}`, trigger: 'subworkflow', parentRunId: job.runId, parentStepId: e.stepId },
      loaded,
    );
  }
  await store.deleteJob(job.id);
}

/** How many levels `runId` is below its root run (0 for a root), counted up to `max`. */
async function nestingDepth(store: RunStorePort, runId: string, max: number): Promise<number> {
  let depth = 0;
  for (let id = await store.parentRunId(runId); id !== null && depth < max; id = await store.parentRunId(id)) depth++;
  return depth;
}

/**
 * True while the parent's step still waits for the child: a child whose parent has
 * ended since (e.g. failed with `RUN_QUOTA` in the batch that asked for it) or whose
 * step moved on is not started.
 */
function awaits(state: RunState, e: Extract<Effect, { type: 'startChild' }>): boolean {
  const step = state.live[e.stepId];
  if (!step || isTerminal(state.status)) return false;
  const has = (o: object | undefined) => o !== undefined && Object.prototype.hasOwnProperty.call(o, e.childRunId);
  return step.childRunId === e.childRunId || has(step.map?.running) || has(step.awaiting?.children);
}
