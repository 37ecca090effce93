/**
 * `GET /api/v1/tasks` against the real built server (`next start`) over HTTP: with 1,001
 * open tasks for one person and one for another, the other person's task is on their
 * first page, and following `X-Next-Cursor` (or `Link: rel="next"`) through the first
 * person's tasks yields each exactly once. Malformed `limit` and `cursor` are 400s
 * naming the parameter.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startServer, type TestServer } from './helpers/server';
import { peopleKeys, type Person } from './helpers/people';
import { waitFor } from './helpers/wait';
import { doc, edge, node } from './helpers/docs';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
const MANY = 1001;

let server: TestServer;
let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
let samFlow: string;
let priyaTask: string;

async function api(method: string, path: string, as: Person, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...as.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function publishTaskFlow(name: string, assignee: string): Promise<string> {
  const d = doc(name, [node('start', 'manualTrigger'), node('review', 'userTask', { title: `${name} review`, assignee, outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')], [edge('start', 'review'), edge('review', 'done', 'ok')]);
  const made = await api('POST', '/api/v1/workflows', people.alex, d);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  expect((await api('POST', `/api/v1/workflows/${made.body.id}/publish`, people.alex, {})).status).toBe(201);
  return made.body.id;
}

function openTasksOf(workflowId: string): string[] {
  const db = new Database(server.dbFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT id FROM tasks WHERE workflow_id = ? AND status = 'open'`).all(workflowId).map((r) => (r as { id: string }).id);
  } finally {
    db.close();
  }
}

describe.skipIf(SKIP)('GET /api/v1/tasks pages (real server)', () => {
  beforeAll(async () => {
    server = await startServer();
    people = await peopleKeys(server);
    samFlow = await publishTaskFlow('Sam queue', 'sam');
    const priyaFlow = await publishTaskFlow('Priya one', 'priya');
    let started = 0;
    const worker = async () => {
      while (started < MANY) {
        started++;
        const r = await api('POST', `/api/v1/workflows/${samFlow}/runs`, people.alex, { input: {} });
        expect(r.status, JSON.stringify(r.body)).toBe(202);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    await waitFor(() => openTasksOf(samFlow).length === MANY, 60_000);
    // Priya's task is the newest: behind all of Sam's in "oldest first".
    expect((await api('POST', `/api/v1/workflows/${priyaFlow}/runs`, people.alex, { input: {} })).status).toBe(202);
    priyaTask = (await waitFor(() => openTasksOf(priyaFlow)[0], 20_000)) as string;
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('shows the other person their one task among 1,001 open tasks of someone else', async () => {
    const r = await api('GET', '/api/v1/tasks?status=open', people.priya);
    expect(r.status).toBe(200);
    expect(r.body.map((t: { id: string }) => t.id)).toEqual([priyaTask]);
    expect(r.headers.get('x-next-cursor')).toBeNull();
    expect(r.headers.get('link')).toBeNull();
  });

  it('pages through the 1,001 tasks with the cursor, each exactly once', async () => {
    const expected = new Set(openTasksOf(samFlow));
    const seen: string[] = [];
    let path: string | null = '/api/v1/tasks?status=open&limit=300';
    let pages = 0;
    while (path) {
      const r = await api('GET', path, people.sam);
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
      seen.push(...r.body.map((t: { id: string }) => t.id));
      pages++;
      const next = r.headers.get('x-next-cursor');
      const link = r.headers.get('link');
      if (next) {
        expect(link).toBe(`</api/v1/tasks?status=open&limit=300&cursor=${encodeURIComponent(next)}>; rel="next"`);
        // Alternate between the two ways of asking for the next page.
        path = pages % 2 ? `/api/v1/tasks?status=open&limit=300&cursor=${encodeURIComponent(next)}` : /^<([^>]+)>/.exec(link!)![1];
      } else path = null;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(MANY);
    expect(new Set(seen)).toEqual(expected);
    // The default page is 200 tasks.
    const first = await api('GET', '/api/v1/tasks?status=open', people.sam);
    expect(first.body).toHaveLength(200);
    expect(first.headers.get('x-next-cursor')).toBeTruthy();
  });

  it('refuses a malformed limit or cursor with 400 naming it', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=ten', 'limit=2.5']) {
      const r = await api('GET', `/api/v1/tasks?${q}`, people.sam);
      expect(r.status, q).toBe(400);
      expect(r.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['limit']);
    }
    for (const cursor of ['garbage', Buffer.from('{"o":"created_desc","k":[1,"x"]}').toString('base64url')]) {
      const r = await api('GET', `/api/v1/tasks?status=open&cursor=${cursor}`, people.sam);
      expect(r.status, cursor).toBe(400);
      expect(r.body.error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(['cursor']);
    }
  });
});
