// better-auth (sign-up, sign-in, sessions, API keys) works on the PostgreSQL schema
// through drizzle's node-postgres driver: its Date fields round-trip through the epoch-ms
// bigint columns, its booleans through boolean columns.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { apiKey } from '@better-auth/api-key';
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import { accounts, apiKeys, sessions, users, verifications } from '@/server/db/pg/schema';
import { createPgPool, pgDrizzle, type PgDb } from '@/server/db/pg/pool';
import { createTestPgDatabase, type TestPgDatabase } from './helpers/pg';

let db: TestPgDatabase;
let pool: pg.Pool;
let d: PgDb;

function authOn(database: PgDb) {
  return betterAuth({
    basePath: '/api/auth',
    baseURL: 'http://127.0.0.1:3000',
    secret: 'a-test-secret-of-at-least-32-characters!',
    telemetry: { enabled: false },
    logger: { disabled: true },
    database: drizzleAdapter(database, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications, apikey: apiKeys },
    }),
    user: { additionalFields: { roles: { type: 'string', required: false, defaultValue: 'viewer', input: false }, disabled: { type: 'boolean', required: false, defaultValue: false, input: false } } },
    emailAndPassword: { enabled: true, minPasswordLength: 10, autoSignIn: false },
    rateLimit: { enabled: false },
    plugins: [apiKey({ defaultPrefix: 'baton_', requireName: true, rateLimit: { enabled: false }, keyExpiration: { defaultExpiresIn: null } })],
  });
}

beforeAll(async () => {
  db = await createTestPgDatabase();
  pool = createPgPool(db.url, { max: 3 });
  d = pgDrizzle(pool);
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('better-auth on PostgreSQL', () => {
  it('signs up, signs in, reads the session and verifies an API key', async () => {
    const auth = authOn(d);
    const before = Date.now();
    const up = await auth.api.signUpEmail({ body: { name: 'Alex Rivera', email: 'alex@example.com', password: 'correct horse battery' } });
    const [u] = await d.select().from(users).where(eq(users.id, up.user.id));
    expect(u).toMatchObject({ email: 'alex@example.com', roles: 'viewer', disabled: false, emailVerified: false });
    expect(u!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    const raw = await pool.query('SELECT created_at FROM users WHERE id = $1', [up.user.id]);
    expect(raw.rows[0].created_at).toBe(u!.createdAt.getTime());

    const res = await auth.api.signInEmail({ body: { email: 'alex@example.com', password: 'correct horse battery' }, asResponse: true });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user.email).toBe('alex@example.com');
    expect(session!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 24 * 3600_000);
    await expect(auth.api.signInEmail({ body: { email: 'alex@example.com', password: 'wrong password!' } })).rejects.toThrow();

    const created = await auth.api.createApiKey({ body: { name: 'ci', userId: up.user.id } });
    expect(created.key.startsWith('baton_')).toBe(true);
    const verified = await auth.api.verifyApiKey({ body: { key: created.key } });
    expect(verified).toMatchObject({ valid: true, key: { referenceId: up.user.id } });
    expect((await auth.api.verifyApiKey({ body: { key: `${created.key}x` } })).valid).toBe(false);
    const [k] = await d.select().from(apiKeys);
    expect(k).toMatchObject({ enabled: true, name: 'ci' });
    expect(k!.createdAt).toBeInstanceOf(Date);
  });
});
