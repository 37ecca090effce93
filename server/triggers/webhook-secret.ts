/**
 * Where a webhook's HMAC signing secret comes from: a stored credential of type
 * `hmac` (its `data.secret`), read through `app.credentials` when a request arrives,
 * so rotating the credential takes effect at once.
 */
import 'server-only';
import type { App } from '../app';

/**
 * The signing secret of credential `credentialId`, or null when there is none.
 * @throws never: a missing or unreadable credential is null (the webhook answers 500 and starts nothing).
 */
export async function resolveWebhookSecret(app: App, credentialId: string): Promise<string | null> {
  if (!credentialId) return null;
  try {
    const secret = (await app.credentials.reveal(credentialId)).data.secret;
    return typeof secret === 'string' && secret.length > 0 ? secret : null;
  } catch {
    return null;
  }
}
