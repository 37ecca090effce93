/**
 * The audit log's port: entries are appended by the operation they record (same
 * transaction, see `sqlite/audit-row.ts` / `pg/audit-row.ts`), read back here, and
 * appended here directly for actions that write nothing else (a sign-in, a key created
 * through better-auth). Rows are never changed or deleted (both databases refuse it).
 */
import type { Json } from '@/lib/engine/types';
import type { AuditAction } from '@/lib/audit/actions';

/** One entry to append. */
export interface AuditInput {
  /** User id of who acted (`system` for the runner). */
  actor: string;
  action: AuditAction;
  /** Kind of object acted on: workflow, run, task, credential, user… */
  targetType: string;
  targetId: string;
  /** Action-specific details (reason, outcome, version…), stored as JSON. */
  details?: Record<string, Json>;
  /** Epoch ms. */
  at: number;
}

/** One stored entry. */
export interface AuditEntry {
  /** Ascending in insertion order. */
  id: number;
  /** Epoch ms. */
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** `{}` when the stored text is not a JSON object. */
  details: Record<string, Json>;
}

/** Filters of {@link AuditStorePort.list}; every given one must match (empty strings are ignored). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound, epoch ms. */
  from?: number;
  /** Exclusive upper bound, epoch ms. */
  to?: number;
  /** Page backwards: entries with an id below this. */
  beforeId?: number;
  /** 1..10000 (clamped), default 200. */
  limit?: number;
}

/** Most entries one {@link AuditStorePort.list} returns. */
export const MAX_AUDIT_PAGE = 10_000;
/** Entries {@link AuditStorePort.list} returns without a `limit`. */
export const DEFAULT_AUDIT_PAGE = 200;

/** Reading (and, for actions without other writes, appending to) the audit log. */
export interface AuditStorePort {
  /**
   * Appends `entries` in one transaction, in order.
   * @returns their ids, in order.
   */
  append(entries: readonly AuditInput[]): Promise<number[]>;
  /** Entries matching every given filter, newest (highest id) first, at most `limit`. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
}
