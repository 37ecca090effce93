import 'server-only';
/**
 * The outbound HTTP client shared by the HTTP request, Send webhook and AI step
 * executors: node:http(s) with the outbound guard enforced at connection time (the
 * address checked is the address connected to, so DNS rebinding cannot slip past it),
 * manual redirects (each hop checked again; credentials dropped when a redirect leaves
 * the origin), an overall timeout, a response size limit, decompression, and response
 * parsing by content type. Failures are `StepError`s with retry meaning.
 */
import http from 'node:http';
import https from 'node:https';
import dns from 'node:dns';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { StepError } from '../executor';
import type { Json } from '../../engine/types';
import { checkAddresses, checkHost, describeVerdict, policyFromEnv, type GuardPolicy, type GuardVerdict } from './guard';
import { parseRetryAfter } from './retry-after';
import { textDecoderFor } from './charset';
import { jsonTooDeep, tooDeepMessage } from '../../util/json-depth';

/** Default and largest response body read, bytes (after decompression). */
export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
export const MAX_RESPONSE_BYTES_LIMIT = 50 * 1024 * 1024;
/** Binary bodies up to this size are returned as base64; larger ones as a size-only summary, bytes. */
export const BINARY_INLINE_LIMIT = 1024 * 1024;

/**
 * Deepest nesting of arrays and objects parsed from a response's JSON (HTTP request,
 * AI step): `BATON_RESPONSE_JSON_MAX_DEPTH`, default 256. Deeper JSON is treated as
 * JSON that cannot be parsed: kept as text with `responseType: auto`, a step error
 * `RESPONSE_TOO_DEEP` with `json` (recursive walks of stored data, such as the
 * redaction of secrets, would otherwise overflow the stack).
 */
export function responseJsonMaxDepth(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.BATON_RESPONSE_JSON_MAX_DEPTH);
  return Number.isInteger(n) && n > 0 ? n : 256;
}

/** Parses JSON text from a response after checking its depth ({@link responseJsonMaxDepth}). @throws TooDeepError, SyntaxError */
export function parseResponseJson(text: string): Json {
  const max = responseJsonMaxDepth();
  if (jsonTooDeep(text, max)) throw new TooDeepError(`the response's ${tooDeepMessage(max).slice(4)} (BATON_RESPONSE_JSON_MAX_DEPTH)`);
  return JSON.parse(text) as Json;
}

/** JSON nested deeper than {@link responseJsonMaxDepth}. */
export class TooDeepError extends Error {
  readonly code = 'RESPONSE_TOO_DEEP';
}

export type ResponseType = 'auto' | 'json' | 'text' | 'binary';

export interface OutboundRequest {
  method: string;
  /** Absolute http(s) URL. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** For the whole exchange (all redirects and the body), ms. */
  timeoutMs: number;
  /** Largest (decompressed) response body, bytes. */
  maxResponseBytes: number;
  /** Redirects followed at most; 0 = a 3xx response is returned as it is. */
  maxRedirects: number;
  responseType: ResponseType;
  /** Header names (any case) removed when a redirect goes to another origin: authentication. */
  sensitiveHeaders?: string[];
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Parsed per {@link parseBody}. */
  body: Json;
  /** The final URL after redirects. */
  url: string;
  redirects: number;
}

export interface SendOptions {
  /** Cancels the exchange (run cancelled, attempt deadline). */
  signal: AbortSignal;
  /** `Node "label" (id)`: prefix of error messages. */
  where: string;
  /** What the attempt used, attached to every error for the inspector. */
  input: Json;
  log: (line: string) => void;
  /** Guard rules; default: from `BATON_HTTP_ALLOW` / `BATON_HTTP_DENY`. */
  policy?: GuardPolicy;
  /**
   * Baton's own base URL (what relative URLs resolve against, e.g. `http://127.0.0.1:3000`):
   * requests to exactly its origin (scheme, host, port) pass the built-in loopback denial
   * and the allow list, so the demo endpoints work; `BATON_HTTP_DENY` still applies.
   */
  baseUrl?: string;
}

/** The origin of `baseUrl`, or null when there is none or it is not a URL. */
function originOf(baseUrl: string | undefined): string | null {
  if (!baseUrl) return null;
  try {
    return new URL(baseUrl).origin;
  } catch {
    return null;
  }
}

let cached: { key: string; policy: GuardPolicy } | null = null;

/**
 * The guard policy of this process, read from the environment (re-read when it changes).
 * @throws StepError `GUARD_CONFIG` when a rule is malformed.
 */
export function currentPolicy(): GuardPolicy {
  const key = `${process.env.BATON_HTTP_ALLOW ?? ''}\n${process.env.BATON_HTTP_DENY ?? ''}`;
  if (cached?.key === key) return cached.policy;
  try {
    cached = { key, policy: policyFromEnv(process.env) };
  } catch (err) {
    throw new StepError(`outbound guard misconfigured: ${(err as Error).message}`, { code: 'GUARD_CONFIG' });
  }
  return cached.policy;
}

class BlockedError extends Error {
  constructor(readonly verdict: GuardVerdict) {
    super(describeVerdict(verdict));
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const n = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === n);
}

/** Sets `name` unless a header of that name (any case) is there already. */
export function setDefaultHeader(headers: Record<string, string>, name: string, value: string): void {
  if (!hasHeader(headers, name)) headers[name] = value;
}

/** Removes headers named in `names` (any case). */
function without(headers: Record<string, string>, names: string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase())));
}

/**
 * Sends `req`, following redirects, and reads and parses the response.
 * Does not judge the status: see {@link statusError}.
 * @throws StepError `BLOCKED` (outbound guard, names host and rule; not retryable),
 *   `BAD_URL`, `TIMEOUT` and `NETWORK` (retryable), `TOO_MANY_REDIRECTS`,
 *   `RESPONSE_TOO_LARGE`, `RESPONSE_NOT_JSON` (not retryable). When `opts.signal`
 *   aborts, rethrows its abort error.
 */
export async function sendRequest(req: OutboundRequest, opts: SendOptions): Promise<OutboundResponse> {
  const policy = opts.policy ?? currentPolicy();
  const timeout = AbortSignal.timeout(req.timeoutMs);
  const signal = AbortSignal.any([timeout, opts.signal]);
  const fail = (message: string, code: string, retryable = false) => new StepError(`${opts.where}: ${message}`, { code, retryable, input: opts.input });
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw fail(`"${req.url}" is not a valid URL`, 'BAD_URL');
  }
  let method = req.method.toUpperCase();
  let headers = { ...req.headers };
  let body = req.body;
  const origin = url.origin;
  const selfOrigin = originOf(opts.baseUrl);
  const started = Date.now();
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`only http and https URLs are allowed, not ${url.protocol}`, 'BAD_URL');
    const self = url.origin === selfOrigin;
    const verdict = checkHost(policy, url.hostname, self);
    if (verdict) throw fail(describeVerdict(verdict), 'BLOCKED');
    let res: http.IncomingMessage;
    try {
      res = await exchange(url, method, headers, body, signal, policy, self);
    } catch (err) {
      throw translate(err, req, timeout, opts, fail);
    }
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location && req.maxRedirects > 0) {
      res.resume();
      if (redirects >= req.maxRedirects) throw fail(`more than ${req.maxRedirects} redirects (last to ${location})`, 'TOO_MANY_REDIRECTS');
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw fail(`redirect to an invalid URL "${location}"`, 'BAD_URL');
      }
      opts.log(`${method} ${url.href} → ${status}, following to ${next.href}`);
      // 303 (and 301/302 after a POST, as browsers do) continue as GET without a body.
      if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        headers = without(headers, ['content-type', 'content-length']);
      }
      if (next.origin !== origin) headers = without(headers, ['authorization', 'cookie', 'proxy-authorization', ...(req.sensitiveHeaders ?? [])]);
      url = next;
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(res, method, req.maxResponseBytes);
    } catch (err) {
      if (err instanceof StepError) throw fail(err.message, err.opts.code ?? 'RESPONSE_TOO_LARGE');
      throw translate(err, req, timeout, opts, fail);
    }
    const resHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
    opts.log(`${method} ${url.href} → ${status} in ${Date.now() - started} ms (${bytes.length} bytes)`);
    let parsed: Json;
    try {
      parsed = parseBody(bytes, resHeaders['content-type'] ?? '', req.responseType);
    } catch (err) {
      throw fail((err as Error).message, err instanceof TooDeepError ? err.code : 'RESPONSE_NOT_JSON');
    }
    return { status, statusText: res.statusMessage ?? '', headers: resHeaders, body: parsed, url: url.href, redirects };
  }
}

function translate(err: unknown, req: OutboundRequest, timeout: AbortSignal, opts: SendOptions, fail: (m: string, c: string, r?: boolean) => StepError): unknown {
  if (err instanceof BlockedError) return fail(err.message, 'BLOCKED');
  if (err instanceof StepError) return err;
  if (timeout.aborted) return fail(`timed out after ${req.timeoutMs} ms`, 'TIMEOUT', true);
  if (opts.signal.aborted) return err;
  const e = err as NodeJS.ErrnoException & { cause?: { code?: string } };
  return fail(`network error: ${e.code ?? e.cause?.code ?? e.message}`, 'NETWORK', true);
}

/** One request/response exchange with the guard checking every address connected to (`self`: Baton's own origin). */
function exchange(url: URL, method: string, headers: Record<string, string>, body: Buffer | string | undefined, signal: AbortSignal, policy: GuardPolicy, self: boolean): Promise<http.IncomingMessage> {
  const lib = url.protocol === 'https:' ? https : http;
  const lookup = ((hostname: string, options: dns.LookupOptions, cb: (err: Error | null, address?: unknown, family?: number) => void) => {
    dns.lookup(hostname, options, (err, address, family) => {
      if (err) return cb(err);
      const list = Array.isArray(address) ? (address as dns.LookupAddress[]).map((a) => a.address) : [address as string];
      const verdict = checkAddresses(policy, hostname, list, self);
      if (verdict) return cb(new BlockedError(verdict));
      cb(null, address, family);
    });
  }) as unknown as http.RequestOptions['lookup'];
  const h: Record<string, string> = { ...headers };
  setDefaultHeader(h, 'Accept-Encoding', 'gzip, deflate, br');
  setDefaultHeader(h, 'User-Agent', 'Baton');
  if (body !== undefined) h['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const r = lib.request(url, { method, headers: h, signal, lookup }, resolve);
    r.on('error', reject);
    if (body !== undefined) r.write(body);
    r.end();
  });
}

async function readBody(res: http.IncomingMessage, method: string, limit: number): Promise<Buffer> {
  const status = res.statusCode ?? 0;
  if (method === 'HEAD' || status === 204 || status === 304) {
    res.resume();
    return Buffer.alloc(0);
  }
  const tooLarge = () => new StepError(`response body is larger than ${limit} bytes`, { code: 'RESPONSE_TOO_LARGE' });
  const encoding = String(res.headers['content-encoding'] ?? '').trim().toLowerCase();
  const declared = Number(res.headers['content-length']);
  if ((!encoding || encoding === 'identity') && Number.isFinite(declared) && declared > limit) {
    res.destroy();
    throw tooLarge();
  }
  let stream: Readable = res;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(zlib.createGunzip());
  else if (encoding === 'deflate') stream = res.pipe(zlib.createInflate());
  else if (encoding === 'br') stream = res.pipe(zlib.createBrotliDecompress());
  if (stream !== res) res.on('error', (e) => stream.destroy(e));
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    if (size > limit) {
      stream.destroy();
      res.destroy();
    }
  }
  return Buffer.concat(chunks, size);
}

function isJsonType(ct: string): boolean {
  return /^application\/([\w.+-]*\+)?json\b/i.test(ct) || /\bjson\b/i.test(ct.split(';')[0] ?? '');
}

function isTextType(ct: string): boolean {
  const mime = (ct.split(';')[0] ?? '').trim().toLowerCase();
  return mime.startsWith('text/') || /[+/]xml$/.test(mime) || ['application/javascript', 'application/x-www-form-urlencoded', 'application/graphql', 'application/yaml'].includes(mime) || /charset=/i.test(ct);
}

/** The body as text, or null when its charset may hide ASCII text (see `charset.ts`). */
function decodeText(bytes: Buffer, ct: string): string | null {
  return textDecoderFor(ct)?.decode(bytes) ?? null;
}

/**
 * A response body as JSON-able output, by `type`:
 * - `json`: parsed JSON (an empty body is `null`); @throws Error when it is not JSON,
 *   TooDeepError when nested deeper than {@link responseJsonMaxDepth}.
 * - `text`: the text (charset from `Content-Type`, default UTF-8); a charset that may
 *   hide ASCII text (Shift_JIS, ISO-2022-JP, …; see `charset.ts`) gives `binary`.
 * - `binary`: `{ encoding: "base64", data, size, contentType }`, or above
 *   {@link BINARY_INLINE_LIMIT} bytes `{ omitted: true, size, contentType }`.
 * - `auto`: JSON content types are parsed (kept as text when malformed or too deep), text types
 *   and bodies without a content type decoded as text (`binary` for a charset that may
 *   hide ASCII text), anything else as `binary`.
 */
export function parseBody(bytes: Buffer, contentType: string, type: ResponseType): Json {
  const binary = (): Json =>
    bytes.length <= BINARY_INLINE_LIMIT
      ? { encoding: 'base64', data: bytes.toString('base64'), size: bytes.length, contentType }
      : { omitted: true, size: bytes.length, contentType };
  if (type === 'binary') return binary();
  if (type === 'text') return decodeText(bytes, contentType) ?? binary();
  if (type === 'json') {
    // JSON is UTF-8 (RFC 8259) unless the charset is one text may be decoded with.
    const text = decodeText(bytes, contentType) ?? bytes.toString('utf8');
    if (!text.trim()) return null;
    try {
      return parseResponseJson(text);
    } catch (err) {
      if (err instanceof TooDeepError) throw err;
      throw new Error(`the response is not JSON (${(err as Error).message})`);
    }
  }
  if (bytes.length === 0) return '';
  if (isJsonType(contentType)) {
    const text = decodeText(bytes, contentType);
    if (text === null) return binary();
    try {
      return parseResponseJson(text);
    } catch {
      return text; // malformed or too deep: kept as text
    }
  }
  if (!contentType.trim() || isTextType(contentType)) return decodeText(bytes, contentType) ?? binary();
  return binary();
}

/**
 * The step error for a response status, or null when it is below 400. Retry meaning:
 * 408, 429 and 5xx are retryable (with the server's `Retry-After`, capped); other 4xx are not.
 * `details` holds the response (status, headers, body) for the inspector.
 */
export function statusError(res: OutboundResponse, method: string, opts: { where: string; input: Json; nowMs: number }): StepError | null {
  if (res.status < 400) return null;
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(res.headers['retry-after'], opts.nowMs) : undefined;
  return new StepError(`${opts.where}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${method} ${res.url}`, {
    code: `HTTP_${res.status}`,
    retryable,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    input: opts.input,
    details: { status: res.status, headers: res.headers, body: res.body },
  });
}
