/**
 * Plumbing shared by the REST route handlers under `app/api/v1/`: the `handler()`
 * wrapper (authentication, role check, CSRF check, errors → JSON), safe body reading
 * (size limit, malformed JSON) and zod parsing with field paths.
 *
 * Every response is JSON. Error body: `{ "error": { "message", "code", "issues": [{ "path", "message" }] } }`.
 * Status codes: AppError kinds via {@link HTTP_STATUS} (400/401/403/404/409/422), 413 for a body
 * over `BODY_LIMITS.rest` (2 MiB, `BATON_REST_BODY_LIMIT`), 405 for an unsupported method, 500 for anything unexpected
 * (`"internal error (id err_…)"` with `errorId`; the details are logged under that id,
 * `server/http/internal-error.ts`).
 */
import 'server-only';
import { ZodError, type z } from 'zod';
import { getApp, type App } from '../app';
import { AppError, asUnavailable, HTTP_STATUS, zodIssues, type AppErrorKind, type Issue } from '../errors';
import { assertSameOrigin, authenticate, authorize, type SignedInUser } from '../auth/principal';
import type { Permission } from '@/lib/auth/roles';
import type { ErrorResponse } from './schemas';
import { BODY_LIMITS, PayloadTooLargeError, payloadTooLarge, readBody } from '../http/body';
import { parseJson } from '../http/json';
import { reportInternalError } from '../http/internal-error';
import { notServedHere } from '../process-role';

type ErrorCode = ErrorResponse['error']['code'];

/** An error with an HTTP status that has no {@link AppError} kind (405). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const NO_STORE = { 'Cache-Control': 'no-store' };
/** A 503 (the database out of reach) tells the client to try again in 2 s. */
const RETRY_AFTER = { 'Retry-After': '2' };

/**
 * The origin the client used (`Host` / `X-Forwarded-*` headers), for absolute URLs in
 * generated documents. `req.url` may name the bind address instead.
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || req.headers.get('host') || url.host;
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(/:$/, '');
  return `${proto}://${host}`;
}

/** A JSON response (`Content-Type: application/json`). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export function errorJson(status: number, code: ErrorCode, message: string, issues: Issue[] = [], headers: Record<string, string> = {}): Response {
  const body: ErrorResponse = { error: { message, code, issues: issues.map(cleanIssue) } };
  return json(body, status, headers);
}

function cleanIssue(i: Issue): Issue {
  const out: Issue = { path: i.path, message: i.message };
  if (i.nodeId !== undefined) out.nodeId = i.nodeId;
  if (i.code !== undefined) out.code = i.code;
  return out;
}

/** Maps anything thrown by a handler to a JSON error response. */
export function errorResponse(err: unknown, req?: Request): Response {
  if (err instanceof AppError) return errorJson(HTTP_STATUS[err.kind], err.kind, err.message, err.issues, err.kind === 'unavailable' ? RETRY_AFTER : {});
  if (err instanceof PayloadTooLargeError) return payloadTooLarge(err, 'rest');
  if (err instanceof HttpError) return errorJson(err.status, err.code, err.message, err.issues);
  if (err instanceof ZodError) return errorJson(400, 'bad_request', describeIssues(err.issues, 'the request is not valid'), zodIssues(err.issues));
  const down = asUnavailable(err);
  if (down) {
    return errorJson(503, 'unavailable', down.message, [], RETRY_AFTER);
  }
  const where = req ? `REST ${req.method} ${new URL(req.url).pathname}` : 'REST request';
  const { errorId, message } = reportInternalError(err, where);
  return json({ error: { message, code: 'internal', issues: [], errorId } } satisfies ErrorResponse, 500, { 'X-Error-Id': errorId });
}

/** `"input: expected record, received string"`: the first issue with its path, for the summary message. */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[], fallback: string): string {
  const first = issues[0];
  if (!first) return fallback;
  const path = first.path.map(String).join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length === 2 ? '' : 's'})` : '';
  return `${fallback}: ${path ? `${path}: ` : ''}${first.message}${more}`;
}

export interface HandlerContext<P> {
  params: P;
  app: App;
  /** The caller (API key or session), checked against the endpoint's access rule. */
  user: SignedInUser;
}

/** Who may call an endpoint: any signed-in caller (`'signed-in'`), or holders of a permission (`lib/auth/roles.ts`). */
export type Access = 'signed-in' | Permission;

/**
 * Wraps a route handler: authenticates the caller (API key or session cookie; 401
 * without one), checks `access` (403 naming the missing permission), refuses a
 * cross-site state-changing request made with a session cookie (403), resolves
 * params, and turns every thrown error into a JSON error response.
 * Use: `export const GET = handler<{ id: string }>('signed-in', async (req, { params, app, user }) => ...)`.
 */
export function handler<P extends Record<string, string | string[]> = Record<string, never>>(
  access: Access,
  fn: (req: Request, ctx: HandlerContext<P>) => Response | Promise<Response>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const elsewhere = notServedHere(new URL(req.url).pathname);
    if (elsewhere) return elsewhere;
    try {
      const app = getApp();
      const principal = await authenticate(app, req);
      const user = authorize(principal, access === 'signed-in' ? undefined : access);
      assertSameOrigin(req, principal);
      const params = ((await context?.params) ?? {}) as P;
      return await fn(req, { params, app, user });
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

/**
 * For routes that are not JSON endpoints (event streams): the caller if signed in,
 * else the JSON error response to send (401).
 */
export async function signedInOrError(req: Request): Promise<{ user: SignedInUser; error?: undefined } | { user?: undefined; error: Response }> {
  const elsewhere = notServedHere(new URL(req.url).pathname);
  if (elsewhere) return { error: elsewhere };
  try {
    return { user: authorize(await authenticate(getApp(), req)) };
  } catch (err) {
    return { error: errorResponse(err, req) };
  }
}

/** A handler answering 405 with the allowed methods. */
export function methodNotAllowed(allowed: string[]) {
  return async (req: Request): Promise<Response> =>
    errorJson(405, 'method_not_allowed', `${req.method} is not supported here; use ${allowed.join(' or ')}`, [], { Allow: allowed.join(', ') });
}

/**
 * Reads the raw request body, refusing more than `maxBytes` (413) whether or not
 * `Content-Length` is sent: bytes are counted as they arrive and reading stops at the
 * limit (`server/http/body.ts`); {@link errorResponse} turns the error into the 413, which
 * closes the connection.
 * @throws PayloadTooLargeError
 */
export async function readBytes(req: Request, maxBytes: number = BODY_LIMITS.rest): Promise<Uint8Array> {
  return readBody(req, maxBytes);
}

/** Decodes UTF-8 strictly. @throws AppError('bad_request') for invalid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_request', 'the request body is not valid UTF-8', [{ path: [], message: 'not valid UTF-8' }]);
  }
}

/**
 * Reads the request body as text, refusing more than `maxBytes` (413) whether or not
 * `Content-Length` is sent (see {@link readBytes}), and invalid UTF-8 (400).
 */
export async function readText(req: Request, maxBytes: number = BODY_LIMITS.rest): Promise<string> {
  return decodeUtf8(await readBytes(req, maxBytes));
}

/**
 * Reads and parses a JSON body. An empty body is `undefined` when `optional`, else a 400.
 * @throws AppError('bad_request') for malformed JSON (message with JSON.parse's reason) or JSON
 *   nested deeper than `JSON_MAX_DEPTH` levels (`server/http/json.ts`), PayloadTooLargeError.
 */
export async function readJson(req: Request, opts: { optional?: boolean } = {}): Promise<unknown> {
  const text = await readText(req);
  if (!text.trim()) {
    if (opts.optional) return undefined;
    throw new AppError('bad_request', 'a JSON request body is required', [{ path: [], message: 'the body is empty' }]);
  }
  try {
    return parseJson(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError('bad_request', `the request body is not valid JSON: ${reason}`, [{ path: [], message: `malformed JSON: ${reason}` }]);
  }
}

/**
 * Parses `value` with `schema`, throwing an AppError of `kind` (default 400) that
 * lists every issue with its path (prefixed by `prefix`).
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, opts: { kind?: AppErrorKind; prefix?: (string | number)[]; what?: string } = {}): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError(opts.kind ?? 'bad_request', describeIssues(r.error.issues, opts.what ?? 'the request body is not valid'), zodIssues(r.error.issues, opts.prefix));
}

/** The query string as a plain object (last value wins). */
export function queryOf(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.url).searchParams.entries());
}

/** Epoch ms → ISO-8601. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms == null ? null : new Date(ms).toISOString();
}
