/**
 * Authentication of outbound requests from a stored credential, shared by the HTTP
 * request, Send webhook and AI step executors.
 */
import type { ExecutorContext } from '../executor';
import { StepError } from '../executor';
import { credentialTypeSpec, type CredentialType } from '../../credentials/types';

/** The credential types that authenticate a request by a header. */
export const HEADER_AUTH_TYPES = ['bearer', 'basic', 'apiKey', 'openai'] as const satisfies readonly CredentialType[];

/** Drops every header named `name` (any case) before setting it, so the credential wins. */
function put(headers: Record<string, string>, name: string, value: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  headers[name] = value;
}

/**
 * Adds the authentication header of credential `c` to `headers` (in place), replacing
 * a header of the same name: `bearer` and `openai` → `Authorization: Bearer …`,
 * `basic` → `Authorization: Basic base64(user:password)`, `apiKey` → `<header>: <value>`.
 * Returns the header name set (for dropping on cross-origin redirects).
 * @throws StepError `CREDENTIAL_TYPE` for a type that cannot authenticate a request (hmac).
 */
export function applyCredential(headers: Record<string, string>, c: { type: string; data: Record<string, string> }, where: string): string {
  switch (c.type) {
    case 'bearer':
      put(headers, 'Authorization', `Bearer ${c.data.token ?? ''}`);
      return 'Authorization';
    case 'openai':
      put(headers, 'Authorization', `Bearer ${c.data.apiKey ?? ''}`);
      return 'Authorization';
    case 'basic':
      put(headers, 'Authorization', `Basic ${Buffer.from(`${c.data.username ?? ''}:${c.data.password ?? ''}`, 'utf8').toString('base64')}`);
      return 'Authorization';
    case 'apiKey': {
      const name = c.data.header || 'X-API-Key';
      put(headers, name, c.data.value ?? '');
      return name;
    }
    default: {
      let label = c.type;
      try {
        label = credentialTypeSpec(c.type).label;
      } catch {
        /* unknown type: keep its id */
      }
      throw new StepError(`${where}: a ${label} credential cannot authenticate this request; choose a bearer, basic or API-key credential`, { code: 'CREDENTIAL_TYPE' });
    }
  }
}

/**
 * Resolves the node's credential (`credentialId`, empty = none) through the context.
 * @throws StepError `CREDENTIAL_UNAVAILABLE` when the runner offers no credential store;
 *   the resolver's own errors (`CREDENTIAL_NOT_FOUND`, `CREDENTIAL_KEY`) pass through.
 */
export async function resolveCredential(ctx: ExecutorContext, credentialId: string | undefined, where: string) {
  const id = (credentialId ?? '').trim();
  if (!id) return null;
  if (!ctx.credential) throw new StepError(`${where}: credentials are not available here`, { code: 'CREDENTIAL_UNAVAILABLE' });
  return ctx.credential(id);
}
