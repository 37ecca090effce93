/**
 * The time a step took, over all its attempts: from when its token arrived (the first
 * attempt starts then; retries and waits for a person count) to when it finished, or to
 * `now` while it still runs or waits. Shared by the run canvas, the steps list and the
 * step details so they agree. Pure: `now` (epoch ms) is passed in.
 */
import type { StepRun } from './types';

export interface StepSpan {
  /** Start of the first attempt (token arrival), epoch ms. */
  start: number;
  /** End of the last attempt, or null while the step runs or waits. */
  end: number | null;
  /** end − start, or now − start while live. */
  ms: number;
  /** Still running or waiting (the duration ticks). */
  live: boolean;
  /** Attempts so far (at least 1 once started). */
  attempts: number;
}

export function stepSpan(s: Pick<StepRun, 'activatedAt' | 'startedAt' | 'endedAt' | 'status' | 'attempts' | 'failures'>, now: number): StepSpan {
  const start = Math.min(s.activatedAt, s.startedAt ?? s.activatedAt);
  const live = s.endedAt === null && (s.status === 'running' || s.status === 'waiting');
  const end = s.endedAt ?? (live ? null : (s.startedAt ?? start));
  return { start, end, ms: Math.max(0, (end ?? now) - start), live, attempts: Math.max(s.attempts, s.failures.length + (live ? 1 : 0), 1) };
}
