/**
 * `/api/v1/credentials` route handlers and the tRPC router over a real SQLite app:
 * secrets go in, never come out; a referenced credential cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '@/tests/helpers/app';
import { doc, node } from '@/tests/helpers/docs';
import * as collection from '@/app/api/v1/credentials/route';
import * as item from '@/app/api/v1/credentials/[id]/route';
import { addPerson, apiKeyHeaders, callerAs } from '@/tests/helpers/callers';
import { buildOpenApi } from './openapi';

let t: TestApp;
const SECRET = 'very-secret-token-1';

let auth: Record<string, string>;

beforeAll(async () => {
  t = openTestApp('cred-rest');
  (globalThis as { __batonApp?: unknown }).__batonApp = t.app;
  await addPerson(t, 'alex', ['designer']);
  auth = await apiKeyHeaders(t.app, 'alex');
});
afterAll(async () => {
  delete (globalThis as { __batonApp?: unknown }).__batonApp;
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function call(route: (req: Request, ctx: { params: Promise<any> }) => Promise<Response>, method: string, path: string, body?: unknown, params: Record<string, string> = {}) {
  const req = new Request(`http://127.0.0.1${path}`, { method, headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const res = await route(req, { params: Promise.resolve(params) });
  const text = await res.text();
  return { status: res.status, text, body: text ? JSON.parse(text) : null, headers: res.headers };
}

describe('REST /api/v1/credentials', () => {
  it('creates, lists, rotates and deletes without ever returning a secret', async () => {
    const created = await call(collection.POST, 'POST', '/api/v1/credentials', { name: 'Billing', type: 'bearer', data: { token: SECRET } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Billing', type: 'bearer', fields: { token: '••••••••' }, usedBy: [], rotatedAt: null });
    expect(created.headers.get('location')).toBe(`/api/v1/credentials/${created.body.id}`);
    const id = created.body.id as string;

    const list = await call(collection.GET, 'GET', '/api/v1/credentials');
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([id]);
    const patched = await call(item.PATCH, 'PATCH', `/api/v1/credentials/${id}`, { data: { token: 'rotated-token-2' } }, { id });
    expect(patched.status).toBe(200);
    expect(patched.body.rotatedAt).toEqual(expect.any(String));
    expect((await t.app.credentials.reveal(id)).data.token).toBe('rotated-token-2');
    for (const r of [created, list, patched, await call(item.GET, 'GET', `/api/v1/credentials/${id}`, undefined, { id })]) {
      expect(r.text).not.toContain(SECRET);
      expect(r.text).not.toContain('rotated-token-2');
    }
    expect((await call(item.DELETE, 'DELETE', `/api/v1/credentials/${id}`, undefined, { id })).status).toBe(204);
    expect((await call(item.GET, 'GET', `/api/v1/credentials/${id}`, undefined, { id })).status).toBe(404);
  });

  it('refuses bad input with field paths, and deleting a credential in use with 409', async () => {
    const bad = await call(collection.POST, 'POST', '/api/v1/credentials', { name: 'X', type: 'basic', data: { username: 'u' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.issues[0]).toMatchObject({ path: ['data', 'password'] });
    expect((await call(collection.POST, 'POST', '/api/v1/credentials', { name: 'X', type: 'smtp', data: {} })).status).toBe(400);
    expect((await call(collection.POST, 'POST', '/api/v1/credentials', '{nope')).status).toBe(400);

    const c = await t.app.credentials.create({ name: 'Used', type: 'apiKey', data: { value: 'key-12345' } }, 'system');
    await t.app.workflows.create(doc('Orders', [node('fetch', 'http', { url: 'https://x', credentialId: c.id })], []), 'system');
    const refused = await call(item.DELETE, 'DELETE', `/api/v1/credentials/${c.id}`, undefined, { id: c.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('Cannot delete credential "Used": it is used by workflow "Orders" (draft, node fetch). Remove it from those nodes first.');
    expect((await call(item.GET, 'GET', `/api/v1/credentials/${c.id}`, undefined, { id: c.id })).body.usedBy).toEqual([expect.objectContaining({ workflowName: 'Orders', version: 'draft', nodeIds: ['fetch'] })]);
  });

  it('is in the OpenAPI document', () => {
    const o = buildOpenApi() as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(o.paths['/api/v1/credentials/{id}']!)).toEqual(['get', 'patch', 'delete']);
    expect(o.components.schemas.Credential).toBeDefined();
  });
});

describe('tRPC credentials', () => {
  it('lists with usage and never returns secrets', async () => {
    const caller = await callerAs(t.app, 'alex');
    const made = await caller.credentials.create({ name: 'LLM', type: 'openai', data: { apiKey: 'sk-abcdefgh' } });
    expect(made.fields).toEqual({ apiKey: '••••••••' });
    const renamed = await caller.credentials.update({ id: made.id, name: 'LLM prod' });
    expect(renamed.name).toBe('LLM prod');
    expect(JSON.stringify(await caller.credentials.list())).not.toContain('sk-abcdefgh');
    await expect(caller.credentials.create({ name: 'LLM prod', type: 'bearer', data: { token: 'abcdef' } })).rejects.toMatchObject({ code: 'CONFLICT' });
    await caller.credentials.delete({ id: made.id });
  });
});
