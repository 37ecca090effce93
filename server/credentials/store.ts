/**
 * The credential store: create, list (masked), update (rename / rotate), delete
 * (refused while referenced) and reveal (server-side only, for executors).
 *
 * Nodes reference a credential by its id (`cred_…`) in their config, so rotating a
 * secret here changes what every referencing node sends from its next attempt on,
 * without editing or republishing any workflow.
 */
import 'server-only';
import type { Storage } from '../storage/port';
import type { CredentialChange, CredentialReference, CredentialRow } from '../storage/ports/credentials';
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

export type { CredentialReference } from '../storage/ports/credentials';

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

type Row = CredentialRow;

const notFound = (id: string) => new AppError('not_found', `no credential ${id}`, [{ path: ['id'], message: 'no such credential' }]);
const nameTaken = (name: string) => new AppError('conflict', `a credential named "${name}" already exists`, [{ path: ['name'], message: 'name already used' }]);

export class CredentialStore {
  constructor(
    private readonly storage: Pick<Storage, 'credentials'>,
    private readonly key: () => SecretKey,
    private readonly clock: () => number,
  ) {}

  /** Every credential, by name. Secrets are masked; nothing is decrypted. */
  async list(): Promise<CredentialSummary[]> {
    return (await this.storage.credentials.list()).map(summary);
  }

  /** @throws AppError('not_found') */
  async get(id: string): Promise<CredentialSummary> {
    return summary(await this.row(id));
  }

  /**
   * Stores a new credential; returns it masked. `by`: who (audited as `credential.create`).
   * @throws AppError('invalid') for an unknown type, a bad name or missing/short fields
   *   (issues at `["name"]`, `["type"]`, `["data", <field>]`); AppError('conflict') when the name is taken.
   */
  async create(input: CreateCredentialInput, by: string): Promise<CredentialSummary> {
    if (!(CREDENTIAL_TYPES as readonly string[]).includes(input.type))
      throw new AppError('invalid', `unknown credential type "${input.type}"; use one of ${CREDENTIAL_TYPES.join(', ')}`, [{ path: ['type'], message: 'unknown type' }]);
    const type = input.type as CredentialType;
    const name = checkName(input.name);
    const data = parseData(type, input.data, false);
    const id = newId('cred');
    const now = this.clock();
    const { publicFields, secrets } = split(type, data);
    const sealed = seal(this.key(), JSON.stringify(secrets), id);
    const row: Row = { id, name, type, fields: JSON.stringify(publicFields), ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.tag, keyId: sealed.keyId, encVersion: sealed.version, createdAt: now, updatedAt: now, rotatedAt: null };
    await this.storage.credentials.create(row, ({ nameTakenBy }) => {
      if (nameTakenBy) throw nameTaken(name);
      return [{ actor: by, action: 'credential.create', targetType: 'credential', targetId: id, details: { name, type }, at: now }];
    });
    return summary(row);
  }

  /**
   * Renames and/or changes fields. Secret fields given (non-empty) replace the stored
   * ones (rotation); the type cannot change. Every node referencing the credential uses
   * the new values from its next attempt on. `by`: who (audited as `credential.update`).
   * @throws AppError('not_found' | 'invalid' | 'conflict'); SecretKeyError when the
   *   stored secrets cannot be decrypted with the configured key and not all are replaced.
   */
  async update(id: string, input: UpdateCredentialInput, by: string): Promise<CredentialSummary> {
    const newName = input.name === undefined ? undefined : checkName(input.name);
    const after = await this.storage.credentials.update(id, newName, ({ row, nameTakenBy }) => {
      if (!row) throw notFound(id);
      const type = row.type as CredentialType;
      const name = newName ?? row.name;
      if (name !== row.name && nameTakenBy) throw nameTaken(name);
      const changes = input.data === undefined ? {} : parseData(type, input.data, true);
      const now = this.clock();
      const set: CredentialChange = { name, updatedAt: now };
      const given = split(type, changes);
      set.fields = JSON.stringify({ ...(JSON.parse(row.fields) as Record<string, string>), ...given.publicFields });
      const newSecrets = Object.fromEntries(Object.entries(given.secrets).filter(([, v]) => v !== ''));
      if (Object.keys(newSecrets).length > 0) {
        const all = credentialTypeSpec(type).fields.filter((f) => f.secret).every((f) => f.key in newSecrets);
        const secrets = all ? newSecrets : { ...this.secretsOf(row), ...newSecrets };
        const sealed = seal(this.key(), JSON.stringify(secrets), id);
        Object.assign(set, { ciphertext: sealed.ciphertext, iv: sealed.iv, authTag: sealed.tag, keyId: sealed.keyId, encVersion: sealed.version, rotatedAt: now });
      }
      return { set, audit: [{ actor: by, action: 'credential.update', targetType: 'credential', targetId: id, details: { name, rotated: set.rotatedAt !== undefined }, at: now }] };
    });
    if (!after) throw notFound(id);
    return summary(after);
  }

  /**
   * Deletes a credential that no workflow uses. `by`: who (audited as `credential.delete`).
   * @throws AppError('not_found'); AppError('conflict') listing every workflow draft and
   *   published version that references it (issues at `["references", i]`).
   */
  async delete(id: string, by: string): Promise<void> {
    await this.storage.credentials.delete(id, ({ row, references: refs }) => {
      if (!row) throw notFound(id);
      if (refs.length > 0) {
        const where = refs.map(describeRef);
        throw new AppError('conflict', `Cannot delete credential "${row.name}": it is used by ${where.join('; ')}. Remove it from those nodes first.`, refs.map((r, i) => ({ path: ['references', i], message: describeRef(r) })));
      }
      return [{ actor: by, action: 'credential.delete', targetType: 'credential', targetId: id, details: { name: row.name }, at: this.clock() }];
    });
  }

  /**
   * Workflows (drafts of live workflows, and their published versions) whose nodes
   * reference `id`. Soft-deleted workflows are not counted.
   */
  async references(id: string): Promise<CredentialReference[]> {
    return this.storage.credentials.references(id);
  }

  /**
   * The credential with its secrets decrypted. Server-side only: executors use it to
   * authenticate; it must never reach a response or a run record.
   * @throws AppError('not_found'); SecretKeyError when the configured key is not the one it was stored with.
   */
  async reveal(id: string): Promise<RevealedCredential> {
    const row = await this.row(id);
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

  private async row(id: string): Promise<Row> {
    const row = await this.storage.credentials.get(id);
    if (!row) throw notFound(id);
    return row;
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

function describeRef(r: CredentialReference): string {
  const where = r.version === 'draft' ? 'draft' : `version ${r.version}`;
  return `workflow "${r.workflowName}" (${where}, node${r.nodeIds.length === 1 ? '' : 's'} ${r.nodeIds.join(', ')})`;
}
