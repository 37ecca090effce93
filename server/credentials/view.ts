/** Credential views for the APIs: the masked summary plus where it is used. Never secrets. */
import 'server-only';
import type { CredentialReference, CredentialStore, CredentialSummary } from './store';

export interface CredentialView extends CredentialSummary {
  usedBy: CredentialReference[];
}

/** Every credential with its references (one scan of the workflow documents per credential). */
export async function listCredentialViews(store: CredentialStore): Promise<CredentialView[]> {
  const list = await store.list();
  return Promise.all(list.map(async (c) => ({ ...c, usedBy: await store.references(c.id) })));
}

/** One credential with its references. @throws AppError('not_found') */
export async function credentialView(store: CredentialStore, id: string): Promise<CredentialView> {
  const [c, usedBy] = await Promise.all([store.get(id), store.references(id)]);
  return { ...c, usedBy };
}

/** The REST body: times as ISO-8601. */
export function credentialBody(v: CredentialView) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return { ...v, createdAt: iso(v.createdAt), updatedAt: iso(v.updatedAt), rotatedAt: v.rotatedAt == null ? null : iso(v.rotatedAt) };
}
