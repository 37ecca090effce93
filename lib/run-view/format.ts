/** Small pure formatters shared by the runs list, the run view and the inbox. */
import type { Json } from '../engine/types';

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

/** `just now`, `42 s ago`, `5 min ago`, `3 h ago`, `2 d ago`; future times read `in …`. */
export function relativeTime(at: number, now: number): string {
  const d = now - at;
  const abs = Math.abs(d);
  if (abs < 5_000) return 'just now';
  let text: string;
  if (abs < 60_000) text = `${Math.floor(abs / 1000)} s`;
  else if (abs < 3_600_000) text = `${Math.floor(abs / 60_000)} min`;
  else if (abs < 86_400_000) text = `${Math.floor(abs / 3_600_000)} h`;
  else text = `${Math.floor(abs / 86_400_000)} d`;
  return d >= 0 ? `${text} ago` : `in ${text}`;
}

/** Absolute local date and time, for tooltips. */
export function absoluteTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** One line of JSON, cut at `max` characters with an ellipsis (for step rows and tables). */
export function summarize(value: Json | undefined, max = 80): string {
  if (value === undefined) return '';
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    text = String(value);
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** Up to two initials of a name or id (`Sam Chen` → `SC`, `priya` → `PR`). */
export function initials(name: string): string {
  const parts = name.trim().split(/[\s._-]+/).filter(Boolean);
  if (parts.length === 0) return '?';
  if (parts.length === 1) return parts[0]!.slice(0, 2).toUpperCase();
  return (parts[0]![0]! + parts[parts.length - 1]![0]!).toUpperCase();
}

/** Tone of an outcome button from its id: approve-like ids are positive, reject-like ids negative. */
export function outcomeTone(id: string): 'positive' | 'negative' | 'neutral' {
  const k = id.toLowerCase();
  if (/^(approve|approved|accept|accepted|ok|yes|confirm|confirmed|allow|go|pass|grant|sign)/.test(k)) return 'positive';
  if (/^(reject|rejected|decline|declined|deny|denied|no|refuse|refused|cancel|block|fail|abort)/.test(k)) return 'negative';
  return 'neutral';
}

/**
 * An error message without the node name executors and the engine put in front of
 * it (`HTTP request "Charge" (charge) HTTP 500 …` → `HTTP 500 …`), for places that
 * already say which node failed. Messages without such a prefix are returned as is.
 */
export function errorWithoutNode(message: string): string {
  const m = /^[A-Z][\w -]{0,40} "[^"]{1,200}"(?: \([A-Za-z_][A-Za-z0-9_]*\))?:?\s+([^(\s][\s\S]*)$/.exec(message);
  return m ? m[1]! : message;
}
