/**
 * Retry timing (pure). The delay before the next attempt grows exponentially, as in
 * AWS Step Functions' `Retry` (IntervalSeconds × BackoffRate^(n−1), capped by
 * MaxDelaySeconds, with jitter) and Temporal's RetryPolicy. The engine has no
 * randomness: the runner draws `random` and sends it with `step.failed`.
 */
import type { EngineError, RetryPolicy } from './types';

/**
 * Delay in ms before the attempt after `attempt` (1-based):
 * `base = min(maxIntervalMs, initialIntervalMs × backoffFactor^(attempt−1))`, then
 * `base + jitter × base × (2·random − 1)` (so `random` 0.5 means no jitter), floored
 * at 0, raised to `retryAfterMs` when the service asked for longer (HTTP 429
 * `Retry-After`), rounded to whole ms.
 * @param random a draw in [0, 1); out-of-range or non-finite values count as 0.5.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, random = 0.5, retryAfterMs?: number): number {
  const r = Number.isFinite(random) && random >= 0 && random < 1 ? random : 0.5;
  const base = Math.min(policy.maxIntervalMs, policy.initialIntervalMs * Math.pow(policy.backoffFactor, Math.max(0, attempt - 1)));
  const jittered = Math.max(0, base + policy.jitter * base * (2 * r - 1));
  const floor = retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.round(Math.max(jittered, floor));
}

/** True when `error` may be retried under `policy` after attempt `attempt`. */
export function shouldRetry(policy: RetryPolicy | undefined, error: EngineError, attempt: number): policy is RetryPolicy {
  return policy !== undefined && error.retryable === true && attempt < policy.maxAttempts;
}
