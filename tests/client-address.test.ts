/**
 * The client address of sign-in limits and the audit log, over HTTP against the real
 * server (`next start`): a client cannot choose its address with `X-Forwarded-For` (or
 * Baton's own address header), the audit log records the socket's address, behind a
 * trusted proxy (`BATON_TRUSTED_PROXIES`) the right-most untrusted `X-Forwarded-For`
 * entry counts, the per-account limit locks an account whatever address the attempts
 * come from, and a malformed proxy list stops the server. Needs a production build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import Database from 'better-sqlite3';
import { ADMIN, freePort, startServer, type TestServer } from './helpers/server';
import { apiKey, createPerson, signIn } from './helpers/people';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

interface AuditRow {
  actor: string;
  action: string;
  targetId: string;
  details: { ip?: string; reason?: string; lockSeconds?: number };
}

function attempt(server: TestServer, email: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.baseUrl, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

async function audit(server: TestServer, key: string, query: string): Promise<AuditRow[]> {
  const res = await fetch(`${server.baseUrl}/api/v1/audit?limit=1000&${query}`, { headers: { 'x-api-key': key } });
  expect(res.status).toBe(200);
  return (await res.json()) as AuditRow[];
}

const randomIp = (i: number) => `${(i % 200) + 11}.${(i * 7) % 250}.${(i * 13) % 250}.${(i % 250) + 1}`;

describe.skipIf(SKIP)('client address without a trusted proxy (real server)', () => {
  let server: TestServer;
  let adminKey: string;
  beforeAll(async () => {
    server = await startServer({ env: { BATON_SIGNIN_LIMIT: '10', BATON_SIGNIN_WINDOW_S: '60' } });
    adminKey = await apiKey(server.baseUrl, await signIn(server.baseUrl, ADMIN.email, ADMIN.password), 'audit');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('100 wrong passwords with a new X-Forwarded-For each are limited per socket address, and the audit log records that address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      // A new email each time, so only the per-address limit can answer 429.
      const res = await attempt(server, `guess-${i}@example.test`, 'wrong-password-x', { 'x-forwarded-for': randomIp(i), 'x-real-ip': randomIp(i + 1), 'x-baton-client-address': randomIp(i + 2) });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    const tooMany = statuses.filter((s) => s === 429).length;
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused + tooMany).toBe(100);
    expect(refused).toBeLessThanOrEqual(10);
    expect(tooMany).toBeGreaterThanOrEqual(90);

    const entries = await audit(server, adminKey, 'action=auth.sign_in_refused');
    expect(entries.length).toBe(refused);
    expect(new Set(entries.map((e) => e.details.ip))).toEqual(new Set(['127.0.0.1']));
    const signIns = await audit(server, adminKey, 'action=auth.sign_in');
    expect(signIns.map((e) => e.details.ip)).toEqual(['127.0.0.1']);
  });
});

describe.skipIf(SKIP)('client address behind a trusted proxy, and the per-account limit (real server)', () => {
  let server: TestServer;
  let adminKey: string;
  let adminCookie: string;
  beforeAll(async () => {
    server = await startServer({
      env: { BATON_TRUSTED_PROXIES: '127.0.0.1/32, ::1', BATON_SIGNIN_LIMIT: '1000', BATON_ACCOUNT_LOCK_FAILURES: '5', BATON_ACCOUNT_LOCK_WINDOW_S: '600', BATON_ACCOUNT_LOCK_S: '120' },
    });
    adminCookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    adminKey = await apiKey(server.baseUrl, adminCookie, 'audit');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('uses the right-most X-Forwarded-For entry that is not a trusted proxy', async () => {
    await (await attempt(server, 'chain-1@example.test', 'wrong-password-x', { 'x-forwarded-for': '198.51.100.7, 203.0.113.5' })).arrayBuffer();
    await (await attempt(server, 'chain-2@example.test', 'wrong-password-x', { 'x-forwarded-for': '198.51.100.8, 127.0.0.1' })).arrayBuffer();
    await (await attempt(server, 'chain-3@example.test', 'wrong-password-x', { 'x-baton-client-address': '192.0.2.99' })).arrayBuffer();
    const ipOf = async (email: string) => (await audit(server, adminKey, `action=auth.sign_in_refused&targetId=${email}`)).map((e) => e.details.ip);
    expect(await ipOf('chain-1@example.test')).toEqual(['203.0.113.5']);
    expect(await ipOf('chain-2@example.test')).toEqual(['198.51.100.8']);
    // No X-Forwarded-For: the proxy itself is the client; a client-sent address header is overwritten.
    expect(await ipOf('chain-3@example.test')).toEqual(['127.0.0.1']);
  });

  it('locks an account after its failures from different addresses, for that account only', async () => {
    const email = 'target@example.test';
    const password = 'target-password-1';
    const targetId = await createPerson(server.baseUrl, adminCookie, { name: 'Target', email, roles: ['viewer'], password });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(server, email, 'wrong-password-x', { 'x-forwarded-for': `203.0.113.${10 + i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const locked = await attempt(server, email, password, { 'x-forwarded-for': '198.51.100.200' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    expect(await locked.json()).toMatchObject({ code: 'ACCOUNT_LOCKED' });

    // Another account from the same addresses is not affected.
    const other = await attempt(server, ADMIN.email, ADMIN.password, { 'x-forwarded-for': '203.0.113.10' });
    expect(other.status).toBe(200);

    const lockEntries = await audit(server, adminKey, `action=auth.account_locked&targetId=${email}`);
    expect(lockEntries).toHaveLength(1);
    expect(lockEntries[0]).toMatchObject({ actor: 'anonymous', details: { ip: '203.0.113.14', lockSeconds: 120 } });
    const refusedWhileLocked = await audit(server, adminKey, `action=auth.sign_in_refused&targetId=${email}`);
    expect(refusedWhileLocked[0].details).toEqual({ reason: 'account locked', ip: '198.51.100.200' });
    expect(refusedWhileLocked.map((e) => e.details.ip).slice(1).reverse()).toEqual(['203.0.113.10', '203.0.113.11', '203.0.113.12', '203.0.113.13', '203.0.113.14']);
    expect(await audit(server, adminKey, `action=auth.sign_in&actor=${targetId}`)).toEqual([]);
  });
});

describe.skipIf(SKIP)('client address while the server starts (real server)', () => {
  it('a client-sent x-baton-client-address is never recorded, not even for requests accepted before start-up finished', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-boot-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let starting = true;
    const statuses: number[] = [];
    // Sign-in attempts from the moment the port accepts connections until start-up is done.
    let n = 0;
    const client = async () => {
      while (starting || statuses.length < 8) {
        try {
          const res = await attempt({ baseUrl: base } as TestServer, `boot-${n++}@example.test`, 'wrong-password-x', { 'x-baton-client-address': '1.2.3.4' });
          statuses.push(res.status);
          await res.arrayBuffer();
        } catch {
          await new Promise((r) => setTimeout(r, 5)); // not listening yet
        }
      }
    };
    const flood = Promise.all(Array.from({ length: 4 }, client));
    const server = await startServer({ dbFile: path.join(dir, 'baton.db'), port }).finally(() => (starting = false));
    onTestFinished(() => server.stop());
    await flood;
    const db = new Database(server.dbFile, { readonly: true });
    const ips = (db.prepare(`SELECT details FROM audit_log WHERE action = 'auth.sign_in_refused'`).all() as { details: string }[]).map((r) => JSON.parse(r.details).ip);
    db.close();
    expect(ips.length).toBeGreaterThanOrEqual(8);
    expect(ips).not.toContain('1.2.3.4');
    for (const ip of ips) expect(['127.0.0.1', 'unknown']).toContain(ip);
  }, 120_000);
});

describe.skipIf(SKIP)('a malformed BATON_TRUSTED_PROXIES (real server)', () => {
  it('stops the server at start, naming the entry', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-proxies-'));
    onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
    await expect(startServer({ dbFile: path.join(dir, 'baton.db'), env: { BATON_TRUSTED_PROXIES: '10.0.0.0/8, proxy.internal' } })).rejects.toThrow(/exited before it was ready[\s\S]*BATON_TRUSTED_PROXIES: "proxy.internal" is neither an IP address nor a CIDR network/);
  }, 60_000);
});
