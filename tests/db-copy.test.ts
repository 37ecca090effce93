/**
 * `db:copy`: a SQLite installation made through the real server — people, a group, an
 * API key, a credential, workflows with published versions, runs that succeeded,
 * failed, were cancelled, wait for a person and wait for a timer, and the audit log —
 * is copied into a fresh PostgreSQL database. Every table holds the same rows, flags
 * become booleans, ciphertext and run state are byte-for-byte the same, and identity
 * sequences continue after the copied ids. A second copy into the now non-empty
 * database is refused and changes nothing.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { copySqliteToPg, CopyError } from '@/server/db/copy';
import { startServer, type TestServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { createTestPgDatabase, type TestPgDatabase } from './helpers/pg';
import { doc, edge, node } from './helpers/docs';
import { waitFor } from './helpers/wait';

let server: TestServer;
let target: TestPgDatabase;
let auth: Record<string, string>;

async function call(method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${url}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function publishAndRun(d: ReturnType<typeof doc>, runs = 1): Promise<string[]> {
  const { id } = await call('POST', '/api/v1/workflows', d);
  await call('POST', `/api/v1/workflows/${id}/publish`);
  const ids: string[] = [];
  for (let i = 0; i < runs; i++) ids.push((await call('POST', `/api/v1/workflows/${id}/runs`, { input: {} })).runId);
  return ids;
}

async function statusOf(runId: string): Promise<string> {
  return (await call('GET', `/api/v1/runs/${runId}`)).status;
}

beforeAll(async () => {
  server = await startServer();
  auth = await adminHeaders(server);
  target = await createTestPgDatabase({ migrate: false });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  server?.removeDb();
  await target?.drop();
});

describe('db:copy from SQLite to PostgreSQL', () => {
  it('copies every table of a live installation with runs in every state, and verifies it', async () => {
    await call('POST', '/api/v1/credentials', { name: 'copy-token', type: 'bearer', data: { token: 's3cret-value' } });
    const [succeeded] = await publishAndRun(doc('copy ok', [node('start', 'manualTrigger'), node('t', 'transform', { expression: '{ "x": 1 }' }), node('end', 'end')], [edge('start', 't'), edge('t', 'end')]));
    const [failed] = await publishAndRun(doc('copy fails', [node('start', 'manualTrigger'), node('t', 'transform', { expression: '$error("boom")' }), node('end', 'end')], [edge('start', 't'), edge('t', 'end')]));
    const [waitingTask, cancelled] = await publishAndRun(
      doc('copy task', [node('start', 'manualTrigger'), node('review', 'userTask', { title: 'Check', description: '', assignee: '', candidateUsers: 'alex', candidateGroups: '', context: '', formFields: [], outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] }), node('end', 'end')], [edge('start', 'review'), edge('review', 'end', 'approve'), edge('review', 'end', 'reject')]),
      2,
    );
    const [waitingTimer] = await publishAndRun(doc('copy timer', [node('start', 'manualTrigger'), node('w', 'wait', { mode: 'duration', duration: 'PT1H', milliseconds: 3_600_000, until: '' }), node('end', 'end')], [edge('start', 'w'), edge('w', 'end')]));
    await waitFor(async () => (await statusOf(succeeded)) === 'succeeded' && (await statusOf(failed)) === 'failed' && (await statusOf(waitingTask)) === 'waiting' && (await statusOf(waitingTimer)) === 'waiting');
    await call('POST', `/api/v1/runs/${cancelled}/cancel`, { reason: 'not needed' });
    await waitFor(async () => (await statusOf(cancelled)) === 'cancelled');
    await server.stop();

    const src = new Database(server.dbFile, { readonly: true });
    const tables = (src.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name <> '__drizzle_migrations'`).all() as { name: string }[]).map((r) => r.name);
    const counts = Object.fromEntries(tables.map((t) => [t, (src.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]));
    const cred = src.prepare(`SELECT id, ciphertext FROM credentials WHERE name = 'copy-token'`).get() as { id: string; ciphertext: string };
    const runState = (src.prepare(`SELECT state FROM runs WHERE id = ?`).get(waitingTask) as { state: string }).state;
    const maxAudit = (src.prepare(`SELECT max(id) AS m FROM audit_log`).get() as { m: number }).m;
    src.close();
    for (const t of ['users', 'groups', 'workflows', 'workflow_versions', 'runs', 'steps', 'attempts', 'run_events', 'jobs', 'tasks', 'credentials', 'audit_log', 'sessions', 'accounts']) expect(counts[t], t).toBeGreaterThan(0);

    const report = await copySqliteToPg(server.dbFile, target.url);
    expect(Object.fromEntries(report.tables.map((t) => [t.table, t.target]))).toEqual(counts);
    expect(report.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    // Parents before children: runs after workflows, steps after runs.
    const order = report.tables.map((t) => t.table);
    expect(order.indexOf('workflows')).toBeLessThan(order.indexOf('runs'));
    expect(order.indexOf('runs')).toBeLessThan(order.indexOf('steps'));

    const c = new pg.Client({ connectionString: target.url });
    await c.connect();
    try {
      const admin = (await c.query(`SELECT disabled, email_verified FROM users WHERE email = 'admin@baton.test'`)).rows[0];
      expect(admin).toEqual({ disabled: false, email_verified: expect.any(Boolean) });
      expect((await c.query(`SELECT ciphertext FROM credentials WHERE id = $1`, [cred.id])).rows[0].ciphertext).toBe(cred.ciphertext);
      expect((await c.query(`SELECT state FROM runs WHERE id = $1`, [waitingTask])).rows[0].state).toBe(runState);
      const statuses = Object.fromEntries((await c.query(`SELECT id, status FROM runs`)).rows.map((r) => [r.id, r.status]));
      expect([statuses[succeeded], statuses[failed], statuses[cancelled], statuses[waitingTask], statuses[waitingTimer]]).toEqual(['succeeded', 'failed', 'cancelled', 'waiting', 'waiting']);
      expect((await c.query(`SELECT count(*)::int AS n FROM jobs WHERE run_id = $1 AND kind = 'timer'`, [waitingTimer])).rows[0].n).toBe(1);
      // The audit log's identity continues after the copied ids.
      const next = (await c.query(`INSERT INTO audit_log (at, actor, action, target_type, target_id, details) VALUES (1, 'system', 'run.start', 'run', 'x', '{}') RETURNING id`)).rows[0].id;
      expect(Number(next)).toBe(maxAudit + 1);
    } finally {
      await c.end();
    }

    // The target is no longer empty: a second copy is refused before writing anything.
    await expect(copySqliteToPg(server.dbFile, target.url)).rejects.toThrow(CopyError);
    await expect(copySqliteToPg(server.dbFile, target.url)).rejects.toThrow(/not empty/);
    expect(fs.existsSync(server.dbFile)).toBe(true);
  }, 180_000);
});
