/**
 * Where a webhook's HMAC signing secret comes from: the one place to change when
 * credentials move. Today a stored credential is read through `app.credentials`
 * when the app has it (an `hmac` credential's `data.secret`); without a credential
 * store, the environment variable `BATON_WEBHOOK_SECRET_<ID>` (id upper-cased,
 * non-alphanumerics as `_`) provides it.
 */
import 'server-only';
import type { App } from '../app';

interface CredentialReader {
  reveal(id: string): { id: string; name: string; type: string; data: Record<string, string> } | null | undefined;
}

/**
 * The signing secret of credential `credentialId`, or null when there is none.
 * @throws never: a missing or unreadable credential is null (the webhook answers 500 and starts nothing).
 */
export function resolveWebhookSecret(app: App, credentialId: string): string | null {
  if (!credentialId) return null;
  const store = (app as App & { credentials?: CredentialReader }).credentials;
  if (store && typeof store.reveal === 'function') {
    try {
      const c = store.reveal(credentialId);
      const secret = c?.data?.secret;
      return typeof secret === 'string' && secret.length > 0 ? secret : null;
    } catch {
      return null;
    }
  }
  const env = process.env[`BATON_WEBHOOK_SECRET_${credentialId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`];
  return env && env.length > 0 ? env : null;
}
