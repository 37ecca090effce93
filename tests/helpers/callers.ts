/**
 * tRPC callers acting as a given person in-process (no HTTP): the principal a
 * request with that person's API key would have. For service-level router tests;
 * black-box tests sign in over HTTP instead (see `tests/helpers/server.ts`).
 */
import type { App } from '@/server/app';
import { createCaller } from '@/server/api/root';
import { rawSql, type SqlTarget } from './raw-sql';

/** A caller for `userId` (who must exist and be enabled). @throws Error for an unknown or disabled person. */
export async function callerAs(app: App, userId: string) {
  const user = await app.users.signedIn(userId);
  if (!user) throw new Error(`no enabled person "${userId}"`);
  return createCaller({ app, req: new Request('http://127.0.0.1/api/trpc'), principal: { user, via: 'api_key' } });
}

/** Adds a person with `roles` (no password) straight to the database of a test app (`app.ts`), for in-process tests. Idempotent. */
export async function addPerson(db: SqlTarget, id: string, roles: string[]): Promise<void> {
  const now = Date.now();
  await rawSql(db, `INSERT INTO users (id, name, email, roles, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET roles = excluded.roles`, [
    id,
    id,
    `${id}@example.test`,
    roles.join(','),
    now,
    now,
  ]);
}

/** A fresh API key for `userId`, as REST requests send it (`X-API-Key`). */
export async function apiKeyHeaders(app: App, userId: string): Promise<Record<string, string>> {
  const { key } = await app.apiKeys.create(userId, 'test');
  return { 'x-api-key': key };
}
