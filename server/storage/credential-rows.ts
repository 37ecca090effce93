/** Pure helpers shared by both credential implementations: the column list and references from documents. */
import type { CredentialReference } from './ports/credentials';

/** Columns of a `CredentialRow` (aliases quoted for PostgreSQL). */
export const CREDENTIAL_COLUMNS = `id, name, type, fields, ciphertext, iv, auth_tag AS "authTag", key_id AS "keyId", enc_version AS "encVersion", created_at AS "createdAt", updated_at AS "updatedAt", rotated_at AS "rotatedAt"`;

/** The text searched for in stored documents: the id as a JSON string. */
export function credentialNeedle(id: string): string {
  return JSON.stringify(id);
}

/** Ids of the nodes of a stored document whose config contains the JSON string `needle` ([] for an unreadable document). */
export function nodesUsing(docText: string, needle: string): string[] {
  try {
    const doc = JSON.parse(docText) as { nodes?: { id: string; config?: unknown }[] };
    return (doc.nodes ?? []).filter((n) => JSON.stringify(n.config ?? {}).includes(needle)).map((n) => n.id);
  } catch {
    return [];
  }
}

/** A document that mentions the needle: a draft (`version` null) or a published version. */
export interface MentioningDocument {
  workflowId: string;
  workflowName: string;
  version: number | null;
  document: string;
}

/** The references among documents that mention `needle` (those whose nodes really use it). */
export function toReferences(docs: readonly MentioningDocument[], needle: string): CredentialReference[] {
  const out: CredentialReference[] = [];
  for (const d of docs) {
    const nodeIds = nodesUsing(d.document, needle);
    if (nodeIds.length) out.push({ workflowId: d.workflowId, workflowName: d.workflowName, version: d.version ?? 'draft', nodeIds });
  }
  return out;
}

/** A row read back: numbers as numbers. */
export function normalizeCredentialRow<T extends { encVersion: number; createdAt: number; updatedAt: number; rotatedAt: number | null }>(r: T): T {
  return { ...r, encVersion: Number(r.encVersion), createdAt: Number(r.createdAt), updatedAt: Number(r.updatedAt), rotatedAt: r.rotatedAt == null ? null : Number(r.rotatedAt) };
}
