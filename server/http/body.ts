/**
 * Request bodies read under a byte limit while they stream: the one way every route
 * handler that reads a body gets it (tRPC, better-auth's `/api/auth/*`, REST, webhooks,
 * demo endpoints).
 *
 * - {@link readBody}`(req, limitBytes)` counts bytes as they arrive, chunked or not, and
 *   stops reading at the limit ({@link PayloadTooLargeError}); a `Content-Length` over the
 *   limit is refused before anything is read.
 * - {@link limitRequest}`(req, limitBytes, style)` gives a new `Request` re-built from the
 *   bytes read (for libraries that read the body themselves: tRPC, better-auth), or the
 *   413 JSON response to send.
 * - {@link payloadTooLarge}`(error, style)`: that 413 response, with `Connection: close`.
 *   The server answers at once, discards a little more of the upload so the client can
 *   read the answer, then closes the connection: a 200 MB upload costs the server no
 *   more than the limit plus one chunk of memory.
 *
 * Limits (bytes) are in {@link BODY_LIMITS}; the webhook limit is each trigger's own
 * `maxBodyBytes` (at most 1 MiB, `lib/nodes/webhook-trigger/definition.ts`).
 */
import 'server-only';
import { AppError } from '../errors';
import { MAX_BODY_BYTES } from '../rest/schemas';

const KIB = 1024;
const MIB = 1024 * 1024;

/**
 * A positive whole number (bytes, levels, calls) from the environment variable `name`,
 * else `fallback`. A value that is not a positive integer is ignored with a warning (the
 * default applies).
 */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (Number.isSafeInteger(n) && n > 0) return n;
  console.warn(`[baton] ${name}=${JSON.stringify(raw)} is not a positive whole number; using ${fallback}`);
  return fallback;
}

/**
 * Largest request body per route family, bytes. Read once at start-up.
 * - `auth`: better-auth's `/api/auth/*` (sign-in, sign-up, API keys): `BATON_AUTH_BODY_LIMIT`, default 64 KiB.
 * - `trpc`: `/api/trpc` (a workflow document with 2,000 nodes fits well within it): `BATON_TRPC_BODY_LIMIT`, default 8 MiB.
 * - `rest`: `/api/v1/*`: `BATON_REST_BODY_LIMIT`, default 2 MiB.
 * - `demo`: `/api/demo/*`: 64 KiB (not configurable; the demo endpoints take a few fields).
 */
export const BODY_LIMITS = {
  auth: envInt('BATON_AUTH_BODY_LIMIT', 64 * KIB),
  trpc: envInt('BATON_TRPC_BODY_LIMIT', 8 * MIB),
  rest: envInt('BATON_REST_BODY_LIMIT', MAX_BODY_BYTES),
  demo: 64 * KIB,
} as const;

/** Brand shared by every bundle's copy of this module (see `server/errors.ts` for why). */
const TOO_LARGE = Symbol.for('baton.PayloadTooLargeError');

/**
 * The body is larger than `limitBytes`. Carries the unread rest of the body (`rest`),
 * which {@link payloadTooLarge} discards while the 413 goes out.
 */
export class PayloadTooLargeError extends Error {
  constructor(
    readonly limitBytes: number,
    readonly rest: ReadableStreamDefaultReader<Uint8Array> | null = null,
  ) {
    super(`the request body is larger than ${limitBytes} bytes`);
    this.name = 'PayloadTooLargeError';
    (this as unknown as Record<symbol, boolean>)[TOO_LARGE] = true;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[TOO_LARGE] === true;
  }
}

const EMPTY = new Uint8Array(0);

/**
 * Reads the whole body of `req`, at most `limitBytes` bytes.
 *
 * A declared `Content-Length` over the limit is refused before anything is kept.
 * Otherwise the bytes are counted chunk by chunk as they arrive; at the first chunk that
 * passes the limit, what was read is dropped and reading stops. The error carries the
 * rest of the stream, unread: cancelling it here would reset the connection before the
 * 413 is sent.
 * @returns the bytes (empty when the request has no body)
 * @throws PayloadTooLargeError; AppError('bad_request') when the client broke off while sending
 */
export async function readBody(req: Request, limitBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) throw new PayloadTooLargeError(limitBytes, req.body?.getReader() ?? null);
  if (!req.body) return EMPTY;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new AppError('bad_request', 'the request body could not be read: the connection was closed while sending it');
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      chunks.length = 0;
      throw new PayloadTooLargeError(limitBytes, reader);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

/**
 * The JSON shape of an error, per route family:
 * - `rest`: `{ error: { message, code, issues: [] } }` (REST, webhooks, demo endpoints)
 * - `trpc`: `{ error: { message, code: -32600, data: { code, httpStatus } } }` (tRPC's error envelope)
 * - `auth`: `{ message, code }` (better-auth's error body)
 */
export type ErrorStyle = 'rest' | 'trpc' | 'auth';

function errorBody(style: ErrorStyle, status: number, code: string, message: string): unknown {
  if (style === 'trpc') return { error: { message, code: -32600, data: { code: code.toUpperCase(), httpStatus: status } } };
  if (style === 'auth') return { message, code: code.toUpperCase() };
  return { error: { message, code, issues: [] } };
}

/**
 * A JSON error response in the given style.
 * @param code machine-readable code, lower case (`payload_too_large`); upper-cased for tRPC and better-auth
 */
export function errorInStyle(style: ErrorStyle, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json(errorBody(style, status, code, message), { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/**
 * After a 413, at most this much of the unread body is read and discarded, bytes, and for at most
 * {@link DRAIN_MS} ms: a client still uploading then reads the answer before the
 * connection closes (closing a socket with unread data resets it, and a client that
 * gets the reset while writing may never see the answer). Nothing read is kept.
 */
const DRAIN_BYTES = 8 * MIB;
const DRAIN_MS = 2_000;

/** Reads and discards up to {@link DRAIN_BYTES} bytes of `reader`, for up to {@link DRAIN_MS} ms; never throws. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(r, DRAIN_MS, 'timeout')));
  try {
    for (let n = 0; n < DRAIN_BYTES; ) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout' || next.done) break;
      n += next.value.byteLength;
    }
  } catch {
    // the client went away: nothing left to drain
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `413` JSON naming the limit, with `Connection: close`. The answer is sent at once; its
 * body stays open while the unread rest of the request body is discarded (up to
 * {@link DRAIN_BYTES} / {@link DRAIN_MS}), then the response ends and the server closes
 * the connection, dropping whatever the client still sends.
 */
export function payloadTooLarge(err: PayloadTooLargeError, style: ErrorStyle = 'rest'): Response {
  const bytes = new TextEncoder().encode(JSON.stringify(errorBody(style, 413, 'payload_too_large', err.message)));
  const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', Connection: 'close' };
  const rest = err.rest;
  if (!rest) return new Response(bytes, { status: 413, headers });
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      void drain(rest).then(() => controller.close());
    },
  });
  return new Response(body, { status: 413, headers });
}

/**
 * Reads `req`'s body under `limitBytes` and re-builds the request around the bytes read,
 * for a library that reads the body itself. GET and HEAD requests, and requests
 * without a body, are returned as they are.
 * @returns `{ req, bytes }` (the re-built request and its body), or `{ response }`: the 413 to send
 */
export async function limitRequest(
  req: Request,
  limitBytes: number,
  style: ErrorStyle,
): Promise<{ req: Request; bytes: Uint8Array; response?: undefined } | { response: Response; req?: undefined; bytes?: undefined }> {
  if (req.method === 'GET' || req.method === 'HEAD' || !req.body) return { req, bytes: EMPTY };
  let bytes: Uint8Array;
  try {
    bytes = await readBody(req, limitBytes);
  } catch (err) {
    if (err instanceof PayloadTooLargeError) return { response: payloadTooLarge(err, style) };
    throw err;
  }
  const headers = new Headers(req.headers);
  headers.delete('transfer-encoding');
  headers.set('content-length', String(bytes.byteLength));
  return { req: new Request(req.url, { method: req.method, headers, body: bytes as BodyInit, signal: req.signal }), bytes };
}
