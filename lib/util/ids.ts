/**
 * Identifiers with a readable prefix.
 * - {@link newId}: short random ids, e.g. `wf_k3j9x0a1b2c3` (platform CSPRNG).
 * - {@link newSortableId}: time-ordered ids for rows created at a high rate (runs,
 *   tasks), e.g. `run_01jd3k7w9q8v5n2m4c6b1x0z7y` — a ULID (48-bit ms timestamp +
 *   80 random bits, monotonic within a millisecond; spec: github.com/ulid/spec),
 *   lower-cased. New rows land at the right edge of every B-tree keyed by them, so a
 *   commit dirties a few pages instead of one random page per index.
 */
import { monotonicFactory } from 'ulid';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(prefix: string, length = 14): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${s}`;
}

const ulid = monotonicFactory();

/** A time-ordered unique id `<prefix>_<ulid in lower case>` (26 characters after the prefix). */
export function newSortableId(prefix: string): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
