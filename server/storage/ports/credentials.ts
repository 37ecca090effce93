/**
 * Encrypted credentials: rows of ciphertext (sealed and opened in `server/credentials`,
 * never here), the workflow drafts and versions that reference them, rotation.
 *
 * Read-check-write operations take a pure, synchronous `decide` (see `../port.ts`): it
 * sees the state read in the operation's transaction (PostgreSQL: the row locked
 * `FOR UPDATE`), returns what to write with its audit entries, or throws to refuse. It
 * may run twice on PostgreSQL (retried transaction): no effects outside its result.
 */
import type { AuditInput } from './audit';

/** A stored credential. Times are epoch ms. */
export interface CredentialRow {
  id: string;
  name: string;
  /** bearer | basic | apiKey | hmac | openai (`lib/credentials/types.ts`). */
  type: string;
  /** JSON object of the non-secret fields. */
  fields: string;
  /** The secret fields, sealed (base64). */
  ciphertext: string;
  iv: string;
  authTag: string;
  keyId: string;
  encVersion: number;
  createdAt: number;
  updatedAt: number;
  /** When the secret was last replaced (null: never since creation). */
  rotatedAt: number | null;
}

/** What an update may change (the id and type never change). */
export type CredentialChange = Partial<Omit<CredentialRow, 'id' | 'type' | 'createdAt'>>;

/** Where a credential is used: one workflow draft or published version, and its nodes. */
export interface CredentialReference {
  workflowId: string;
  workflowName: string;
  /** `draft`, or the published version number. */
  version: 'draft' | number;
  /** Ids of the nodes whose config holds the credential's id. */
  nodeIds: string[];
}

export interface CredentialStorePort {
  /** Every credential, by name. */
  list(): Promise<CredentialRow[]>;
  /** One credential, or null. */
  get(id: string): Promise<CredentialRow | null>;
  /**
   * Drafts of live (not deleted) workflows, then their published versions, whose nodes
   * reference credential `id`; by workflow name, then version.
   */
  references(id: string): Promise<CredentialReference[]>;
  /**
   * Inserts `row` after `decide({ nameTakenBy })` (the id of another credential with that
   * name, or null) returned the audit entries. @throws what `decide` throws.
   */
  create(row: CredentialRow, decide: (s: { nameTakenBy: string | null }) => AuditInput[]): Promise<void>;
  /**
   * Changes credential `id` (renames, rotates): `decide({ row, nameTakenBy })` sees the
   * stored row (null when unknown) and who else holds `name` (when given), and returns
   * the columns to set and the audit entries. @returns the row after (null when unknown).
   * @throws what `decide` throws.
   */
  update(id: string, name: string | undefined, decide: (s: { row: CredentialRow | null; nameTakenBy: string | null }) => { set: CredentialChange; audit?: AuditInput[] }): Promise<CredentialRow | null>;
  /**
   * Deletes credential `id` after `decide({ row, references })` (null when unknown; every
   * draft and version using it) returned the audit entries. @throws what `decide` throws.
   */
  delete(id: string, decide: (s: { row: CredentialRow | null; references: CredentialReference[] }) => AuditInput[]): Promise<void>;
}
