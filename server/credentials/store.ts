/**
 * The credential store: create, list (masked), update (rename / rotate), delete
 * (refused while referenced) and reveal (server-side only, for executors).
 *
 * Nodes reference a credential by its id (`cred_…`) in their config, so rotating a
 * secret here changes what every referencing node sends from its next attempt on,
 * without editing or republishing any workflow.
 */
import 'server-only';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { DbHandle } from '../db/open';
import { credentials, workflows, workflowVersions } from '../db/schema';
import { AppError, zodIssues } from '../errors';
import { newId } from '@/lib/util/ids';
import {
  CREDENTIAL_TYPES,
  SECRET_MASK,
  credentialDataSchema,
  credentialTypeSpec,
  type CredentialType,
} from '@/lib/credentials/types';
import { open, seal, type SecretKey } from './crypto';
import { recordAudit } from '../services/audit';

/** A credential as listed: non-secret fields in clear, secret fields as {@link SECRET_MASK}. */
export interface CredentialSummary {
  id: string;
  name: string;
  type: CredentialType;
  /** Every field of the type; secret ones masked (never the value, nor its length). */
  fields: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  rotatedAt: number | null;
}

/** A credential with its secrets: for executors on the server, never for a response. */
export interface RevealedCredential {
  id: string;
  name: string;
  type: CredentialType;
  data: Record<string, string>;
}

/** Where a credential is used: one workflow draft or published version, and its nodes. */
export interface CredentialReference {
  workflowId: string;
  workflowName: string;
  /** `draft`, or the published version number. */
  version: 'draft' | number;
  nodeIds: string[];
}

export interface CreateCredentialInput {
  name: string;
  type: string;
  data: Record<string, unknown>;
}

/** `data`: fields to change; a secret field absent or `""` keeps its stored value. */
export interface UpdateCredentialInput {
  name?: string;
  data?: Record<string, unknown>;
}

const MAX_NAME = 100;

type Row = typeof credentials.$inferSelect;

export class CredentialStore {
  constructor(
    private readonly h: DbHandle,
    private readonly key: () => SecretKey,
    private readonly clock: () => number,
  ) {}

  /** Every credential, by name. Secrets are masked; nothing is decrypted. */
  list(): CredentialSummary[] {
    return this.h.db.select().from(credentials).orderBy(asc(credentials.name)).all().map(summary);
  }

  /** @throws AppError('not_found') */
  get(id: string): CredentialSummary {
    return summary(this.row(id));
  }

  /**
   * Stores a new credential; returns it masked. `by`: who (audited as `credential.create`).
   * @throws AppError('invalid') for an unknown type, a bad name or missing/short fields
   *   (issues at `["name"]`, `["type"]`, `["data", <field>]`); AppError('conflict') when the name is taken.
   */
  create(input: CreateCredentialInput, by: string): CredentialSummary {
    if (!(CREDENTIAL_TYPES as readonly string[]).includes(input.type))
      throw new AppError('invalid', `unknown credential type "${input.type}"; use one of ${CREDENTIAL_TYPES.join(', ')}`, [{ path: ['type'], message: 'unknown type' }]);
    const type = input.type as CredentialType;
    const name = checkName(input.name);
    const data = parseData(type, input.data, false);
    const id = newId('cred');
    const now = this.clock();
    const { publicFields, secrets } = split(type, data);
    const sealed = seal(this.key(), JSON.stringify(secrets), id);
    this.h.sqlite.transaction(() => {
      this.assertNameFree(name);
      this.h.db
        .insert(credentials)
        .values({ id, name, type, fields: JSON.stringify(publicFields), ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.tag, keyId: sealed.keyId, encVersion: sealed.version, createdAt: now, updatedAt: now })
        .run();
      recordAudit(this.h.sqlite, { actor: by, action: 'credential.create', targetType: 'credential', targetId: id, details: { name, type }, at: now });
    })();
    return this.get(id);
  }

  /**
   * Renames and/or changes fields. Secret fields given (non-empty) replace the stored
   * ones (rotation); the type cannot change. Every node referencing the credential uses
   * the new values from its next attempt on. `by`: who (audited as `credential.update`).
   * @throws AppError('not_found' | 'invalid' | 'conflict'); SecretKeyError when the
   *   stored secrets cannot be decrypted with the configured key and not all are replaced.
   */
  update(id: string, input: UpdateCredentialInput, by: string): CredentialSummary {
    return this.h.sqlite.transaction(() => {
      const row = this.row(id);
      const type = row.type as CredentialType;
      const name = input.name === undefined ? row.name : checkName(input.name);
      if (name !== row.name) this.assertNameFree(name, id);
      const changes = input.data === undefined ? {} : parseData(type, input.data, true);
      const now = this.clock();
      const set: Partial<Row> = { name, updatedAt: now };
      const given = split(type, changes);
      const publicFields = { ...(JSON.parse(row.fields) as Record<string, string>), ...given.publicFields };
      set.fields = JSON.stringify(publicFields);
      const newSecrets = Object.fromEntries(Object.entries(given.secrets).filter(([, v]) => v !== ''));
      if (Object.keys(newSecrets).length > 0) {
        const all = credentialTypeSpec(type).fields.filter((f) => f.secret).every((f) => f.key in newSecrets);
        const secrets = all ? newSecrets : { ...this.secretsOf(row), ...newSecrets };
        const sealed = seal(this.key(), JSON.stringify(secrets), id);
        Object.assign(set, { ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.tag, keyId: sealed.keyId, encVersion: sealed.version, rotatedAt: now });
      }
      this.h.db.update(credentials).set(set).where(eq(credentials.id, id)).run();
      recordAudit(this.h.sqlite, { actor: by, action: 'credential.update', targetType: 'credential', targetId: id, details: { name, rotated: set.rotatedAt !== undefined }, at: now });
      return summary({ ...row, ...set } as Row);
    })();
  }

  /**
   * Deletes a credential that no workflow uses. `by`: who (audited as `credential.delete`).
   * @throws AppError('not_found'); AppError('conflict') listing every workflow draft and
   *   published version that references it (issues at `["references", i]`).
   */
  delete(id: string, by: string): void {
    this.h.sqlite.transaction(() => {
      const row = this.row(id);
      const refs = this.references(id);
      if (refs.length > 0) {
        const where = refs.map(describeRef);
        throw new AppError('conflict', `Cannot delete credential "${row.name}": it is used by ${where.join('; ')}. Remove it from those nodes first.`, refs.map((r, i) => ({ path: ['references', i], message: describeRef(r) })));
      }
      this.h.db.delete(credentials).where(eq(credentials.id, id)).run();
      recordAudit(this.h.sqlite, { actor: by, action: 'credential.delete', targetType: 'credential', targetId: id, details: { name: row.name }, at: this.clock() });
    })();
  }

  /**
   * Workflows (drafts of live workflows, and their published versions) whose nodes
   * reference `id`. Soft-deleted workflows are not counted.
   */
  references(id: string): CredentialReference[] {
    const needle = JSON.stringify(id);
    const out: CredentialReference[] = [];
    const drafts = this.h.db
      .select({ id: workflows.id, name: workflows.name, doc: workflows.draft })
      .from(workflows)
      .where(and(isNull(workflows.deletedAt), sql`instr(${workflows.draft}, ${needle}) > 0`))
      .orderBy(asc(workflows.name))
      .all();
    for (const d of drafts) out.push({ workflowId: d.id, workflowName: d.name, version: 'draft', nodeIds: nodesUsing(d.doc, needle) });
    const versions = this.h.db
      .select({ id: workflows.id, name: workflows.name, version: workflowVersions.version, doc: workflowVersions.document })
      .from(workflowVersions)
      .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
      .where(and(isNull(workflows.deletedAt), sql`instr(${workflowVersions.document}, ${needle}) > 0`))
      .orderBy(asc(workflows.name), asc(workflowVersions.version))
      .all();
    for (const v of versions) out.push({ workflowId: v.id, workflowName: v.name, version: v.version, nodeIds: nodesUsing(v.doc, needle) });
    return out.filter((r) => r.nodeIds.length > 0);
  }

  /**
   * The credential with its secrets decrypted. Server-side only: executors use it to
   * authenticate; it must never reach a response or a run record.
   * @throws AppError('not_found'); SecretKeyError when the configured key is not the one it was stored with.
   */
  reveal(id: string): RevealedCredential {
    const row = this.row(id);
    const type = row.type as CredentialType;
    const data: Record<string, string> = {};
    const publicFields = JSON.parse(row.fields) as Record<string, string>;
    const secrets = this.secretsOf(row);
    for (const f of credentialTypeSpec(type).fields) data[f.key] = f.secret ? (secrets[f.key] ?? '') : publicFields[f.key] || f.defaultValue || '';
    return { id: row.id, name: row.name, type, data };
  }

  private secretsOf(row: Row): Record<string, string> {
    const text = open(this.key(), { ciphertext: row.ciphertext, iv: row.iv, tag: row.authTag, keyId: row.keyId, version: row.encVersion }, row.id, `credential "${row.name}"`);
    return JSON.parse(text) as Record<string, string>;
  }

  private row(id: string): Row {
    const row = this.h.db.select().from(credentials).where(eq(credentials.id, id)).get();
    if (!row) throw new AppError('not_found', `no credential ${id}`, [{ path: ['id'], message: 'no such credential' }]);
    return row;
  }

  private assertNameFree(name: string, except?: string): void {
    const other = this.h.db.select({ id: credentials.id }).from(credentials).where(eq(credentials.name, name)).get();
    if (other && other.id !== except) throw new AppError('conflict', `a credential named "${name}" already exists`, [{ path: ['name'], message: 'name already used' }]);
  }
}

function summary(row: Row): CredentialSummary {
  const type = row.type as CredentialType;
  const publicFields = JSON.parse(row.fields) as Record<string, string>;
  const fields: Record<string, string> = {};
  for (const f of credentialTypeSpec(type).fields) fields[f.key] = f.secret ? SECRET_MASK : publicFields[f.key] || f.defaultValue || '';
  return { id: row.id, name: row.name, type, fields, createdAt: row.createdAt, updatedAt: row.updatedAt, rotatedAt: row.rotatedAt };
}

function checkName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (!n) throw new AppError('invalid', 'a credential needs a name', [{ path: ['name'], message: 'name is required' }]);
  if (n.length > MAX_NAME) throw new AppError('invalid', `the name is longer than ${MAX_NAME} characters`, [{ path: ['name'], message: `at most ${MAX_NAME} characters` }]);
  return n;
}

function parseData(type: CredentialType, data: unknown, partial: boolean): Record<string, string> {
  const r = credentialDataSchema(type, { partial }).safeParse(data ?? {});
  if (!r.success) {
    const first = r.error.issues[0]!;
    throw new AppError('invalid', `the ${credentialTypeSpec(type).label} credential is not valid: ${first.message}`, zodIssues(r.error.issues, ['data']));
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}

function split(type: CredentialType, data: Record<string, string>) {
  const publicFields: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const f of credentialTypeSpec(type).fields) {
    if (!(f.key in data)) continue;
    if (f.secret) secrets[f.key] = data[f.key]!;
    else publicFields[f.key] = data[f.key]!;
  }
  return { publicFields, secrets };
}

/** Ids of the nodes of a stored document whose config contains the JSON string `needle`. */
function nodesUsing(docText: string, needle: string): string[] {
  try {
    const doc = JSON.parse(docText) as { nodes?: { id: string; config?: unknown }[] };
    return (doc.nodes ?? []).filter((n) => JSON.stringify(n.config ?? {}).includes(needle)).map((n) => n.id);
  } catch {
    return [];
  }
}

function describeRef(r: CredentialReference): string {
  const where = r.version === 'draft' ? 'draft' : `version ${r.version}`;
  return `workflow "${r.workflowName}" (${where}, node${r.nodeIds.length === 1 ? '' : 's'} ${r.nodeIds.join(', ')})`;
}
