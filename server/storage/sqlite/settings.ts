/** The SQLite implementation of `SettingsStorePort` (see `../ports/settings.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { AuditInput } from '../ports/audit';
import type { SettingRow, SettingsStorePort } from '../ports/settings';
import { insertAuditRowSqlite } from './audit-row';

export class SqliteSettingsStore implements SettingsStorePort {
  constructor(readonly h: DbHandle) {}

  async get(key: string): Promise<SettingRow | null> {
    const r = this.h.sqlite.prepare(`SELECT key, value, updated_at AS updatedAt, updated_by AS updatedBy FROM settings WHERE key = ?`).get(key) as SettingRow | undefined;
    return r ?? null;
  }

  async put(row: SettingRow, audit: AuditInput): Promise<void> {
    this.h.sqlite.transaction(() => {
      this.h.sqlite
        .prepare(`INSERT INTO settings (key, value, updated_at, updated_by) VALUES (@key, @value, @updatedAt, @updatedBy)
                  ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
        .run(row);
      insertAuditRowSqlite(this.h.sqlite, audit);
    })();
  }
}
