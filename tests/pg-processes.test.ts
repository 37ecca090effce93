/**
 * Baton on PostgreSQL with two processes on one fresh database (real servers, `next
 * start`): A runs work (`BATON_ROLE=all`), B only serves (`BATON_ROLE=web`). Both start
 * at once and migrate it once (advisory lock). A workflow published through B, a run
 * started through B and watched live on A's event stream: a person decides its task
 * through A, A's runner fires the timer that follows, and the stream on A sees the run
 * succeed; B reads the same outcome. Needs a production build.
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { createTestPgDatabase, type TestPgDatabase } from './helpers/pg';
import { doc, edge, node } from './helpers/docs';
import { waitFor } from './helpers/wait';

let db: TestPgDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  db = await createTestPgDatabase({ migrate: false });
  const env = { DATABASE_URL: db.url, BATON_SECRET_KEY: crypto.randomBytes(32).toString('base64'), BATON_PG_POOL_MAX: '5' };
  [a, b] = await Promise.all([startServer({ env: { ...env, BATON_ROLE: 'all' } }), startServer({ env: { ...env, BATON_ROLE: 'web' } })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  a?.removeDb();
  b?.removeDb();
  await db?.drop();
});

async function call(server: TestServer, auth: Record<string, string>, method: string, url: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${url}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Reads an event stream's text until `done(text)` holds. */
async function readStream(url: string, headers: Record<string, string>, done: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  const res = await fetch(url, { headers, signal: ctl.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    while (!done(text)) {
      const { value, done: end } = await reader.read();
      if (end) break;
      text += value;
    }
  } finally {
    clearTimeout(timer);
    ctl.abort();
  }
  return text;
}

describe('two processes on one PostgreSQL database', () => {
  it('migrated once, seeded once, with one admin', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const admins = (await c.query(`SELECT count(*)::int AS n FROM users WHERE email = 'admin@baton.test'`)).rows[0].n;
      expect(admins).toBe(1);
      const examples = (await c.query(`SELECT name, count(*)::int AS n FROM workflows GROUP BY name HAVING count(*) > 1`)).rows;
      expect(examples).toEqual([]);
      expect((await c.query(`SELECT count(*)::int AS n FROM workflows`)).rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
    expect(a.output()).toMatch(/role all; database PostgreSQL; runner .* started/);
    expect(b.output()).toMatch(/role web; database PostgreSQL; runs no jobs/);
  });

  it('a run started on the web process is watched live on the other, decided there and finished by its runner', async () => {
    const auth = await adminHeaders(a);
    const flow = doc(
      `two processes ${Date.now()}`,
      [
        node('start', 'manualTrigger'),
        node('prep', 'transform', { expression: '{ "n": 41 }', assignTo: '' }),
        node('review', 'userTask', { title: 'Check', description: '', assignee: '', candidateUsers: '', candidateGroups: '', context: '', formFields: [], outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] }),
        node('pause', 'wait', { mode: 'duration', duration: 'PT0.2S', milliseconds: 200, until: '' }),
        node('done', 'end', { output: '{ "n": $steps.prep.output.n + 1, "by": $steps.review.output.completedBy }' }),
      ],
      [edge('start', 'prep'), edge('prep', 'review'), edge('review', 'pause', 'approve'), edge('review', 'done', 'reject'), edge('pause', 'done')],
    );
    const { id } = await call(b, auth, 'POST', '/api/v1/workflows', flow);
    await call(b, auth, 'POST', `/api/v1/workflows/${id}/publish`);
    const { runId } = await call(b, auth, 'POST', `/api/v1/workflows/${id}/runs`, { input: {} });
    const watching = readStream(`${a.baseUrl}/api/runs/${runId}/stream`, auth, (t) => t.includes('run.succeeded'));
    const task = await waitFor(async () => ((await call(a, auth, 'GET', `/api/v1/tasks?runId=${runId}&status=open`)) as { id: string }[])[0]);
    await call(a, auth, 'POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'approve', data: {} });
    const seen = await watching;
    expect(seen).toContain('task.completed');
    expect(seen).toContain('run.succeeded');
    const run = await call(b, auth, 'GET', `/api/v1/runs/${runId}`);
    expect(run.status).toBe('succeeded');
    expect(run.output).toMatchObject({ n: 42 });
  }, 60_000);
});
