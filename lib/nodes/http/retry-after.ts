/**
 * HTTP `Retry-After` (RFC 9110 §10.2.3): either a number of seconds or an
 * HTTP-date. Pure; used by the HTTP executor to tell the retry policy how long the
 * service asked us to wait.
 */

/** Longest wait honoured, ms (1 day): a larger value is capped rather than trusted. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * The wait in ms that `value` asks for, measured from `nowMs` (epoch ms), capped
 * at {@link MAX_RETRY_AFTER_MS}; undefined when the header is absent or invalid.
 * A date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (!Number.isFinite(at)) return undefined;
  return Math.min(Math.max(0, at - nowMs), MAX_RETRY_AFTER_MS);
}
