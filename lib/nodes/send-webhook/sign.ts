/**
 * Webhook signatures, the one scheme Baton uses both ways (the Send webhook node signs
 * what it sends; a Webhook trigger with "Require HMAC signature" checks what it
 * receives). The signed text is `<timestamp>.<body>`: the Unix time in seconds sent as
 * `X-Baton-Timestamp`, a dot, and the exact request body bytes. The signature header
 * (`X-Baton-Signature` unless configured otherwise) carries
 * `sha256=<lower-case hex HMAC-SHA256 of the signed text, keyed with the secret>`.
 * A receiver recomputes it, compares in constant time, and rejects timestamps outside
 * a few minutes of its clock (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The timestamp header, Unix seconds, signed together with the body. */
export const TIMESTAMP_HEADER = 'X-Baton-Timestamp';

/** The header value `sha256=<hex>` for `body` (a UTF-8 string or the raw bytes) sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8');
  if (typeof body === 'string') mac.update(body, 'utf8');
  else mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

/** Checks a received signature header (`sha256=<hex>`, hex in either case) in constant time. */
export function verifyWebhook(secret: string, timestamp: number, body: string | Uint8Array, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const got = Buffer.from(header.trim().replace(/^sha256=([0-9a-fA-F]{64})$/, (_, hex: string) => `sha256=${hex.toLowerCase()}`));
  return expected.length === got.length && timingSafeEqual(expected, got);
}
