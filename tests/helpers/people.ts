/**
 * People over HTTP for black-box tests against a running server: sign in (the session
 * cookie), call tRPC as a browser would (with `Origin`), create people with roles,
 * and give them API keys for REST calls.
 *
 * - `signIn(baseUrl, email, password)` → the `Cookie` header value. @throws Error when refused.
 * - `trpc(baseUrl, cookie, 'users.create', input)` → `{ status, body }` (mutation; POST).
 * - `createPerson(baseUrl, adminCookie, { name, email, roles, password })` → id.
 * - `apiKey(baseUrl, cookie, name)` → the key.
 * - `peopleKeys(server)`: the admin and the seeded example people (alex designer+operator,
 *   sam and priya approvers) with passwords and API keys: `{ admin, alex, sam, priya }`,
 *   each `{ id, email, password, cookie, headers }` where `headers` is `{ 'x-api-key': key }`.
 */
import { ADMIN, type TestServer } from './server';

export interface Person {
  id: string;
  email: string;
  password: string;
  /** Cookie header of a signed-in session. */
  cookie: string;
  /** Headers authenticating REST calls with the person's API key. */
  headers: Record<string, string>;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in/email`, { method: 'POST', headers: { 'content-type': 'application/json', origin: baseUrl }, body: JSON.stringify({ email, password }) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in of ${email} refused: ${res.status} ${text.slice(0, 300)}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const session = cookies.find((c) => c.startsWith('baton.session_token='));
  if (!session) throw new Error(`sign-in of ${email} set no session cookie: ${cookies.join(', ')}`);
  return session;
}

/** A tRPC call as Baton's pages make it (`Origin` set). Queries use GET with `?input=`. */
export async function trpc(baseUrl: string, cookie: string, procedure: string, input?: unknown, kind: 'mutation' | 'query' = 'mutation'): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { cookie, origin: baseUrl };
  const res =
    kind === 'query'
      ? await fetch(`${baseUrl}/api/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, { headers })
      : await fetch(`${baseUrl}/api/trpc/${procedure}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? null) });
  return { status: res.status, body: await res.json().catch(() => null) };
}

function ok(r: { status: number; body: any }, what: string): any {
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body.result.data;
}

export async function createPerson(baseUrl: string, adminCookie: string, p: { name: string; email: string; roles: string[]; password: string }): Promise<string> {
  return ok(await trpc(baseUrl, adminCookie, 'users.create', p), `create ${p.email}`).id;
}

export async function apiKey(baseUrl: string, cookie: string, name = 'tests'): Promise<string> {
  return ok(await trpc(baseUrl, cookie, 'apiKeys.create', { name }), 'create API key').key;
}

/** Signs in and creates an API key: a ready {@link Person}. */
export async function ready(baseUrl: string, id: string, email: string, password: string): Promise<Person> {
  const cookie = await signIn(baseUrl, email, password);
  return { id, email, password, cookie, headers: { 'x-api-key': await apiKey(baseUrl, cookie) } };
}

/** The admin and the seeded example people, each signed in with an API key (see the module comment). */
export async function peopleKeys(server: TestServer): Promise<Record<'admin' | 'alex' | 'sam' | 'priya', Person>> {
  const adminCookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
  const people = ok(await trpc(server.baseUrl, adminCookie, 'users.people', undefined, 'query'), 'list people') as { id: string; email: string }[];
  const admin = people.find((p) => p.email === ADMIN.email);
  if (!admin) throw new Error('the bootstrap admin does not exist');
  const out: Partial<Record<'admin' | 'alex' | 'sam' | 'priya', Person>> = { admin: { id: admin.id, email: ADMIN.email, password: ADMIN.password, cookie: adminCookie, headers: { 'x-api-key': await apiKey(server.baseUrl, adminCookie) } } };
  for (const id of ['alex', 'sam', 'priya'] as const) {
    const email = people.find((p) => p.id === id)?.email;
    if (!email) throw new Error(`the seeded person ${id} does not exist`);
    const password = `${id}-password-1`;
    ok(await trpc(server.baseUrl, adminCookie, 'users.setPassword', { id, password }), `set ${id}'s password`);
    out[id] = await ready(server.baseUrl, id, email, password);
  }
  return out as Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
}

/** REST headers with a new API key of the bootstrap admin (who may do everything but decide others' tasks). */
export async function adminHeaders(server: TestServer): Promise<Record<string, string>> {
  const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
  return { 'x-api-key': await apiKey(server.baseUrl, cookie, 'admin') };
}
