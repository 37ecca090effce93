// Baton's own better-auth configuration (`createAuth`) on a fresh PostgreSQL database
// through a node-postgres pool: the first admin set up through the people service,
// sign-in with its audit entries and the disabled-account refusal, sessions, API keys
// created, verified and revoked through the key service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '@/server/auth/auth';
import { ApiKeyService } from '@/server/auth/api-keys';
import { UserService } from '@/server/services/users';
import { openTestStorage, type TestStorage } from './helpers/backends';

let t: TestStorage;
let auth: Auth;
let users: UserService;
let keys: ApiKeyService;

beforeAll(async () => {
  t = await openTestStorage('postgres');
  auth = createAuth(t.pool!, t.storage, { secret: 'a-test-secret-of-at-least-32-characters!', env: { BATON_BASE_URL: 'http://127.0.0.1:3000' } });
  users = new UserService(t.storage, () => auth);
  keys = new ApiKeyService(t.storage, () => auth);
});

afterAll(async () => {
  await t?.close();
});

const signIn = (email: string, password: string) => auth.api.signInEmail({ body: { email, password }, asResponse: true });

describe('better-auth on PostgreSQL (createAuth over a pool)', () => {
  it('sets up the first admin, signs in, reads the session, and creates, verifies and revokes an API key', async () => {
    expect(await users.needsSetup()).toBe(true);
    const admin = await users.setupFirstAdmin({ name: 'Ada Admin', email: 'Ada@Example.test', password: 'correct horse battery' });
    expect(admin).toMatchObject({ email: 'ada@example.test', roles: ['admin'], disabled: false, canSignIn: true });
    expect(await users.needsSetup()).toBe(false);

    const res = await signIn('ada@example.test', 'correct horse battery');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toContain('baton.session_token=');
    const session = await auth.api.getSession({ headers: new Headers({ cookie }) });
    expect(session?.user).toMatchObject({ id: admin.id, email: 'ada@example.test' });
    expect(session!.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect((await t.storage.audit.list({ action: 'auth.sign_in', targetId: admin.id })).length).toBe(1);

    expect((await signIn('ada@example.test', 'wrong password!!')).status).toBe(401);
    expect(await t.storage.audit.list({ action: 'auth.sign_in_refused' })).toMatchObject([{ actor: 'anonymous', targetId: 'ada@example.test' }]);

    const created = await keys.create(admin.id, 'ci');
    expect(created.key.startsWith('baton_')).toBe(true);
    expect(created).toMatchObject({ name: 'ci', start: created.key.slice(0, 12), lastUsedAt: null, expiresAt: null });
    const verified = await auth.api.verifyApiKey({ body: { key: created.key } });
    expect(verified).toMatchObject({ valid: true, key: { referenceId: admin.id } });
    expect((await auth.api.verifyApiKey({ body: { key: `${created.key}x` } })).valid).toBe(false);
    expect((await keys.list(admin.id)).map((k) => k.id)).toEqual([created.id]);

    await keys.revoke(admin.id, created.id);
    expect((await auth.api.verifyApiKey({ body: { key: created.key } })).valid).toBe(false);
    await expect(keys.revoke(admin.id, created.id)).rejects.toMatchObject({ kind: 'not_found' });
    expect((await t.storage.audit.list({ targetType: 'api_key' })).map((e) => e.action)).toEqual(['api_key.revoke', 'api_key.create']);
  });

  it('creates people with a password who can sign in until disabled; disabling ends their sessions', async () => {
    const admin = (await users.people()).find((p) => p.roles.includes('admin'))!;
    const olga = await users.create({ name: 'Olga', email: 'olga@example.test', roles: ['operator'], password: 'olga-password-1' }, admin.id);
    const res = await signIn('olga@example.test', 'olga-password-1');
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(await users.signedIn(olga.id)).toMatchObject({ roles: ['operator'] });

    await users.update(olga.id, { disabled: true }, admin.id);
    expect(await users.signedIn(olga.id)).toBeNull();
    expect(await auth.api.getSession({ headers: new Headers({ cookie }) })).toBeNull();
    expect((await signIn('olga@example.test', 'olga-password-1')).status).toBe(403);
    await expect(users.update(admin.id, { roles: ['viewer'] }, admin.id)).rejects.toMatchObject({ kind: 'conflict' });
  });
});
