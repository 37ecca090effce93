/**
 * better-auth's `hooks.before` / `hooks.after` for Baton: the per-account sign-in limit
 * ({@link AccountLock}) and the audit entries of better-auth's own endpoints.
 *
 * Audited here (actor: the signed-in person, or `anonymous` for refused sign-ins; the
 * client address from `client-address.ts` in `details.ip`):
 * - `auth.sign_in_refused` for every refused `/sign-in/email` (wrong password, disabled,
 *   locked account), `auth.account_locked` when failures lock an account;
 * - `user.password_changed` for `/change-password`, `user.update` for a person renaming
 *   themselves through `/update-user`;
 * - `api_key.create`, `api_key.update`, `api_key.revoke` for `/api-key/create`,
 *   `/api-key/update` and `/api-key/delete` called over HTTP (Baton's own key service
 *   calls better-auth in-process and records its entries itself).
 * - `auth.sign_out` for `/sign-out` with a session (actor: the person whose session ends);
 *   `auth.session_revoke` for `/revoke-session`, `/revoke-sessions` and
 *   `/revoke-other-sessions` (`details.scope`: `one`, `all`, `others`).
 * The successful sign-in is recorded when its session is created (`auth.ts`).
 */
import 'server-only';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import type { AuditAction } from '@/lib/audit/actions';
import type { AuditStorePort } from '../storage/ports/audit';
import type { AccountLock } from './account-lock';
import { clientAddress } from './client-address';

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const SIGN_IN = '/sign-in/email';
const SIGN_OUT = '/sign-out';
/** better-auth's session-revoking endpoints and the `details.scope` of their audit entry. */
const REVOKE_SCOPE: Record<string, string> = { '/revoke-session': 'one', '/revoke-sessions': 'all', '/revoke-other-sessions': 'others' };

/**
 * The person signing out, per request: `/sign-out` deletes the session before the after
 * hook runs, so the before hook looks it up (the endpoint itself uses no session middleware).
 */
const signingOut = new WeakMap<Request, string>();

/** The email a sign-in request names, lowercased (at most 320 characters), or ''. */
function emailOf(ctx: Ctx): string {
  const e = (ctx.body as { email?: unknown } | undefined)?.email;
  return typeof e === 'string' ? e.trim().toLowerCase().slice(0, 320) : '';
}

function ipOf(ctx: Ctx): string {
  return ctx.headers ? clientAddress(ctx.headers) : 'unknown';
}

/** The `hooks` option of `createAuth`. */
export function authHooks(auditLog: Pick<AuditStorePort, 'append'>, lock: AccountLock, clock: () => number) {
  const audit = (actor: string, action: AuditAction, targetType: string, targetId: string, details: Record<string, string | number | boolean | null>) =>
    auditLog.append([{ actor, action, targetType, targetId, details, at: clock() }]);

  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path === SIGN_OUT && ctx.request) {
        const token = await ctx.getSignedCookie(ctx.context.authCookies.sessionToken.name, ctx.context.secret);
        const found = token ? await ctx.context.internalAdapter.findSession(token) : null;
        if (found) signingOut.set(ctx.request, found.user.id);
        return;
      }
      if (ctx.path !== SIGN_IN) return;
      const email = emailOf(ctx);
      const wait = email ? lock.lockedFor(email) : 0;
      if (!wait) return;
      await audit('anonymous', 'auth.sign_in_refused', 'user', email, { reason: 'account locked', ip: ipOf(ctx) });
      throw new APIError(
        'TOO_MANY_REQUESTS',
        { message: `Too many failed sign-ins for this account. Try again in ${wait} s.`, code: 'ACCOUNT_LOCKED' },
        { 'Retry-After': String(wait) },
      );
    }),
    after: createAuthMiddleware(async (ctx) => {
      const returned = ctx.context.returned;
      const failed = returned instanceof APIError;
      if (ctx.path === SIGN_IN) {
        const email = emailOf(ctx);
        if (!failed) {
          if (email) lock.succeed(email);
          return;
        }
        const ip = ipOf(ctx);
        await audit('anonymous', 'auth.sign_in_refused', 'user', email, { reason: returned.message, ip });
        if (email && returned.statusCode === 401) {
          const locked = lock.fail(email);
          if (locked) await audit('anonymous', 'auth.account_locked', 'user', email, { lockSeconds: locked, ip });
        }
        return;
      }
      if (failed) return;
      if (ctx.path === SIGN_OUT) {
        const actor = ctx.request ? signingOut.get(ctx.request) : undefined;
        if (actor) await audit(actor, 'auth.sign_out', 'user', actor, { ip: ipOf(ctx) });
        return;
      }
      const userId = ctx.context.session?.user.id;
      const scope = REVOKE_SCOPE[ctx.path];
      if (scope) {
        if (userId) await audit(userId, 'auth.session_revoke', 'user', userId, { scope, ip: ipOf(ctx) });
        return;
      }
      if (ctx.path === '/change-password') {
        if (userId) await audit(userId, 'user.password_changed', 'user', userId, { ip: ipOf(ctx) });
        return;
      }
      if (ctx.path === '/update-user') {
        const name = (ctx.body as { name?: unknown } | undefined)?.name;
        if (userId && typeof name === 'string') await audit(userId, 'user.update', 'user', userId, { name: name.slice(0, 200), ip: ipOf(ctx) });
        return;
      }
      // In-process calls (no Request) come from ApiKeyService, which audits them itself.
      if (!ctx.request || !userId || !ctx.path.startsWith('/api-key/')) return;
      const body = (ctx.body ?? {}) as { keyId?: unknown; name?: unknown };
      const keyId = ctx.path === '/api-key/create' ? (returned as { id?: unknown } | null)?.id : body.keyId;
      if (typeof keyId !== 'string') return;
      const name = typeof body.name === 'string' ? body.name.slice(0, 64) : null;
      if (ctx.path === '/api-key/create') await audit(userId, 'api_key.create', 'api_key', keyId, { name, ip: ipOf(ctx) });
      else if (ctx.path === '/api-key/update') await audit(userId, 'api_key.update', 'api_key', keyId, { name, ip: ipOf(ctx) });
      else if (ctx.path === '/api-key/delete') await audit(userId, 'api_key.revoke', 'api_key', keyId, { ip: ipOf(ctx) });
    }),
  };
}
