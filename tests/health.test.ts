/**
 * Health endpoints over HTTP: `/api/health` is public and says only whether the process
 * and its database answer; `/api/v1/health` (permission `system.read`: admins and
 * operators) adds memory and the event-loop delay; other roles get 403, no caller 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startServer, type TestServer } from './helpers/server';
import { adminHeaders, createPerson, ready, signIn } from './helpers/people';

const SKIP = process.env.BATON_SKIP_SERVER_TESTS === '1';
let server: TestServer;

describe.skipIf(SKIP)('health endpoints (real server over HTTP)', () => {
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('GET /api/health answers without a caller and without details', async () => {
    const res = await fetch(`${server.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('GET /api/v1/health reports memory and event-loop delay to admins and operators only', async () => {
    expect((await fetch(`${server.baseUrl}/api/v1/health`)).status).toBe(401);
    const admin = await fetch(`${server.baseUrl}/api/v1/health`, { headers: await adminHeaders(server) });
    expect(admin.status).toBe(200);
    const body = await admin.json();
    expect(body.status).toBe('ok');
    expect(body.memory.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(body.eventLoopDelay.p99Ms).toBeGreaterThanOrEqual(0);
    expect(body.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(body.eventLoopDelay.p99Ms);

    const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    for (const [role, status] of [['operator', 200], ['viewer', 403], ['designer', 403]] as const) {
      const email = `${role}-health@example.test`;
      const id = await createPerson(server.baseUrl, cookie, { name: role, email, roles: [role], password: `${role}-password-1` });
      const person = await ready(server.baseUrl, id, email, `${role}-password-1`);
      const res = await fetch(`${server.baseUrl}/api/v1/health`, { headers: person.headers });
      expect(res.status, role).toBe(status);
    }
  });
});
