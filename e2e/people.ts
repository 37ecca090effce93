/**
 * Who the journeys act as. `auth.setup.ts` signs everyone in once and saves each
 * person's cookies to `.e2e/auth/<id>.json` (Playwright storage state) and the admin's
 * API key to `.e2e/auth/admin-key.txt`; journeys load them from here.
 *
 * People: the bootstrap admin (server env), the seeded example people alex (designer,
 * operator), sam and priya (approvers, group finance), and three made for the
 * journeys: dana (designer), oscar (operator), vic (viewer).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

export const AUTH_DIR = path.resolve('.e2e/auth');
export const ADMIN = { email: 'admin@baton.test', password: 'admin-password-1', name: 'Ada Admin' } as const;
/** The people made by the setup, with their roles. */
export const JOURNEY_PEOPLE = [
  { key: 'dana', name: 'Dana Designer', email: 'dana@example.test', roles: ['designer'] },
  { key: 'oscar', name: 'Oscar Operator', email: 'oscar@example.test', roles: ['operator'] },
  { key: 'vic', name: 'Vic Viewer', email: 'vic@example.test', roles: ['viewer'] },
] as const;
export type PersonKey = 'admin' | 'alex' | 'sam' | 'priya' | 'dana' | 'oscar' | 'vic';
export const passwordOf = (key: PersonKey) => (key === 'admin' ? ADMIN.password : `${key}-password-1`);

/** Path of a person's saved cookies (storage state). */
export function authFile(key: PersonKey): string {
  return path.join(AUTH_DIR, `${key}.json`);
}

/** The admin's API key (REST calls of the `request` fixture). */
export function adminKey(): string {
  return fs.readFileSync(path.join(AUTH_DIR, 'admin-key.txt'), 'utf8').trim();
}

/** Replaces a browser context's cookies with a person's session: the page now acts as them. */
export async function useSessionOf(context: BrowserContext, key: PersonKey): Promise<void> {
  const state = JSON.parse(fs.readFileSync(authFile(key), 'utf8')) as { cookies: Parameters<BrowserContext['addCookies']>[0] };
  await context.clearCookies();
  await context.addCookies(state.cookies);
}

/** Signs the page in as `key` (their saved session) and reloads nothing: navigate afterwards. */
export async function signInAs(page: Page, key: PersonKey): Promise<void> {
  await useSessionOf(page.context(), key);
}
