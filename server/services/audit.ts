/**
 * The audit log: an append-only record of who did what to which object. Rows are
 * only ever inserted; SQLite triggers (migration `0003_groups_and_inbox`) refuse
 * UPDATE and DELETE, and the app has no path that tries.
 *
 * Callers record an entry in the same transaction as the action where one exists,
 * so an action and its entry are committed together.
 */
import 'server-only';
import type Database from 'better-sqlite3';
import type { Json } from '@/lib/engine/types';
import type { AuditAction } from '@/lib/audit/actions';

export { AUDIT_ACTIONS, type AuditAction } from '@/lib/audit/actions';

export interface AuditInput {
  /** User id of who acted (`system` for the runner). */
  actor: string;
  action: AuditAction;
  /** Kind of object acted on: workflow, run, task, credential, user… */
  targetType: string;
  targetId: string;
  /** Action-specific details (reason, outcome, version…), stored as JSON. */
  details?: Record<string, Json>;
  /** Epoch ms; default now. */
  at?: number;
}

export interface AuditEntry {
  id: number;
  /** Epoch ms. */
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: Record<string, Json>;
}

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
  /** 1..10000, default 200. */
  limit?: number;
}

const inserts = new WeakMap<Database.Database, Database.Statement>();

/**
 * Appends one entry. Use inside the action's transaction when it has one.
 * @returns the new entry's id.
 * @throws Error from SQLite when the database refuses the write.
 */
export function recordAudit(sqlite: Database.Database, entry: AuditInput): number {
  let st = inserts.get(sqlite);
  if (!st) {
    st = sqlite.prepare(`INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES (?, ?, ?, ?, ?, ?)`);
    inserts.set(sqlite, st);
  }
  const info = st.run(entry.at ?? Date.now(), entry.actor, entry.action, entry.targetType, entry.targetId, JSON.stringify(entry.details ?? {}));
  return Number(info.lastInsertRowid);
}

interface AuditRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: string;
}

/** Reads and appends audit entries. */
export class AuditService {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Appends one entry (time from the service clock unless given). @returns its id. */
  record(entry: AuditInput): number {
    return recordAudit(this.sqlite, { ...entry, at: entry.at ?? this.clock() });
  }

  /** Entries matching every given filter, newest first. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, v: string | number | undefined) => {
      if (v === undefined || v === '') return;
      where.push(clause);
      params.push(v);
    };
    add('actor = ?', filter.actor);
    add('action = ?', filter.action);
    add('target_type = ?', filter.targetType);
    add('target_id = ?', filter.targetId);
    add('at >= ?', filter.from);
    add('at < ?', filter.to);
    add('id < ?', filter.beforeId);
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 200), 1), 10_000);
    const rows = this.sqlite
      .prepare(
        `SELECT id, at, actor, action, target_type AS targetType, target_id AS targetId, details FROM audit_log
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`,
      )
      .all(...params) as AuditRow[];
    return rows.map((r) => ({ ...r, details: parseDetails(r.details) }));
  }
}

function parseDetails(s: string): Record<string, Json> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {};
  } catch {
    return {};
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
