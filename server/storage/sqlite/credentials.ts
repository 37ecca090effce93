/** The SQLite implementation of `CredentialStorePort` (see `../ports/credentials.ts`). */
import type { DbHandle } from '@/server/db/open';
import type { AuditInput } from '../ports/audit';
import type { CredentialChange, CredentialReference, CredentialRow, CredentialStorePort } from '../ports/credentials';
import { CREDENTIAL_COLUMNS, credentialNeedle, normalizeCredentialRow, toReferences, type MentioningDocument } from '../credential-rows';
import { insertAuditRowSqlite } from './audit-row';

/** Columns an update may set, by `CredentialChange` field. */
const SETTABLE: Record<keyof CredentialChange, string> = {
  name: 'name',
  fields: 'fields',
  ciphertext: 'ciphertext',
  iv: 'iv',
  authTag: 'auth_tag',
  keyId: 'key_id',
  encVersion: 'enc_version',
  updatedAt: 'updated_at',
  rotatedAt: 'rotated_at',
};

export class SqliteCredentialStore implements CredentialStorePort {
  constructor(readonly h: DbHandle) {}

  private rowNow(id: string): CredentialRow | null {
    const r = this.h.sqlite.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM credentials WHERE id = ?`).get(id) as CredentialRow | undefined;
    return r ? normalizeCredentialRow(r) : null;
  }

  private nameTakenBy(name: string | undefined, except?: string): string | null {
    if (name === undefined) return null;
    const r = this.h.sqlite.prepare(`SELECT id FROM credentials WHERE name = ?`).get(name) as { id: string } | undefined;
    return r && r.id !== except ? r.id : null;
  }

  private audit(entries: readonly AuditInput[] | undefined): void {
    for (const e of entries ?? []) insertAuditRowSqlite(this.h.sqlite, e);
  }

  private referencesNow(id: string): CredentialReference[] {
    const needle = credentialNeedle(id);
    const drafts = this.h.sqlite
      .prepare(
        `SELECT id AS workflowId, name AS workflowName, NULL AS version, draft AS document FROM workflows
         WHERE deleted_at IS NULL AND instr(draft, ?) > 0 ORDER BY name, id`,
      )
      .all(needle) as MentioningDocument[];
    const versions = this.h.sqlite
      .prepare(
        `SELECT w.id AS workflowId, w.name AS workflowName, v.version AS version, v.document AS document
         FROM workflow_versions AS v JOIN workflows AS w ON w.id = v.workflow_id
         WHERE w.deleted_at IS NULL AND instr(v.document, ?) > 0 ORDER BY w.name, w.id, v.version`,
      )
      .all(needle) as MentioningDocument[];
    return toReferences([...drafts, ...versions], needle);
  }

  async list(): Promise<CredentialRow[]> {
    return (this.h.sqlite.prepare(`SELECT ${CREDENTIAL_COLUMNS} FROM credentials ORDER BY name`).all() as CredentialRow[]).map(normalizeCredentialRow);
  }

  async get(id: string): Promise<CredentialRow | null> {
    return this.rowNow(id);
  }

  async references(id: string): Promise<CredentialReference[]> {
    return this.referencesNow(id);
  }

  async create(row: CredentialRow, decide: (s: { nameTakenBy: string | null }) => AuditInput[]): Promise<void> {
    this.h.sqlite.transaction(() => {
      const audit = decide({ nameTakenBy: this.nameTakenBy(row.name) });
      this.h.sqlite
        .prepare(
          `INSERT INTO credentials (id, name, type, fields, ciphertext, iv, auth_tag, key_id, enc_version, created_at, updated_at, rotated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(row.id, row.name, row.type, row.fields, row.ciphertext, row.iv, row.authTag, row.keyId, row.encVersion, row.createdAt, row.updatedAt, row.rotatedAt);
      this.audit(audit);
    })();
  }

  async update(id: string, name: string | undefined, decide: (s: { row: CredentialRow | null; nameTakenBy: string | null }) => { set: CredentialChange; audit?: AuditInput[] }): Promise<CredentialRow | null> {
    return this.h.sqlite.transaction(() => {
      const row = this.rowNow(id);
      const w = decide({ row, nameTakenBy: this.nameTakenBy(name, id) });
      if (!row) return null;
      const keys = (Object.keys(w.set) as (keyof CredentialChange)[]).filter((k) => w.set[k] !== undefined);
      if (keys.length) this.h.sqlite.prepare(`UPDATE credentials SET ${keys.map((k) => `${SETTABLE[k]} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => w.set[k]), id);
      this.audit(w.audit);
      return this.rowNow(id);
    })();
  }

  async delete(id: string, decide: (s: { row: CredentialRow | null; references: CredentialReference[] }) => AuditInput[]): Promise<void> {
    this.h.sqlite.transaction(() => {
      const row = this.rowNow(id);
      const audit = decide({ row, references: row ? this.referencesNow(id) : [] });
      if (!row) return;
      this.h.sqlite.prepare(`DELETE FROM credentials WHERE id = ?`).run(id);
      this.audit(audit);
    })();
  }
}
