/** Small pure formatters shared by the runs list, the run view and the inbox. */
import type { Json } from '../engine/types';

export { formatDuration, relativeTime, formatDateTime as absoluteTime } from '../util/time';

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
