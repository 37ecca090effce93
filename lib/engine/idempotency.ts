/**
 * Idempotency keys. Every step gets a stable key, `<runId>:<stepId>`: the same for
 * every attempt of the step and for a re-execution after a crash, so a receiver
 * that de-duplicates by key (HTTP `Idempotency-Key`, Stripe style) applies the
 * step's side effect at most once. A step activated again (a loop, a retry from
 * failure) is a new step (`<nodeId>#<n+1>`) with a new key.
 */
export function idempotencyKey(runId: string, stepId: string): string {
  return `${runId}:${stepId}`;
}
