/**
 * Where a webhook's HMAC signing secret comes from: the stored credential named by
 * the trigger (type `hmac`, its `data.secret`), decrypted by `app.credentials`. The
 * one place to change if secrets move elsewhere.
 */
import 'server-only';
import type { App } from '../app';

/**
 * The signing secret of credential `credentialId`, or null when the credential does
 * not exist, is not an `hmac` credential, has an empty secret or cannot be decrypted.
 * @throws never: the webhook answers 500 and starts nothing when this is null.
 */
export function resolveWebhookSecret(app: App, credentialId: string): string | null {
  if (!credentialId) return null;
  try {
    const c = app.credentials.reveal(credentialId);
    const secret = c.type === 'hmac' ? c.data.secret : undefined;
    return typeof secret === 'string' && secret.length > 0 ? secret : null;
  } catch {
    return null;
  }
}
