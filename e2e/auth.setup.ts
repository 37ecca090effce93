/**
 * Runs before the journeys (Playwright project dependency): signs in the bootstrap
 * admin, gives the seeded example people passwords, creates the journey people with
 * their roles, and saves everyone's session and the admin's API key (see `people.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test as setup, type APIRequestContext } from '@playwright/test';
import { ADMIN, AUTH_DIR, JOURNEY_PEOPLE, authFile, passwordOf, type PersonKey } from './people';

async function signIn(baseURL: string, email: string, password: string): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await ctx.post('/api/auth/sign-in/email', { data: { email, password } });
  expect(res.status(), `sign-in of ${email}: ${await res.text()}`).toBe(200);
  return ctx;
}

setup('sign everyone in', async ({ baseURL }) => {
  fs.mkdirSync(AUTH_DIR, { recursive: true });
  const admin = await signIn(baseURL!, ADMIN.email, ADMIN.password);
  await admin.storageState({ path: authFile('admin') });
  const key = await admin.post('/api/trpc/apiKeys.create', { data: { name: 'journeys' } });
  expect(key.status(), await key.text()).toBe(200);
  fs.writeFileSync(path.join(AUTH_DIR, 'admin-key.txt'), ((await key.json()) as { result: { data: { key: string } } }).result.data.key);

  const people = ((await (await admin.get('/api/trpc/users.people')).json()) as { result: { data: { id: string; email: string }[] } }).result.data;
  const emails: Record<string, string> = {};
  for (const id of ['alex', 'sam', 'priya'] as const) {
    const res = await admin.post('/api/trpc/users.setPassword', { data: { id, password: passwordOf(id) } });
    expect(res.status(), await res.text()).toBe(200);
    emails[id] = people.find((p) => p.id === id)!.email;
  }
  for (const p of JOURNEY_PEOPLE) {
    if (!people.some((x) => x.email === p.email)) {
      const res = await admin.post('/api/trpc/users.create', { data: { name: p.name, email: p.email, roles: p.roles, password: passwordOf(p.key) } });
      expect(res.status(), await res.text()).toBe(200);
    }
    emails[p.key] = p.email;
  }
  for (const [key, email] of Object.entries(emails)) {
    const ctx = await signIn(baseURL!, email, passwordOf(key as PersonKey));
    await ctx.storageState({ path: authFile(key as PersonKey) });
    await ctx.dispose();
  }
  await admin.dispose();
});
