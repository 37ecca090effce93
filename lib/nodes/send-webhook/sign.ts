/**
 * Webhook signatures. The signed text is `<timestamp>.<body>`: the Unix time in
 * seconds sent as `X-Baton-Timestamp`, a dot, and the exact request body. The
 * signature header (`X-Baton-Signature` unless the credential names another) carries
 * `sha256=<lower-case hex HMAC-SHA256 of the signed text, keyed with the secret>`.
 * A receiver recomputes it, compares in constant time, and rejects old timestamps
 * (replays).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header value `sha256=<hex>` for `body` sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** Checks a received signature header in constant time. */
export function verifyWebhook(secret: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
