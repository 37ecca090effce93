/**
 * Cron helpers shared by the designer (validation, next fire times in the side panel)
 * and the server's scheduler. Pure: every function takes the reference time.
 *
 * Patterns have 5 fields (`min hour day month weekday`) or 6 (a leading seconds
 * field), read by croner (https://croner.56k.guru) in an IANA time zone.
 */
import { Cron } from 'croner';

/** Most fire times {@link fireTimesBetween} counts before it stops (a missed window of a per-second schedule). */
export const MAX_COUNTED_FIRES = 10_000;

/**
 * Checks an IANA time zone name (e.g. `Europe/Berlin`, `UTC`).
 * @returns null when valid, else a message for the user.
 */
export function timeZoneError(tz: string): string | null {
  if (!tz.trim()) return 'Time zone is required (an IANA name such as Europe/Berlin or UTC)';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return null;
  } catch {
    return `"${tz}" is not a known time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC`;
  }
}

/** croner's messages start with its class name; keep what the user needs. */
function cleanCronMessage(message: string): string {
  return message.replace(/^Cron(Pattern|Date)?:\s*/i, '').replace(/\.$/, '');
}

function build(pattern: string, tz: string): Cron {
  return new Cron(pattern.trim(), { timezone: tz, paused: true, mode: '5-or-6-parts' });
}

/**
 * Checks a cron pattern (5 or 6 fields) in a time zone.
 * @returns null when valid and it fires at least once in the future, else a message for the user.
 */
export function cronError(pattern: string, tz: string, now: number = Date.now()): string | null {
  if (!pattern.trim()) return 'Cron expression is required, e.g. "0 9 * * 1-5" (09:00 on weekdays)';
  const zone = timeZoneError(tz);
  if (zone) return zone;
  let cron: Cron;
  try {
    cron = build(pattern, tz);
  } catch (err) {
    return `Cron expression "${pattern.trim()}" is not valid: ${cleanCronMessage(err instanceof Error ? err.message : String(err))}`;
  }
  try {
    if (!cron.nextRun(new Date(now))) return `Cron expression "${pattern.trim()}" never fires again`;
  } catch (err) {
    return cleanCronMessage(err instanceof Error ? err.message : String(err));
  }
  return null;
}

/**
 * The next `n` fire times strictly after `after` (epoch ms), as epoch ms.
 * @throws Error when the pattern or zone is invalid (check with {@link cronError} first).
 */
export function nextFireTimes(pattern: string, tz: string, after: number, n = 1): number[] {
  return build(pattern, tz)
    .nextRuns(n, new Date(after))
    .map((d) => d.getTime());
}

/** The first fire time strictly after `after` (epoch ms), or null when the pattern never fires again. */
export function nextFireTime(pattern: string, tz: string, after: number): number | null {
  return nextFireTimes(pattern, tz, after, 1)[0] ?? null;
}

/**
 * Fire times in `[from, to]` (epoch ms, both inclusive), counted up to
 * {@link MAX_COUNTED_FIRES}. `last` is the latest of them (null when none).
 */
export function fireTimesBetween(pattern: string, tz: string, from: number, to: number): { count: number; last: number | null } {
  const cron = build(pattern, tz);
  let count = 0;
  let last: number | null = null;
  // nextRun is exclusive, so start 1 ms before `from` to include it.
  let t: Date | null = new Date(from - 1);
  while (count < MAX_COUNTED_FIRES) {
    t = cron.nextRun(t);
    if (!t || t.getTime() > to) break;
    count++;
    last = t.getTime();
  }
  return { count, last };
}

/**
 * Formats an instant in a time zone for people: `Mon 23 Nov 2026, 09:00:00 CET`.
 */
export function formatInZone(at: number, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tz,
    weekday: 'short',
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(at));
}
