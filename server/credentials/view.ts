/** Credential views for the APIs: the masked summary plus where it is used. Never secrets. */
import 'server-only';
import type { CredentialReference, CredentialStore, CredentialSummary } from './store';

export interface CredentialView extends CredentialSummary {
  usedBy: CredentialReference[];
}

/** Every credential with its references (one scan of the workflow documents per credential). */
export function listCredentialViews(store: CredentialStore): CredentialView[] {
  return store.list().map((c) => ({ ...c, usedBy: store.references(c.id) }));
}

/** One credential with its references. @throws AppError('not_found') */
export function credentialView(store: CredentialStore, id: string): CredentialView {
  return { ...store.get(id), usedBy: store.references(id) };
}

/** The REST body: times as ISO-8601. */
export function credentialBody(v: CredentialView) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return { ...v, createdAt: iso(v.createdAt), updatedAt: iso(v.updatedAt), rotatedAt: v.rotatedAt == null ? null : iso(v.rotatedAt) };
}
