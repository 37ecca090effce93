/**
 * The due time of a wait node (pure; the executor supplies the clock). Kept apart
 * from the executor so it can be tested without the server.
 */
import type { WaitConfig } from './definition';
import { addIsoDuration, parseIsoDuration } from '../../util/iso-duration';

/** Latest due time accepted: year 9999 (epoch ms). */
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * The due time (epoch ms) of `config` for a step starting at `now`; for mode
 * `until`, `untilValue` is the evaluated expression. Returns why not when the value
 * is not a time: an ISO-8601 date-time string with a time zone or `Z`, or a finite
 * number of epoch ms.
 */
export function waitDueAt(config: WaitConfig, now: number, untilValue?: unknown): { ok: true; value: number } | { ok: false; error: string } {
  switch (config.mode) {
    case 'duration': {
      const parsed = parseIsoDuration(config.duration);
      return parsed.ok ? addIsoDuration(now, parsed.value) : parsed;
    }
    case 'milliseconds':
      return Number.isInteger(config.milliseconds) && config.milliseconds >= 0
        ? { ok: true, value: now + config.milliseconds }
        : { ok: false, error: `${String(config.milliseconds)} is not a number of milliseconds` };
    case 'until':
      return timeOf(untilValue);
  }
}

function timeOf(v: unknown): { ok: true; value: number } | { ok: false; error: string } {
  if (typeof v === 'number') {
    return Number.isFinite(v) && v >= 0 && v <= MAX_TIME ? { ok: true, value: Math.round(v) } : { ok: false, error: `${v} is not a time (epoch ms)` };
  }
  if (typeof v === 'string') {
    // Date-times only, with a zone: a bare date or local time would depend on the server's zone.
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v.trim())) {
      const t = Date.parse(v.trim());
      if (Number.isFinite(t) && t <= MAX_TIME) return { ok: true, value: t };
    }
    return { ok: false, error: `"${v.length > 40 ? `${v.slice(0, 37)}...` : v}" is not an ISO-8601 date-time with a time zone (e.g. 2025-06-01T09:00:00Z)` };
  }
  const what = v === null || v === undefined ? 'nothing' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
  return { ok: false, error: `the expression gave ${what}, not a time (an ISO-8601 date-time or epoch ms)` };
}
