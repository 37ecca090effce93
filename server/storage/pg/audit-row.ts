/** Appending audit entries on PostgreSQL, inside the transaction of the action they record. */
import type { AuditInput } from '../ports/audit';
import type { PgQueryable } from './tx';

/**
 * Appends `entries` in one statement.
 * @returns the new entries' ids, in order.
 */
export async function insertAuditRowsPg(q: PgQueryable, entries: readonly AuditInput[]): Promise<number[]> {
  if (!entries.length) return [];
  const values: unknown[] = [];
  const rows = entries.map((e, i) => {
    values.push(e.at, e.actor, e.action, e.targetType, e.targetId, JSON.stringify(e.details ?? {}));
    const b = i * 6;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`;
  });
  const res = await q.query<{ id: number }>(`INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES ${rows.join(', ')} RETURNING id`, values);
  return res.rows.map((r) => Number(r.id));
}
