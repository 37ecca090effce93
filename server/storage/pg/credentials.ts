/**
 * The PostgreSQL implementation of `CredentialStorePort` (see `../ports/credentials.ts`).
 * Names are ordered with `COLLATE "C"` (byte order, as SQLite's BINARY collation).
 */
import type pg from 'pg';
import type { AuditInput } from '../ports/audit';
import type { CredentialChange, CredentialReference, CredentialRow, CredentialStorePort } from '../ports/credentials';
import { CREDENTIAL_COLUMNS, credentialNeedle, normalizeCredentialRow, toReferences, type MentioningDocument } from '../credential-rows';
import { insertAuditRowsPg } from './audit-row';
import { pgTransaction, type PgQueryable } from './tx';

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

async function rowOn(q: PgQueryable, id: string, lock = false): Promise<CredentialRow | null> {
  const r = (await q.query(`SELECT ${CREDENTIAL_COLUMNS} FROM credentials WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0] as CredentialRow | undefined;
  return r ? normalizeCredentialRow(r) : null;
}

async function nameTakenBy(q: PgQueryable, name: string | undefined, except?: string): Promise<string | null> {
  if (name === undefined) return null;
  const r = (await q.query(`SELECT id FROM credentials WHERE name = $1`, [name])).rows[0] as { id: string } | undefined;
  return r && r.id !== except ? r.id : null;
}

async function referencesOn(q: PgQueryable, id: string): Promise<CredentialReference[]> {
  const needle = credentialNeedle(id);
  const drafts = await q.query(
    `SELECT id AS "workflowId", name AS "workflowName", NULL::int AS version, draft AS document FROM workflows
     WHERE deleted_at IS NULL AND strpos(draft, $1) > 0 ORDER BY name COLLATE "C", id COLLATE "C"`,
    [needle],
  );
  const versions = await q.query(
    `SELECT w.id AS "workflowId", w.name AS "workflowName", v.version AS version, v.document AS document
     FROM workflow_versions AS v JOIN workflows AS w ON w.id = v.workflow_id
     WHERE w.deleted_at IS NULL AND strpos(v.document, $1) > 0 ORDER BY w.name COLLATE "C", w.id COLLATE "C", v.version`,
    [needle],
  );
  return toReferences([...drafts.rows, ...versions.rows] as MentioningDocument[], needle);
}

export class PgCredentialStore implements CredentialStorePort {
  constructor(readonly pool: pg.Pool) {}

  async list(): Promise<CredentialRow[]> {
    return ((await this.pool.query(`SELECT ${CREDENTIAL_COLUMNS} FROM credentials ORDER BY name COLLATE "C"`)).rows as CredentialRow[]).map(normalizeCredentialRow);
  }

  async get(id: string): Promise<CredentialRow | null> {
    return rowOn(this.pool, id);
  }

  async references(id: string): Promise<CredentialReference[]> {
    return referencesOn(this.pool, id);
  }

  async create(row: CredentialRow, decide: (s: { nameTakenBy: string | null }) => AuditInput[]): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      // Creations of one name wait for each other, so the second sees the first (the unique index is the backstop).
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('baton.credential-name:' || $1))`, [row.name]);
      const audit = decide({ nameTakenBy: await nameTakenBy(c, row.name) });
      await c.query(
        `INSERT INTO credentials (id, name, type, fields, ciphertext, iv, auth_tag, key_id, enc_version, created_at, updated_at, rotated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [row.id, row.name, row.type, row.fields, row.ciphertext, row.iv, row.authTag, row.keyId, row.encVersion, row.createdAt, row.updatedAt, row.rotatedAt],
      );
      await insertAuditRowsPg(c, audit);
    });
  }

  async update(id: string, name: string | undefined, decide: (s: { row: CredentialRow | null; nameTakenBy: string | null }) => { set: CredentialChange; audit?: AuditInput[] }): Promise<CredentialRow | null> {
    return pgTransaction(this.pool, async (c) => {
      if (name !== undefined) await c.query(`SELECT pg_advisory_xact_lock(hashtext('baton.credential-name:' || $1))`, [name]);
      const row = await rowOn(c, id, true);
      const w = decide({ row, nameTakenBy: await nameTakenBy(c, name, id) });
      if (!row) return null;
      const keys = (Object.keys(w.set) as (keyof CredentialChange)[]).filter((k) => w.set[k] !== undefined);
      if (keys.length) await c.query(`UPDATE credentials SET ${keys.map((k, i) => `${SETTABLE[k]} = $${i + 1}`).join(', ')} WHERE id = $${keys.length + 1}`, [...keys.map((k) => w.set[k]), id]);
      await insertAuditRowsPg(c, w.audit ?? []);
      return rowOn(c, id);
    });
  }

  async delete(id: string, decide: (s: { row: CredentialRow | null; references: CredentialReference[] }) => AuditInput[]): Promise<void> {
    await pgTransaction(this.pool, async (c) => {
      const row = await rowOn(c, id, true);
      const audit = decide({ row, references: row ? await referencesOn(c, id) : [] });
      if (!row) return;
      await c.query(`DELETE FROM credentials WHERE id = $1`, [id]);
      await insertAuditRowsPg(c, audit);
    });
  }
}
