/**
 * Unexpected errors never reach a client in their own words. The transport (tRPC's
 * error formatter, REST's `errorResponse`) hands the error to {@link reportInternalError},
 * which logs it in full with a generated id (`err_` + 12 hex digits) and returns the
 * generic message the client gets, carrying that id: `"internal error (id err_…)"`.
 * Operators find the details by searching the server log for the id.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';

export interface ReportedError {
  /** `err_` + 12 lowercase hex digits, unique per occurrence. */
  errorId: string;
  /** What the client is told: `internal error (id err_…)`. */
  message: string;
}

/**
 * Logs `err` (with its stack) under a new error id and returns the id and the client-safe message.
 * @param where what failed, for the log line (`REST POST /api/v1/workflows`, `tRPC runs.get`)
 */
export function reportInternalError(err: unknown, where: string): ReportedError {
  const errorId = `err_${randomBytes(6).toString('hex')}`;
  console.error(`[baton] ${errorId}: ${where} failed:`, err);
  return { errorId, message: `internal error (id ${errorId})` };
}
