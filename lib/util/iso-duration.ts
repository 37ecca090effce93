/**
 * A small strict ISO 8601 duration parser (ISO 8601-1:2019 §5.5.2, the
 * `PnYnMnWnDTnHnMnS` format; RFC 3339 Appendix A). Written here rather than taken
 * from npm because it is ~60 lines and the project installs no new dependencies
 * for it; `iso8601-duration` or `tinyduration` would do the same.
 *
 * Accepted: `P` followed by at least one component, in order, each a whole number
 * (only seconds may have a fraction, `.` or `,`, up to 3 digits = ms): `P3D`,
 * `PT5M`, `PT1.5S`, `P1Y2M10DT2H30M`, `P2W`. Rejected: empty `P`/`PT`, negative or
 * signed values, lowercase, spaces, the alternative `PYYYY-MM-DD` format.
 * Years and months are calendar units: they are added to the start time in UTC,
 * clamping to the month's last day (Jan 31 + P1M = Feb 28/29), like java.time.
 * Weeks are 7 days, days 24 h (UTC has no daylight saving).
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  /** May have a fraction (ms precision). */
  seconds: number;
}

const PATTERN = /^P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9})(?:[.,](\d{1,3}))?S)?)?$/;

/** Latest time a duration may reach: year 9999 (epoch ms). */
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Parses `text` or returns why it is not a duration (a sentence for the person
 * who typed it).
 */
export function parseIsoDuration(text: string): { ok: true; value: IsoDuration } | { ok: false; error: string } {
  const m = PATTERN.exec(text);
  const hint = 'use ISO 8601, e.g. PT30M (30 minutes), P2D (2 days), P1DT12H';
  if (!m || text === 'P' || text.endsWith('T')) return { ok: false, error: `"${clip(text)}" is not an ISO 8601 duration; ${hint}` };
  if (m.slice(1).every((g) => g === undefined)) return { ok: false, error: `"${clip(text)}" has no components; ${hint}` };
  const n = (g: string | undefined) => (g === undefined ? 0 : Number(g));
  const seconds = n(m[7]) + (m[8] ? Number(`0.${m[8]}`) : 0);
  return { ok: true, value: { years: n(m[1]), months: n(m[2]), weeks: n(m[3]), days: n(m[4]), hours: n(m[5]), minutes: n(m[6]), seconds } };
}

/**
 * The time `duration` after `startMs` (epoch ms), or an error when the result
 * would pass year 9999.
 */
export function addIsoDuration(startMs: number, duration: IsoDuration): { ok: true; value: number } | { ok: false; error: string } {
  const start = new Date(startMs);
  let t = startMs;
  if (duration.years || duration.months) {
    const totalMonths = start.getUTCMonth() + duration.months + 12 * duration.years;
    const year = start.getUTCFullYear() + Math.floor(totalMonths / 12);
    const month = totalMonths % 12;
    if (year > 9999) return { ok: false, error: 'the duration reaches past the year 9999' };
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const day = Math.min(start.getUTCDate(), lastDay);
    t = Date.UTC(year, month, day, start.getUTCHours(), start.getUTCMinutes(), start.getUTCSeconds(), start.getUTCMilliseconds());
  }
  t += ((duration.weeks * 7 + duration.days) * 24 + duration.hours) * 3_600_000 + duration.minutes * 60_000 + Math.round(duration.seconds * 1000);
  if (!Number.isFinite(t) || t > MAX_TIME) return { ok: false, error: 'the duration reaches past the year 9999' };
  return { ok: true, value: t };
}

/** Why `text` is not a usable duration, or null (for config validation). */
export function isoDurationProblem(text: string): string | null {
  const parsed = parseIsoDuration(text);
  if (!parsed.ok) return parsed.error;
  const added = addIsoDuration(0, parsed.value);
  return added.ok ? null : added.error;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
