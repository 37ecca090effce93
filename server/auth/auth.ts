/**
 * Sign-in, sessions and API keys, built on better-auth (https://www.better-auth.com)
 * over Baton's own database through its drizzle adapter — the SQLite file, or the
 * PostgreSQL database through a node-postgres pool (`server/db/pg/schema-accounts.ts`,
 * same tables and columns): tables `users`,
 * `sessions`, `accounts` (password hashes, scrypt), `verifications` and `api_keys`
 * (`@better-auth/api-key`, SHA-256 hashes only).
 *
 * Choices, all in {@link createAuth}:
 * - email and password only; public sign-up is off (admins create people, the first
 *   admin comes from `BATON_ADMIN_EMAIL`/`BATON_ADMIN_PASSWORD` or the setup page);
 * - cookies `baton.session_token` (signed), HttpOnly, SameSite=Lax, Secure when the
 *   base URL is https; sessions last 7 days, refreshed daily;
 * - better-auth's own endpoints (`/api/auth/*`) accept a state-changing request only
 *   from a trusted origin: the origin the request was addressed to (its Host) or
 *   `BATON_BASE_URL`;
 * - sign-in is rate limited per client address (the socket's peer, or behind a proxy
 *   named in `BATON_TRUSTED_PROXIES` the right-most untrusted `X-Forwarded-For` entry;
 *   see `client-address.ts`): `BATON_SIGNIN_LIMIT` attempts (default 10) per
 *   `BATON_SIGNIN_WINDOW_S` seconds (default 60), answered 429; and per account,
 *   whatever the address (`account-lock.ts`): `BATON_ACCOUNT_LOCK_FAILURES` refused
 *   passwords within `BATON_ACCOUNT_LOCK_WINDOW_S` lock the account for `BATON_ACCOUNT_LOCK_S`;
 * - a disabled person cannot sign in (403) and their sessions are ended on disable;
 * - sign-in (and a refused one, with the client address), a locked account, a person
 *   changing their own password and API keys made through `/api/auth/api-key/*` are
 *   written to the audit log (`auth-hooks.ts`);
 * - telemetry off.
 * The signing secret is derived from Baton's master key (see `server/credentials/crypto.ts`)
 * unless `BATON_AUTH_SECRET` is set.
 */
import 'server-only';
import crypto from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { apiKey } from '@better-auth/api-key';
import type pg from 'pg';
import type { DbHandle } from '../db/open';
import { accounts, apiKeys, sessions, users, verifications } from '../db/schema';
import * as pgSchema from '../db/pg/schema-accounts';
import { pgDrizzle } from '../db/pg/pool';
import type { Storage } from '../storage/port';
import { AccountLock, accountLockOptions } from './account-lock';
import { authHooks } from './auth-hooks';
import { clientAddressHeader, clientAddressHookInstalled } from './client-address';
import { newId } from '@/lib/util/ids';

/** Id prefixes of better-auth's models. */
const ID_PREFIX: Record<string, string> = { user: 'usr', session: 'ses', account: 'acc', verification: 'ver', apikey: 'key' };

/** Prefix of every API key Baton issues (`baton_…`), so leaked keys are recognisable. */
export const API_KEY_PREFIX = 'baton_';
/** Request headers that carry an API key: `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
export const API_KEY_HEADER = 'x-api-key';

export interface AuthOptions {
  /** Key material for signing cookies (≥ 32 bytes recommended). */
  secret: string;
  clock?: () => number;
  env?: Record<string, string | undefined>;
}

function positiveInt(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The cookie-signing secret: `BATON_AUTH_SECRET`, else HMAC-SHA256(master key, "baton-auth-v1") in hex. */
export function authSecret(masterKey: Buffer, env: Record<string, string | undefined> = process.env): string {
  const own = env.BATON_AUTH_SECRET?.trim();
  if (own) return own;
  return crypto.createHmac('sha256', masterKey).update('baton-auth-v1').digest('hex');
}

/** The origin a request was addressed to (`X-Forwarded-Proto`/`-Host`, else `Host`). */
export function originOf(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || req.headers.get('host') || url.host;
  const proto = req.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(/:$/, '');
  return `${proto}://${host}`;
}

/** The database better-auth keeps its tables in: the opened SQLite file, or a pool on the PostgreSQL database. */
export type AuthDatabase = DbHandle | pg.Pool;

/** better-auth's drizzle adapter over `db`, its models mapped onto Baton's tables. */
function adapterFor(db: AuthDatabase) {
  if ('sqlite' in db) {
    return drizzleAdapter(db.db, { provider: 'sqlite', schema: { user: users, session: sessions, account: accounts, verification: verifications, apikey: apiKeys } });
  }
  const s = pgSchema;
  return drizzleAdapter(pgDrizzle(db), { provider: 'pg', schema: { user: s.users, session: s.sessions, account: s.accounts, verification: s.verifications, apikey: s.apiKeys } });
}

/**
 * Builds the better-auth instance over `db` (the same database as `storage`: people are
 * read through its people port, audit entries appended through its audit port). Cheap; one per app.
 */
export function createAuth(db: AuthDatabase, storage: Pick<Storage, 'people' | 'audit'>, opts: AuthOptions) {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? Date.now;
  const baseURL = env.BATON_BASE_URL?.trim() || undefined;
  const lock = new AccountLock({ ...accountLockOptions(env), clock });
  const isDisabled = async (userId: string) => (await storage.people.userAccess(userId))?.disabled === true;
  return betterAuth({
    appName: 'Baton',
    basePath: '/api/auth',
    ...(baseURL ? { baseURL } : {}),
    secret: opts.secret,
    telemetry: { enabled: false },
    logger: { level: 'error' },
    database: adapterFor(db),
    user: {
      modelName: 'user',
      additionalFields: {
        roles: { type: 'string', required: false, defaultValue: 'viewer', input: false },
        disabled: { type: 'boolean', required: false, defaultValue: false, input: false },
      },
    },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 256, autoSignIn: false },
    session: { expiresIn: 7 * 24 * 3600, updateAge: 24 * 3600 },
    trustedOrigins: (request) => [request ? originOf(request) : undefined, baseURL],
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: positiveInt(env.BATON_SIGNIN_WINDOW_S, 60), max: positiveInt(env.BATON_SIGNIN_LIMIT, 10) },
      },
    },
    advanced: {
      cookiePrefix: 'baton',
      useSecureCookies: baseURL?.startsWith('https://') ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', path: '/' },
      // The address the server resolved from the socket, under a header name no client can
      // know (never a client-sent header). Read per request: before the hook is installed no
      // header is trusted, and better-auth's rate limit counts the request in one shared bucket.
      ipAddress: {
        get ipAddressHeaders() {
          return clientAddressHookInstalled() ? [clientAddressHeader()] : [];
        },
      },
      // Ids like the rest of Baton's (`usr_…`, `ses_…`): readable in the audit log and in task assignments.
      database: { generateId: ({ model }) => newId(ID_PREFIX[model] ?? 'id') },
    },
    databaseHooks: {
      session: {
        create: {
          before: async (session) => {
            if (await isDisabled(session.userId)) throw new APIError('FORBIDDEN', { message: 'This account is disabled. Ask an admin to enable it.' });
          },
          after: async (session) => {
            await storage.audit.append([{ actor: session.userId, action: 'auth.sign_in', targetType: 'user', targetId: session.userId, details: { ip: session.ipAddress ?? null }, at: clock() }]);
          },
        },
      },
    },
    hooks: authHooks(storage.audit, lock, clock),
    plugins: [
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        apiKeyHeaders: [API_KEY_HEADER],
        requireName: true,
        maximumNameLength: 64,
        startingCharactersConfig: { shouldStore: true, charactersLength: API_KEY_PREFIX.length + 6 },
        rateLimit: { enabled: false },
        keyExpiration: { defaultExpiresIn: null },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
