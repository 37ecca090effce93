/**
 * Storage of the `webhook_receipts` table: what a webhook trigger remembers so that a
 * repeated request does not start a second run (an `Idempotency-Key` → the run it
 * started; a signature already used → the run it started). Rows are per trigger
 * (workflow id + trigger node id) and expire; {@link WebhookReceipts.record} runs inside
 * the transaction that inserts the run, so a receipt exists exactly when its run does.
 *
 * Times are epoch ms from the injected clock. Nothing here awaits.
 */
import 'server-only';
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

/** `key`: a caller's Idempotency-Key; `signature`: the hex HMAC of a signed request. */
export type ReceiptKind = 'key' | 'signature';

/** Which trigger a receipt belongs to. */
export interface ReceiptScope {
  workflowId: string;
  nodeId: string;
}

export interface Receipt {
  kind: ReceiptKind;
  key: string;
  /** Hex SHA-256 of the request (query string and body) for kind `key`; '' otherwise. */
  requestHash: string;
  runId: string;
  createdAt: number;
  expiresAt: number;
}

/** Expired rows deleted per recorded receipt: cleaning up stays a bounded cost of each write. */
export const RECEIPT_PURGE_BATCH = 100;

export class WebhookReceipts {
  private stmts: Record<string, Statement> | undefined;

  constructor(
    private readonly sqlite: Database.Database,
    /** Epoch ms; the app's clock. */
    readonly clock: () => number,
  ) {}

  private s(): Record<string, Statement> {
    this.stmts ??= {
      find: this.sqlite.prepare(`SELECT kind, key, request_hash AS requestHash, run_id AS runId, created_at AS createdAt, expires_at AS expiresAt
        FROM webhook_receipts WHERE workflow_id = ? AND node_id = ? AND kind = ? AND key = ? AND expires_at > ?`),
      dropExpiredOne: this.sqlite.prepare(`DELETE FROM webhook_receipts WHERE workflow_id = ? AND node_id = ? AND kind = ? AND key = ? AND expires_at <= ?`),
      insert: this.sqlite.prepare(`INSERT INTO webhook_receipts (workflow_id, node_id, kind, key, request_hash, run_id, created_at, expires_at)
        VALUES (@workflowId, @nodeId, @kind, @key, @requestHash, @runId, @createdAt, @expiresAt)`),
      purge: this.sqlite.prepare(`DELETE FROM webhook_receipts WHERE rowid IN (SELECT rowid FROM webhook_receipts WHERE expires_at <= ? ORDER BY expires_at LIMIT ?)`),
    };
    return this.stmts;
  }

  /** The live (not expired at `now`) receipt of `kind`/`key` for the trigger, or null. */
  find(scope: ReceiptScope, kind: ReceiptKind, key: string, now = this.clock()): Receipt | null {
    const r = this.s().find.get(scope.workflowId, scope.nodeId, kind, key, now) as Receipt | undefined;
    return r ?? null;
  }

  /**
   * Records receipts for a run being started. Call inside the transaction that inserts
   * the run. Also deletes up to {@link RECEIPT_PURGE_BATCH} expired receipts (any trigger).
   * @returns null when every receipt was recorded; otherwise the live receipt that already
   *   holds one of the keys (checked in the order given) and nothing is written.
   */
  record(scope: ReceiptScope, receipts: Omit<Receipt, 'createdAt'>[], now = this.clock()): Receipt | null {
    for (const r of receipts) {
      const existing = this.find(scope, r.kind, r.key, now);
      if (existing) return existing;
    }
    const s = this.s();
    s.purge.run(now, RECEIPT_PURGE_BATCH);
    for (const r of receipts) {
      s.dropExpiredOne.run(scope.workflowId, scope.nodeId, r.kind, r.key, now);
      s.insert.run({ ...scope, ...r, createdAt: now });
    }
    return null;
  }

  /** Deletes up to `limit` expired receipts. @returns how many were deleted. */
  purgeExpired(now = this.clock(), limit = RECEIPT_PURGE_BATCH): number {
    return this.s().purge.run(now, limit).changes;
  }
}
