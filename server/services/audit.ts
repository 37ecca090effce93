/**
 * The audit log: an append-only record of who did what to which object. Rows are
 * only ever inserted; triggers refuse UPDATE and DELETE on both databases, and the app
 * has no path that tries.
 *
 * An action's entry is passed to the storage operation that performs the action and
 * committed in its transaction; {@link AuditService.record} appends one for actions that
 * write nothing else. Reading goes through the audit port (`storage/ports/audit.ts`).
 */
import 'server-only';
import type { Storage } from '../storage/port';
import type { AuditEntry, AuditFilter, AuditInput as StoredAuditInput } from '../storage/ports/audit';

export { AUDIT_ACTIONS, type AuditAction } from '@/lib/audit/actions';
export type { AuditEntry, AuditFilter } from '../storage/ports/audit';

/** An entry to record; `at` (epoch ms) defaults to the service clock. */
export type AuditInput = Omit<StoredAuditInput, 'at'> & { at?: number };


/** Reads and appends audit entries through the storage port. */
export class AuditService {
  constructor(
    private readonly storage: Pick<Storage, 'audit'>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Appends one entry for an action that writes nothing else (time from the service clock unless given). @returns its id. */
  async record(entry: AuditInput): Promise<number> {
    const [id] = await this.storage.audit.append([{ ...entry, at: entry.at ?? this.clock() }]);
    return id!;
  }

  /** Entries matching every given filter, newest first (`limit` 1..10000, default 200). */
  async list(filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.storage.audit.list(filter);
  }
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, or
 * leading/trailing spaces; quotes doubled. A value starting with `=`, `+`, `-`, `@`
 * or a tab gets a leading `'` so spreadsheets show it as text instead of running it
 * as a formula.
 */
export function csvField(value: string | number | null | undefined): string {
  let s = value == null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The entries as CSV (header line, CRLF line ends, times in ISO-8601 UTC, details as JSON). */
export function auditCsv(entries: AuditEntry[]): string {
  const lines = ['id,at,actor,action,target_type,target_id,details'];
  for (const e of entries)
    lines.push([e.id, new Date(e.at).toISOString(), e.actor, e.action, e.targetType, e.targetId, JSON.stringify(e.details)].map(csvField).join(','));
  return lines.join('\r\n') + '\r\n';
}
