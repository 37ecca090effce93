/** The PostgreSQL implementation of `SettingsStorePort` (see `../ports/settings.ts`). */
import type pg from 'pg';
import type { AuditInput } from '../ports/audit';
import type { SettingRow, SettingsStorePort } from '../ports/settings';
import { insertAuditRowsPg } from './audit-row';
import { pgTransaction } from './tx';

export class PgSettingsStore implements SettingsStorePort {
  constructor(private readonly pool: pg.Pool) {}

  async get(key: string): Promise<SettingRow | null> {
    const r = await this.pool.query<SettingRow>(`SELECT key, value, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM settings WHERE key = $1`, [key]);
    return r.rows[0] ?? null;
  }

  async put(row: SettingRow, audit: AuditInput): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      await c.query(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        [row.key, row.value, row.updatedAt, row.updatedBy],
      );
      await insertAuditRowsPg(c, [audit]);
    });
  }
}
