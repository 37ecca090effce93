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

const REGULAR_ED = new Set(['reject', 'accept', 'confirm', 'grant', 'sign', 'pass', 'block', 'fail', 'abort', 'resolve', 'escalate', 'return', 'request', 'refund', 'ship', 'publish', 'finish', 'complete', 'submit', 'deliver', 'answer', 'check', 'verify', 'review']);
const IRREGULAR: Record<string, string> = { send: 'sent', deny: 'denied', ok: 'OK', yes: 'said yes to', no: 'said no to', go: 'gave the go-ahead', approve: 'approved', decline: 'declined', close: 'closed', cancel: 'cancelled', allow: 'allowed', refuse: 'refused' };

/**
 * How a decision reads in a step line: `Approved by`, `Rejected by`, `Sent by`; an outcome
 * id that is not a verb reads `“false alarm” by`. Starts with a capital letter.
 */
export function decisionPhrase(outcome: string): string {
  const k = outcome.trim().toLowerCase();
  let text: string;
  if (IRREGULAR[k]) text = IRREGULAR[k]!;
  else if (/^[a-z]+ed$/.test(k)) text = k;
  else if (/^[a-z]+$/.test(k) && (REGULAR_ED.has(k) || k.endsWith('e'))) text = REGULAR_ED.has(k) && !k.endsWith('e') ? (k === 'ship' ? 'shipped' : `${k}ed`) : `${k}d`;
  else return `“${outcome.replace(/[_-]+/g, ' ')}” by`;
  return `${text[0]!.toUpperCase()}${text.slice(1)} by`;
}
