/**
 * Who is calling: resolves a request to a signed-in person from an API key
 * (`X-API-Key: baton_…` or `Authorization: Bearer baton_…`) or the session cookie,
 * and the checks every tRPC procedure and REST endpoint runs on the result.
 *
 * - {@link authenticate}: the principal, or null when the request carries neither.
 *   A key or session that is present but invalid (revoked, expired, disabled person)
 *   is an error (401), never a silent fallback to someone else.
 * - {@link authorize}: signed in (401 otherwise) and, for a permission, one of the
 *   roles that grant it (403, naming the permission and the roles that have it).
 * - {@link assertSameOrigin}: CSRF defence for cookie-authenticated state-changing
 *   requests (OWASP "verifying origin with standard headers"): `Origin` must be the
 *   origin the request was addressed to (or `BATON_BASE_URL`), else
 *   `Sec-Fetch-Site: same-origin`; API-key requests carry no ambient credential and
 *   need no check.
 */
import 'server-only';
import { AppError, asUnavailable } from '../errors';
import type { App } from '../app';
import { can, PERMISSIONS, type Permission } from '@/lib/auth/roles';
import type { SignedInUser } from '../services/users';
import { API_KEY_HEADER, API_KEY_PREFIX, originOf } from './auth';

export type { SignedInUser };

export interface Principal {
  user: SignedInUser;
  /** How the request proved who it is. */
  via: 'session' | 'api_key';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The API key a request carries, or null. */
export function apiKeyOf(req: Request): string | null {
  const header = req.headers.get(API_KEY_HEADER)?.trim();
  if (header) return header;
  const auth = req.headers.get('authorization')?.trim();
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m && m[1].startsWith(API_KEY_PREFIX) ? m[1] : null;
}

/**
 * The calling person, or null when the request carries no API key and no session cookie.
 * @throws AppError('unauthorized') for an unknown, revoked or expired API key, or a key or session of a disabled person.
 * @throws AppError('unavailable') when the database cannot be reached to check the key or session (503, not a
 * false 401 that would send a signed-in browser to the sign-in page during a database restart).
 */
export async function authenticate(app: App, req: Request): Promise<Principal | null> {
  const key = apiKeyOf(req);
  if (key) {
    const result = await app.auth.api.verifyApiKey({ body: { key } }).catch(() => null);
    const userId = result?.valid ? result.key?.referenceId : undefined;
    if (!userId) await assertDatabaseReachable(app);
    const user = userId ? await app.users.signedIn(userId).catch(rethrowUnreachable) : null;
    if (!user) throw new AppError('unauthorized', 'the API key is not valid (unknown, revoked or expired)', [{ path: ['headers', API_KEY_HEADER], message: 'invalid API key' }]);
    return { user, via: 'api_key' };
  }
  const cookie = req.headers.get('cookie');
  if (!cookie || !cookie.includes('baton.session_token')) return null;
  const session = await app.auth.api.getSession({ headers: req.headers }).catch(async () => {
    await assertDatabaseReachable(app);
    return null;
  });
  if (!session) return null;
  const user = await app.users.signedIn(session.user.id).catch(rethrowUnreachable);
  if (!user) throw new AppError('unauthorized', 'this account is disabled', []);
  return { user, via: 'session' };
}

/**
 * After a key or session check failed: better-auth reports a database it cannot reach as
 * an invalid key or a generic error, so the database is asked directly. One trivial query,
 * on the failure path only. @throws AppError('unavailable') when it does not answer.
 */
async function assertDatabaseReachable(app: App): Promise<void> {
  try {
    await app.storage.ping();
  } catch (err) {
    throw asUnavailable(err) ?? new AppError('unavailable', 'the database is not reachable at the moment; try again shortly');
  }
}

function rethrowUnreachable(err: unknown): never {
  throw asUnavailable(err) ?? err;
}

/**
 * Refuses a cookie-authenticated state-changing request that did not come from
 * Baton's own pages. @throws AppError('forbidden')
 */
export function assertSameOrigin(req: Request, principal: Principal | null): void {
  if (!principal || principal.via !== 'session' || SAFE_METHODS.has(req.method.toUpperCase())) return;
  const origin = req.headers.get('origin');
  const allowed = [originOf(req), process.env.BATON_BASE_URL?.trim().replace(/\/+$/, '')].filter(Boolean);
  if (origin && origin !== 'null') {
    if (allowed.includes(origin)) return;
  } else if (req.headers.get('sec-fetch-site') === 'same-origin') return;
  throw new AppError('forbidden', 'cross-site request refused: a signed-in browser may change things only from Baton’s own pages', [{ path: ['headers', 'origin'], message: 'origin does not match' }]);
}

/**
 * The permission check of every endpoint: a principal is required; with a
 * `permission`, one of the person's roles must grant it.
 * @throws AppError('unauthorized') when nobody is signed in, AppError('forbidden') when the roles do not allow it.
 */
export function authorize(principal: Principal | null, permission?: Permission): SignedInUser {
  if (!principal) throw new AppError('unauthorized', 'sign in first, or send an API key in the X-API-Key header');
  if (permission && !can(principal.user.roles, permission)) {
    const roles = PERMISSIONS[permission].join(' or ');
    throw new AppError('forbidden', `your role does not allow this (${permission} needs ${roles})`, [{ path: [], message: `missing permission ${permission}`, code: 'FORBIDDEN_ROLE' }]);
  }
  return principal.user;
}

