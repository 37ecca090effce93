/**
 * Reads of a workflow's published versions: the version history (newest first, in
 * pages) with who published each version, their note and how many runs used it.
 * Writes (publishing) stay in `workflows.ts`, in the publish transaction.
 */
import 'server-only';
import type { WorkflowStorePort } from '../storage/ports/workflows';
import { AppError } from '../errors';
import { MAX_VERSION_NOTE, VERSION_PAGE } from '@/lib/workflow/version-limits';

export { MAX_VERSION_NOTE, VERSION_PAGE } from '@/lib/workflow/version-limits';

/** One entry of a workflow's version history. Times are epoch milliseconds. */
export interface VersionSummary {
  version: number;
  createdAt: number;
  /** Id of the person who published it (`system` for the seed). */
  createdBy: string;
  /** Their display name now (the id when the person no longer exists). */
  createdByName: string;
  /** The publisher's note ('' when none). */
  note: string;
  /** Runs started on this version (test runs of drafts are not counted). */
  runCount: number;
}

export interface VersionPage {
  versions: VersionSummary[];
  /** Cursor of the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const PREFIX = 'v1:';

/** The opaque cursor that continues a history page after `version` (exclusive). */
export function encodeVersionCursor(version: number): string {
  return Buffer.from(`${PREFIX}${version}`, 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeVersionCursor}.
 * @throws AppError('bad_request') naming `cursor` when it was not made by this server.
 */
export function decodeVersionCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^v1:(\d{1,9})$/.exec(text);
  if (!m) throw new AppError('bad_request', 'cursor is not valid: pass the nextCursor of a previous page unchanged', [{ path: ['cursor'], message: 'not a cursor of this API' }]);
  return Number(m[1]);
}

/**
 * One page of the versions of workflow `workflowId` (which must exist), newest first:
 * versions below the cursor's, at most `limit` (1..{@link VERSION_PAGE}.max).
 * @throws AppError('bad_request') for a bad `limit` or `cursor`.
 */
export async function versionPage(store: WorkflowStorePort, workflowId: string, opts: { limit?: number; cursor?: string } = {}): Promise<VersionPage> {
  const limit = opts.limit ?? VERSION_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > VERSION_PAGE.max)
    throw new AppError('bad_request', `limit must be an integer from 1 to ${VERSION_PAGE.max}`, [{ path: ['limit'], message: `must be 1..${VERSION_PAGE.max}` }]);
  const below = opts.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeVersionCursor(opts.cursor);
  const rows: VersionSummary[] = await store.versionPage(workflowId, below, limit + 1);
  const more = rows.length > limit;
  const versions = more ? rows.slice(0, limit) : rows;
  return { versions, nextCursor: more ? encodeVersionCursor(versions[versions.length - 1]!.version) : null };
}

/**
 * A publish note from a caller: trimmed, '' when absent.
 * @throws AppError('bad_request') naming `note` when it is not a string or is longer than {@link MAX_VERSION_NOTE}.
 */
export function cleanNote(note: unknown): string {
  if (note === undefined || note === null) return '';
  if (typeof note !== 'string') throw new AppError('bad_request', 'note must be a string', [{ path: ['note'], message: 'expected a string' }]);
  const t = note.trim();
  if (t.length > MAX_VERSION_NOTE) throw new AppError('bad_request', `note is longer than ${MAX_VERSION_NOTE} characters`, [{ path: ['note'], message: `at most ${MAX_VERSION_NOTE} characters` }]);
  return t;
}
