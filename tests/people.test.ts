/**
 * People management through the tRPC caller: what an admin may do (add with a
 * password, rename, change roles, set a password, disable and enable), what everyone
 * else is refused (FORBIDDEN), the last-admin guard, and that disabling a person
 * stops their API keys at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteApp as App } from '@/server/app';
import { authenticate } from '@/server/auth/principal';
import { openTestApp, type TestApp } from './helpers/app';
import { addPerson, apiKeyHeaders, callerAs } from './helpers/callers';

let t: TestApp;
let app: App;
let adminId: string;

beforeAll(async () => {
  t = openTestApp('people');
  app = t.app;
  adminId = (await app.users.setupFirstAdmin({ name: 'Ada Admin', email: 'ada@example.test', password: 'correct horse battery' })).id;
  await addPerson(t, 'dana', ['designer']);
  await addPerson(t, 'vic', ['viewer']);
});
afterAll(async () => {
  await t.close();
});

const keyRequest = (headers: Record<string, string>) => new Request('http://127.0.0.1/api/v1/workflows', { headers });

describe('first-admin setup', () => {
  it('closes once an admin with a password exists, so nobody can take over an account through it', async () => {
    expect(await app.users.needsSetup()).toBe(false);
    await expect(app.users.setupFirstAdmin({ name: 'Mallory', email: 'ada@example.test', password: 'mallory’s new password' })).rejects.toMatchObject({ kind: 'forbidden' });
    expect(await app.audit.list({ action: 'user.password_set', targetId: adminId })).toEqual([]);
    expect(await app.audit.list({ action: 'user.setup' })).toHaveLength(1);
  });
});

describe('as an admin', () => {
  it('lists people with roles and sign-in state', async () => {
    const people = await (await callerAs(app, adminId)).users.people();
    expect(people.find((p) => p.id === adminId)).toMatchObject({ email: 'ada@example.test', roles: ['admin'], disabled: false, canSignIn: true });
    expect(people.find((p) => p.id === 'dana')).toMatchObject({ roles: ['designer'], disabled: false, canSignIn: false });
  });

  it('adds a person who can sign in, and audits it', async () => {
    const admin = await callerAs(app, adminId);
    const p = await admin.users.create({ name: 'Olga Operator', email: ' Olga@Example.test ', roles: ['operator', 'approver'], password: 'a long enough password' });
    expect(p).toMatchObject({ name: 'Olga Operator', email: 'olga@example.test', roles: ['operator', 'approver'], canSignIn: true, disabled: false });
    expect(await app.audit.list({ action: 'user.create', targetId: p.id })).toHaveLength(1);
  });

  it('sends field issues for bad input and a taken email', async () => {
    const admin = await callerAs(app, adminId);
    await expect(admin.users.create({ name: 'X', email: 'not-an-email', roles: ['viewer'], password: 'a long enough password' })).rejects.toMatchObject({
      code: 'UNPROCESSABLE_CONTENT',
      cause: { issues: [{ path: ['email'] }] },
    });
    await expect(admin.users.create({ name: 'X', email: 'x@example.test', roles: [], password: 'a long enough password' })).rejects.toMatchObject({ cause: { issues: [{ path: ['roles'] }] } });
    await expect(admin.users.create({ name: 'X', email: 'x@example.test', roles: ['viewer'], password: 'short' })).rejects.toMatchObject({ cause: { issues: [{ path: ['password'] }] } });
    await expect(admin.users.create({ name: 'Again', email: 'olga@example.test', roles: ['viewer'], password: 'a long enough password' })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { issues: [{ path: ['email'] }] },
    });
  });

  it('renames, changes roles and sets a first password', async () => {
    const admin = await callerAs(app, adminId);
    expect(await admin.users.update({ id: 'dana', change: { name: 'Dana Designer', roles: ['designer', 'operator'] } })).toMatchObject({ name: 'Dana Designer', roles: ['designer', 'operator'] });
    await admin.users.setPassword({ id: 'dana', password: 'dana’s first password' });
    expect((await admin.users.people()).find((p) => p.id === 'dana')?.canSignIn).toBe(true);
    await expect(admin.users.setPassword({ id: 'dana', password: 'short' })).rejects.toMatchObject({ cause: { issues: [{ path: ['password'] }] } });
    expect((await app.audit.list({ targetId: 'dana' })).map((e) => e.action)).toEqual(['user.password_set', 'user.update']);
  });
});

describe('as someone else', () => {
  it('refuses every people procedure with FORBIDDEN', async () => {
    for (const who of ['dana', 'vic']) {
      const c = await callerAs(app, who);
      await expect(c.users.people()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.users.create({ name: 'Eve', email: 'eve@example.test', roles: ['admin'], password: 'a long enough password' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.users.update({ id: who, change: { roles: ['admin'] } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.users.update({ id: adminId, change: { disabled: true } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(c.users.setPassword({ id: adminId, password: 'taken over password' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await app.users.signedIn('vic'))?.roles).toEqual(['viewer']);
    expect(await app.users.signedIn(adminId)).not.toBeNull();
  });

  it('still answers me and the pickers', async () => {
    const c = await callerAs(app, 'vic');
    expect(await c.users.me()).toMatchObject({ id: 'vic', roles: ['viewer'] });
    expect((await c.users.list()).length).toBeGreaterThan(2);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or disabled, and the refusal points at roles', async () => {
    const admin = await callerAs(app, adminId);
    const conflict = { code: 'CONFLICT', message: expect.stringContaining('at least one enabled admin'), cause: { issues: [{ path: ['roles'] }] } };
    await expect(admin.users.update({ id: adminId, change: { roles: ['designer'] } })).rejects.toMatchObject(conflict);
    await expect(admin.users.update({ id: adminId, change: { disabled: true } })).rejects.toMatchObject(conflict);
    expect((await app.users.signedIn(adminId))?.roles).toEqual(['admin']);
  });

  it('an admin without a password does not count: the only one who can sign in is still the last', async () => {
    await addPerson(t, 'ghost', ['admin']);
    await expect((await callerAs(app, adminId)).users.update({ id: adminId, change: { roles: ['viewer'] } })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('can step down once someone else is an enabled admin', async () => {
    const admin = await callerAs(app, adminId);
    await admin.users.update({ id: 'dana', change: { roles: ['admin', 'designer'] } });
    expect(await admin.users.update({ id: adminId, change: { roles: ['admin', 'viewer'] } })).toMatchObject({ roles: ['admin', 'viewer'] });
    await (await callerAs(app, 'dana')).users.update({ id: adminId, change: { roles: ['admin'] } });
    await admin.users.update({ id: 'dana', change: { roles: ['designer', 'operator'] } });
  });
});

describe('disabling a person', () => {
  it('stops their API key at once, and enabling brings it back', async () => {
    const headers = await apiKeyHeaders(app, 'vic');
    expect(await authenticate(app, keyRequest(headers))).toMatchObject({ via: 'api_key', user: { id: 'vic' } });
    // Also as a bearer token.
    expect(await authenticate(app, keyRequest({ authorization: `Bearer ${headers['x-api-key']}` }))).toMatchObject({ user: { id: 'vic' } });

    await (await callerAs(app, adminId)).users.update({ id: 'vic', change: { disabled: true } });
    expect(await app.users.signedIn('vic')).toBeNull();
    await expect(authenticate(app, keyRequest(headers))).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(callerAs(app, 'vic')).rejects.toThrow();
    expect((await (await callerAs(app, adminId)).users.people()).find((p) => p.id === 'vic')).toMatchObject({ disabled: true });

    await (await callerAs(app, adminId)).users.update({ id: 'vic', change: { disabled: false } });
    expect(await authenticate(app, keyRequest(headers))).toMatchObject({ user: { id: 'vic' } });
    expect((await app.audit.list({ action: 'user.update', targetId: 'vic' })).map((e) => e.details.disabled)).toEqual([false, true]);
  });

  it('a revoked key stops working', async () => {
    const c = await callerAs(app, 'vic');
    const { key, id } = await c.apiKeys.create({ name: 'ci' });
    const listed = (await c.apiKeys.list()).find((k) => k.id === id);
    expect(listed).toMatchObject({ name: 'ci', lastUsedAt: null });
    expect(key.startsWith(listed!.start) && listed!.start.length < key.length).toBe(true);
    await c.apiKeys.revoke({ id });
    await expect(authenticate(app, keyRequest({ 'x-api-key': key }))).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect((await callerAs(app, 'dana')).apiKeys.revoke({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('first-admin setup on a fresh install', () => {
  it('two visitors racing: exactly one becomes admin, the other is refused', async () => {
    const fresh = openTestApp('people-race');
    try {
      const results = await Promise.allSettled([
        fresh.app.users.setupFirstAdmin({ name: 'First', email: 'first@example.test', password: 'first-password-1' }),
        fresh.app.users.setupFirstAdmin({ name: 'Second', email: 'second@example.test', password: 'second-password-1' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ kind: 'forbidden' });
      expect((await fresh.app.users.people()).filter((p) => p.roles.includes('admin'))).toHaveLength(1);
      expect(await fresh.app.users.needsSetup()).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});
