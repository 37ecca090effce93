/**
 * Replay and repeat protection of webhook triggers (pure parts; the handler is
 * `webhook.ts`, the stored receipts `server/storage/ports/triggers.ts` and its implementations).
 *
 * Signed triggers use the Send webhook node's scheme (`lib/nodes/send-webhook/sign.ts`):
 * `X-Baton-Timestamp: <Unix seconds>` and `<signature header>: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<raw body>">`. A request is refused with 401 when the timestamp is
 * missing, malformed, or more than the tolerance away from the server's clock (either
 * way), or when the signature does not match. Signatures over the body alone (without a
 * timestamp, accepted before) are refused: a captured request could be replayed for ever.
 * A signature that already started a run is refused (409) while its timestamp is still
 * inside the window, so a request replayed within those minutes starts nothing either.
 *
 * Any trigger (signed or not) accepts `Idempotency-Key` (1–255 printable ASCII
 * characters): a repeat with the same key within the retention time answers with the
 * first run instead of starting another; the same key with another query string or body
 * is refused (422).
 *
 * Limits (env, read on every request):
 * - `BATON_WEBHOOK_TOLERANCE_S`: largest distance between `X-Baton-Timestamp` and the
 *   server's clock, seconds; default 300, 1–3600.
 * - `BATON_WEBHOOK_IDEMPOTENCY_HOURS`: how long an Idempotency-Key is remembered, hours;
 *   default 24, 1–720.
 */
import { createHash } from 'node:crypto';
import type { Issue } from '../errors';
import { TIMESTAMP_HEADER, verifyWebhook } from '@/lib/nodes/send-webhook/sign';

export const DEFAULT_TOLERANCE_S = 300;
export const MAX_TOLERANCE_S = 3600;
export const DEFAULT_IDEMPOTENCY_HOURS = 24;
export const MAX_IDEMPOTENCY_HOURS = 720;
/** Longest accepted Idempotency-Key, characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** A refused request: the HTTP status, the REST error code, a message and issues naming the header. */
export interface Refusal {
  status: 400 | 401 | 409 | 422;
  code: 'bad_request' | 'unauthorized' | 'conflict' | 'invalid';
  message: string;
  issues: Issue[];
}

function intEnv(value: string | undefined, fallback: number, min: number, max: number): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

/** The replay limits from the environment (out-of-range or malformed values fall back to the defaults). */
export function replayLimits(env: Record<string, string | undefined> = process.env): { toleranceS: number; idempotencyTtlMs: number } {
  return {
    toleranceS: intEnv(env.BATON_WEBHOOK_TOLERANCE_S, DEFAULT_TOLERANCE_S, 1, MAX_TOLERANCE_S),
    idempotencyTtlMs: intEnv(env.BATON_WEBHOOK_IDEMPOTENCY_HOURS, DEFAULT_IDEMPOTENCY_HOURS, 1, MAX_IDEMPOTENCY_HOURS) * 3_600_000,
  };
}

const headerPath = (name: string) => ['headers', name.toLowerCase()];

/**
 * Checks a signed request: timestamp present, an integer of Unix seconds within
 * `toleranceS` of `nowMs`, and the signature over `<timestamp>.<body>`.
 * @returns the accepted signature's hex (the replay key) and its timestamp, or the refusal (401).
 */
export function checkSignedRequest(opts: {
  body: Uint8Array;
  secret: string;
  signatureHeader: string;
  signature: string | null;
  timestamp: string | null;
  nowMs: number;
  toleranceS: number;
}): { ok: true; signature: string; timestampS: number } | { ok: false; refusal: Refusal } {
  const how = `send ${TIMESTAMP_HEADER}: <Unix seconds> and ${opts.signatureHeader}: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`;
  const refuse = (message: string, header: string, issue: string, code: string) => ({
    ok: false as const,
    refusal: { status: 401 as const, code: 'unauthorized' as const, message: `${message}: ${how}`, issues: [{ path: headerPath(header), message: issue, code }] },
  });
  const ts = opts.timestamp?.trim() ?? '';
  if (!ts) return refuse(`missing ${TIMESTAMP_HEADER}`, TIMESTAMP_HEADER, 'required: the signed request’s Unix time in seconds', 'TIMESTAMP_MISSING');
  if (!/^\d{1,12}$/.test(ts)) return refuse(`${TIMESTAMP_HEADER} is not a Unix time in seconds`, TIMESTAMP_HEADER, 'must be whole seconds since 1970', 'TIMESTAMP_INVALID');
  const timestampS = Number(ts);
  const skewS = timestampS - opts.nowMs / 1000;
  if (Math.abs(skewS) > opts.toleranceS) {
    const when = skewS < 0 ? `${Math.round(-skewS)} s old` : `${Math.round(skewS)} s in the future`;
    return refuse(`${TIMESTAMP_HEADER} is ${when}; at most ${opts.toleranceS} s either way is accepted (sign each delivery when it is sent)`, TIMESTAMP_HEADER, `outside the ${opts.toleranceS} s window`, 'TIMESTAMP_OUTSIDE_WINDOW');
  }
  const given = opts.signature?.trim() ?? '';
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(given);
  if (!m || !verifyWebhook(opts.secret, timestampS, opts.body, given))
    return refuse(given ? 'wrong signature' : `missing ${opts.signatureHeader}`, opts.signatureHeader, 'signature does not match', 'SIGNATURE_MISMATCH');
  return { ok: true, signature: m[1].toLowerCase(), timestampS };
}

/** The refusal of a signature that already started a run (a replay inside the window). */
export function replayedRefusal(signatureHeader: string, runId: string): Refusal {
  return {
    status: 409,
    code: 'conflict',
    message: `this signed request was already received (it started run ${runId}); a replay starts nothing. Sign each delivery with its own ${TIMESTAMP_HEADER}, and send ${IDEMPOTENCY_HEADER} to retry safely`,
    issues: [{ path: headerPath(signatureHeader), message: 'signature already used', code: 'SIGNATURE_REPLAYED' }],
  };
}

/**
 * Reads the `Idempotency-Key` header.
 * @returns the key, null when the header is absent, or the refusal (400) of a malformed key.
 */
export function parseIdempotencyKey(header: string | null): { key: string | null } | { refusal: Refusal } {
  if (header === null) return { key: null };
  const key = header.trim();
  if (key.length >= 1 && key.length <= MAX_IDEMPOTENCY_KEY_LENGTH && /^[\x20-\x7e]+$/.test(key)) return { key };
  return {
    refusal: {
      status: 400,
      code: 'bad_request',
      message: `${IDEMPOTENCY_HEADER} must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters (e.g. a UUID)`,
      issues: [{ path: headerPath(IDEMPOTENCY_HEADER), message: `1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`, code: 'IDEMPOTENCY_KEY_INVALID' }],
    },
  };
}

/** The refusal of a key that was first used with another request. */
export function keyReusedRefusal(runId: string): Refusal {
  return {
    status: 422,
    code: 'invalid',
    message: `${IDEMPOTENCY_HEADER} was already used with a different request (query string or body) that started run ${runId}; use a new key for a new request`,
    issues: [{ path: headerPath(IDEMPOTENCY_HEADER), message: 'reused with a different request', code: 'IDEMPOTENCY_KEY_REUSED' }],
  };
}

/** Hex SHA-256 identifying a request for its Idempotency-Key: the query string (`?a=1` or '') and the body bytes. */
export function requestHash(search: string, body: Uint8Array): string {
  return createHash('sha256').update(search, 'utf8').update('\n').update(body).digest('hex');
}
