/**
 * The one place dates, times and durations are formatted for people, so every page
 * reads alike: `5 Dec 2026, 14:03:07` (date and time), `5 Dec 2026` (date), `14:03:07`
 * (time), `5 min ago` (relative), `2 min 5 s` (duration). Times are shown in the
 * viewer's time zone with a 24-hour clock and English month names, whatever the
 * browser's language, so tables, tooltips and exports agree. Pure: "now" is passed in.
 */

/** A formatter made on first use: building one costs milliseconds, and most pages show no date at first paint. */
function lazyFormat(options: Intl.DateTimeFormatOptions): { format(at: number): string } {
  let f: Intl.DateTimeFormat | undefined;
  return { format: (at) => (f ??= new Intl.DateTimeFormat('en-GB', options)).format(at) };
}

const DATE_TIME = lazyFormat({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const DATE = lazyFormat({ day: 'numeric', month: 'short', year: 'numeric' });
const TIME = lazyFormat({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const DAY_AND_MINUTE = lazyFormat({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `5 Dec 2026, 14:03:07` (`at`: epoch ms). */
export function formatDateTime(at: number): string {
  return DATE_TIME.format(at);
}

/** `5 Dec 2026`. */
export function formatDate(at: number): string {
  return DATE.format(at);
}

/** `14:03:07`. */
export function formatTime(at: number): string {
  return TIME.format(at);
}

/** `14:03:07` on the same day as `now`, else `4 Mar, 10:42`. */
export function clockTime(at: number, now: number): string {
  const d = new Date(at);
  const n = new Date(now);
  if (d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate()) return formatTime(at);
  return DAY_AND_MINUTE.format(at);
}

/** `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`; future times read `in …`; past 30 days, the date. */
export function relativeTime(at: number, now: number): string {
  const d = now - at;
  const abs = Math.abs(d);
  if (abs < 5_000) return 'just now';
  if (abs >= 30 * 86_400_000) return formatDate(at);
  let text: string;
  if (abs < 60_000) text = `${Math.floor(abs / 1000)} s`;
  else if (abs < 3_600_000) text = `${Math.floor(abs / 60_000)} min`;
  else if (abs < 86_400_000) text = `${Math.floor(abs / 3_600_000)} h`;
  else text = `${Math.floor(abs / 86_400_000)} d`;
  return d >= 0 ? `${text} ago` : `in ${text}`;
}

/** `850 ms`, `1.4 s`, `12 s`, `2 min 5 s`, `1 h 3 min`, `2 d 4 h`. Negative or non-finite → `—`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${(Math.floor(s * 10) / 10).toFixed(1)} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.floor(s % 60)} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
