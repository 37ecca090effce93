/** Pure helpers shared by both audit log implementations: filters to conditions, rows to entries. */
import type { Json } from '@/lib/engine/types';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, type AuditEntry, type AuditFilter } from './ports/audit';

/** An audit row as selected (`details` still text). */
export type AuditRow = Omit<AuditEntry, 'details'> & { details: string };

/** The selected columns, aliased to {@link AuditRow}'s fields (quoted: PostgreSQL folds unquoted aliases to lower case). */
export const AUDIT_COLUMNS = `id, at, actor, action, target_type AS "targetType", target_id AS "targetId", details`;

/**
 * The WHERE conditions of `filter` with `placeholder(n)` for the n-th parameter (1-based),
 * its parameters, and the clamped limit.
 */
export function auditWhere(filter: AuditFilter, placeholder: (n: number) => string): { where: string; params: (string | number)[]; limit: number } {
  const conds: string[] = [];
  const params: (string | number)[] = [];
  const add = (column: string, op: string, v: string | number | undefined) => {
    if (v === undefined || v === '') return;
    params.push(v);
    conds.push(`${column} ${op} ${placeholder(params.length)}`);
  };
  add('actor', '=', filter.actor);
  add('action', '=', filter.action);
  add('target_type', '=', filter.targetType);
  add('target_id', '=', filter.targetId);
  add('at', '>=', filter.from);
  add('at', '<', filter.to);
  add('id', '<', filter.beforeId);
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_AUDIT_PAGE), 1), MAX_AUDIT_PAGE);
  return { where: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params, limit: Number.isFinite(limit) ? limit : DEFAULT_AUDIT_PAGE };
}

/** A stored row as an entry: numbers as numbers, `details` parsed (`{}` unless a JSON object). */
export function toAuditEntry(r: AuditRow): AuditEntry {
  return { id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, targetType: r.targetType, targetId: r.targetId, details: parseDetails(r.details) };
}

function parseDetails(s: string): Record<string, Json> {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : {};
  } catch {
    return {};
  }
}
