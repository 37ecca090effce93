/**
 * What a router knows about each candidate: its recent outcomes (read from durable
 * storage by the runner) summarized into success counts, the median branch duration
 * and the circuit breaker's state. Pure; times are epoch ms, durations ms.
 */

/** One finished choice of a candidate: did its branch succeed, how long it took, when it ended. */
export interface Outcome {
  ok: boolean;
  durationMs: number;
  endedAt: number;
}

/** A candidate's history as storage returns it. */
export interface CandidateHistory {
  /** The last `window` finished outcomes, newest first. */
  recent: Outcome[];
  /** Times this candidate was chosen, all time (finished or not). */
  chosen: number;
  /** When the newest choice whose branch has not ended yet was made (epoch ms), or null. */
  pendingSince: number | null;
}

/**
 * Breaker states (the circuit breaker pattern, Nygard, "Release It!", 2007):
 * `closed` lets traffic through; `open` skips the candidate until its cooldown has
 * passed; `halfOpen`: the cooldown passed and one probe run may go through.
 */
export type BreakerState = 'closed' | 'open' | 'halfOpen';

/** A candidate's statistics as a router sees them (and as `router.chose` records them). */
export interface CandidateStats {
  id: string;
  label: string;
  chosen: number;
  succeeded: number;
  failed: number;
  /** Median duration of the window's outcomes, ms; null without outcomes. */
  p50Ms: number | null;
  /** Consecutive failures counted from the newest outcome. */
  failStreak: number;
  breaker: BreakerState;
  /** When an open breaker lets a probe through (epoch ms); null unless open. */
  retryAt: number | null;
}

/** Median of `values` (the lower middle for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * Summarizes a candidate's history. The breaker is open after `failures` consecutive
 * failures until `cooldownMs` after the last of them; then half-open, unless a probe
 * chosen after that failure is still running (and younger than the cooldown: a probe
 * whose run never ended does not block the candidate forever).
 */
export function summarize(id: string, label: string, h: CandidateHistory, breaker: { failures: number; cooldownMs: number }, now: number): CandidateStats {
  let succeeded = 0;
  for (const o of h.recent) if (o.ok) succeeded++;
  let failStreak = 0;
  while (failStreak < h.recent.length && !h.recent[failStreak]!.ok) failStreak++;
  let state: BreakerState = 'closed';
  let retryAt: number | null = null;
  if (failStreak >= breaker.failures) {
    const lastFailure = h.recent[0]!.endedAt;
    const probing = h.pendingSince !== null && h.pendingSince >= lastFailure && now - h.pendingSince < Math.max(breaker.cooldownMs, 1);
    if (now < lastFailure + breaker.cooldownMs || probing) {
      state = 'open';
      retryAt = probing ? h.pendingSince! + Math.max(breaker.cooldownMs, 1) : lastFailure + breaker.cooldownMs;
    } else state = 'halfOpen';
  }
  return {
    id,
    label,
    chosen: h.chosen,
    succeeded,
    failed: h.recent.length - succeeded,
    p50Ms: median(h.recent.map((o) => o.durationMs)),
    failStreak,
    breaker: state,
    retryAt,
  };
}
