/**
 * Errors with meaning, shared by the tRPC routers and the REST API. A service throws
 * an {@link AppError}; the transport maps `kind` to a status (400/401/403/404/409/422/429/503) and
 * sends `issues` so the client can point at the field or node at fault.
 */
export type AppErrorKind = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'too_many_requests' | 'unavailable';

/** One problem: `path` into the request body (e.g. `["nodes", 2, "config", "url"]`), optional node id. */
export interface Issue {
  path: (string | number)[];
  message: string;
  nodeId?: string;
  code?: string;
}

/** Brand shared by every copy of this module (Next bundles instrumentation and route handlers separately). */
const APP_ERROR = Symbol.for('baton.AppError');

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = 'AppError';
    (this as unknown as Record<symbol, boolean>)[APP_ERROR] = true;
  }

  /**
   * `instanceof AppError` also holds for an AppError thrown by another bundle's copy of
   * this class: the app (and its services) is created in the instrumentation bundle,
   * while tRPC and REST route handlers catch with their own copy.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[APP_ERROR] === true;
  }
}

export const HTTP_STATUS: Record<AppErrorKind, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, invalid: 422, too_many_requests: 429, unavailable: 503 };

/** Turns zod issues into {@link Issue}s with a path prefix. */
export function zodIssues(issues: readonly { path: PropertyKey[]; message: string }[], prefix: (string | number)[] = []): Issue[] {
  return issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message }));
}

/**
 * SQLSTATEs and socket errors that mean "the database cannot be reached right now"
 * (PostgreSQL restarting or shutting down, the connection refused, reset or timed out):
 * PostgreSQL 15 manual, Appendix A, classes 08 (connection exception) and 57P
 * (operator intervention).
 */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
const UNAVAILABLE_MESSAGES = [/Connection terminated/i, /connection error/i, /timeout exceeded when trying to connect/i, /Client was closed/i, /Cannot use a pool after calling end/i];

/**
 * When `err` says the database is out of reach, the error the client gets instead: an
 * {@link AppError} of kind `unavailable` (HTTP 503), so a request during a PostgreSQL
 * restart is answered "try again" rather than "internal error". Else null.
 */
export function asUnavailable(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = String((err as { code?: unknown }).code ?? '');
  const message = String((err as { message?: unknown }).message ?? '');
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || UNAVAILABLE_MESSAGES.some((re) => re.test(message)))
    return new AppError('unavailable', 'the database is not reachable at the moment; try again shortly');
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? asUnavailable(cause) : null;
}
