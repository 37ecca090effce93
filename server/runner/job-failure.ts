/**
 * What the runner records when running a job threw (an internal error: a bug, a
 * storage failure, data a recursive walk cannot handle). A job must never be leased
 * again and again for the same failure: the error is logged under an error id, and the
 * job ends by an engine event naming that id — the step fails (its error handling
 * applies), or, when that cannot be recorded either, the run fails; as a last resort the
 * job is deleted. Pure: builds the events, the runner applies them.
 */
import 'server-only';
import type { EngineError, EngineEvent } from '@/lib/engine/types';
import type { AttemptRecord, JobRow } from '../storage/run-store';

/** Error code of a step or run ended by an internal error while its job ran. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** The engine error naming the logged error id (`err_…`); no internal message reaches the run. */
export function internalError(job: JobRow, errorId: string): EngineError {
  return {
    message: `internal error while running step ${job.stepId} (id ${errorId}; details in the server log)`,
    code: INTERNAL_ERROR,
    nodeId: job.nodeId,
    stepId: job.stepId,
    retryable: false,
  };
}

/**
 * The events to try in order for a job that threw (epoch ms `at`): an executed step's
 * attempt fails (`step.failed`, not retried), then the run fails (`run.fail`).
 */
export function failureEvents(job: JobRow, error: EngineError, at: number): { event: EngineEvent; attempt?: AttemptRecord }[] {
  const runFail = { event: { type: 'run.fail', error, at } as EngineEvent };
  if (job.kind !== 'execute') return [runFail];
  const base = { stepId: job.stepId, attempt: job.attempt };
  return [
    {
      event: { type: 'step.failed', ...base, error, random: 0, startedAt: at, at },
      attempt: { ...base, status: 'failed', input: undefined, output: undefined, error, logs: [], startedAt: at, endedAt: at },
    },
    runFail,
  ];
}
