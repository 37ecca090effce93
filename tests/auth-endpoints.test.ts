/**
 * better-auth's endpoints under `/api/auth/*`, over HTTP against the real server: JSON
 * nested deeper than the limit is a 400 naming it (never a 500), and signing out and
 * revoking sessions are in the audit log with the caller as actor. Needs a production build.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startServer, type TestServer } from './helpers/server';
import { signIn } from './helpers/people';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

let server: TestServer;

interface Row {
  actor: string;
  action: string;
  targetId: string;
  details: { scope?: string; ip?: string };
}

/** Audit entries of the given actions, oldest first (read from the database file). */
function auditRows(actions: string[]): Row[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`SELECT actor, action, target_id AS targetId, details FROM audit_log WHERE action IN (${actions.map(() => '?').join(',')}) ORDER BY id`).all(...actions) as (Omit<Row, 'details'> & { details: string })[];
    return rows.map((r) => ({ ...r, details: JSON.parse(r.details) }));
  } finally {
    db.close();
  }
}

function post(path: string, cookie: string | null, body: string): Promise<Response> {
  return fetch(`${server.baseUrl}/api/auth${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.baseUrl, ...(cookie ? { cookie } : {}) }, body });
}

beforeAll(async () => {
  if (SKIP) return;
  server = await startServer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  server?.removeDb();
});

describe.skipIf(SKIP)('/api/auth/* (real server)', () => {
  it('JSON nested 5,000 levels deep is a 400 naming the limit, for sign-in and sign-out alike', async () => {
    const deep = '{"email":' + '['.repeat(5000) + ']'.repeat(5000) + ',"password":"x"}';
    for (const path of ['/sign-in/email', '/sign-out', '/update-user']) {
      const res = await post(path, null, deep);
      const text = await res.text();
      expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('nested deeper than 64 levels') });
    }
    // Within the limit: better-auth answers as usual.
    const ok = await post('/sign-in/email', null, '{"email":' + '['.repeat(60) + ']'.repeat(60) + ',"password":"x"}');
    expect(ok.status).toBe(400);
    expect(await ok.text()).not.toContain('nested deeper');
  });

  it('sign-out, revoke-session, revoke-other-sessions and revoke-sessions are audited with the caller as actor', async () => {
    const adminId = (await (await fetch(`${server.baseUrl}/api/auth/get-session`, { headers: { cookie: await signIn(server.baseUrl, ADMIN.email, ADMIN.password) } })).json()).user.id as string;
    const cookies = await Promise.all(Array.from({ length: 5 }, () => signIn(server.baseUrl, ADMIN.email, ADMIN.password)));
    const listed = await fetch(`${server.baseUrl}/api/auth/list-sessions`, { headers: { cookie: cookies[0] } });
    const sessions = (await listed.json()) as { token: string }[];
    const other = sessions.find((s) => !cookies[0].includes(s.token))!;
    expect(other).toBeTruthy();

    expect((await post('/revoke-session', cookies[0], JSON.stringify({ token: other.token }))).status).toBe(200);
    expect((await post('/revoke-other-sessions', cookies[0], '{}')).status).toBe(200);
    expect((await post('/revoke-sessions', cookies[0], '{}')).status).toBe(200);
    const last = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    expect((await post('/sign-out', last, '{}')).status).toBe(200);
    // Signing out without a session records nothing.
    expect((await post('/sign-out', null, '{}')).status).toBe(200);

    const rows = auditRows(['auth.session_revoke', 'auth.sign_out']);
    expect(rows.map((r) => [r.actor, r.action, r.targetId, r.details.scope ?? null])).toEqual([
      [adminId, 'auth.session_revoke', adminId, 'one'],
      [adminId, 'auth.session_revoke', adminId, 'others'],
      [adminId, 'auth.session_revoke', adminId, 'all'],
      [adminId, 'auth.sign_out', adminId, null],
    ]);
    expect(rows.every((r) => r.details.ip === '127.0.0.1')).toBe(true);
  });
});
