/**
 * Instance settings: one JSON value per key (e.g. `ai.modelPrices`), set by an admin.
 * The port stores text; the service that owns a key validates its value. A write
 * appends its audit entry in the same transaction.
 */
import type { AuditInput } from './audit';

/** A stored setting. */
export interface SettingRow {
  key: string;
  /** JSON text. */
  value: string;
  /** Epoch ms. */
  updatedAt: number;
  updatedBy: string;
}

export interface SettingsStorePort {
  /** The setting under `key`, or null when it was never set. */
  get(key: string): Promise<SettingRow | null>;
  /** Creates or replaces the setting, with `audit` written in the same transaction. */
  put(row: SettingRow, audit: AuditInput): Promise<void>;
}
