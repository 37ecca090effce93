/**
 * Event streams over HTTP against the real server (`next start`): `/api/stream` and
 * `/api/runs/{runId}/stream` need sign-in, `/api/stream` sends a task signal only to
 * people who may read one of the run's tasks, and open streams are capped per person
 * and in total (429 JSON), a slot coming back when its client disconnects.
 * Needs a production build.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { peopleKeys, type Person } from './helpers/people';
import { doc, edge, node } from './helpers/docs';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

interface Frame {
  event: string;
  data: any;
}

/** An open event stream: frames as they arrive, and a way to hang up. */
interface Stream {
  frames: Frame[];
  /** Resolves with the first frame (already received or coming) that matches. */
  next(match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  close(): void;
}

async function open(url: string, headers: Record<string, string>): Promise<Stream | Response> {
  const ctl = new AbortController();
  const res = await fetch(url, { headers, signal: ctl.signal });
  if (res.status !== 200) return res;
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buf += value;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) frames.push({ event, data: JSON.parse(data) });
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    frames,
    async next(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const f = frames.find(match);
        if (f) return f;
        if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    close: () => ctl.abort(),
  };
}

const approval = (name: string, assignment: Record<string, unknown>) =>
  doc(
    name,
    [
      node('start', 'manualTrigger'),
      node('review', 'userTask', { title: name, outcomes: [{ id: 'approve', label: 'Approve' }], ...assignment }),
      node('done', 'end', { output: '{ "ok": true }' }),
    ],
    [edge('start', 'review'), edge('review', 'done', 'approve')],
  );

describe.skipIf(SKIP)('event streams (real server)', () => {
  let server: TestServer;
  let people: Record<'admin' | 'alex' | 'sam' | 'priya', Person>;
  const rest = async (who: Person, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, { method, headers: { ...who.headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const published = async (d: unknown) => {
    const { id } = await rest(people.admin, 'POST', '/api/v1/workflows', d);
    await rest(people.admin, 'POST', `/api/v1/workflows/${id}/publish`);
    return id as string;
  };
  const start = async (wf: string) => (await rest(people.admin, 'POST', `/api/v1/workflows/${wf}/runs`, { input: {} })).runId as string;
  const stream = (who: Person, path = '/api/stream') => open(`${server.baseUrl}${path}`, who.headers);

  beforeAll(async () => {
    server = await startServer({ env: { BATON_STREAMS_PER_PERSON: '2', BATON_STREAMS_TOTAL: '4' } });
    people = await peopleKeys(server);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('refuses both streams without sign-in (401 JSON)', async () => {
    for (const path of ['/api/stream', '/api/runs/run_nope/stream']) {
      const res = await fetch(`${server.baseUrl}${path}`);
      expect(res.status, path).toBe(401);
      expect((await res.json()).error.code).toBe('unauthorized');
    }
  });

  it("sends a task signal only to people who may read the run's tasks", async () => {
    const forSam = await published(approval('For Sam only', { candidateUsers: 'sam' }));
    const forAnyone = await published(approval('For anyone', {}));
    const sam = (await stream(people.sam)) as Stream;
    const priya = (await stream(people.priya)) as Stream;
    const admin = (await stream(people.admin)) as Stream;
    try {
      const privateRun = await start(forSam);
      await sam.next((f) => f.event === 'tasks' && f.data.runId === privateRun);
      await admin.next((f) => f.event === 'tasks' && f.data.runId === privateRun);
      // Everyone reads runs: Priya hears that the run changed, not that it has a task for Sam.
      await priya.next((f) => f.event === 'runs' && f.data.runId === privateRun);
      // Frames arrive in order: once Priya has the next run's task signal, the private one will never come.
      const publicRun = await start(forAnyone);
      await priya.next((f) => f.event === 'tasks' && f.data.runId === publicRun);
      expect(priya.frames.filter((f) => f.event === 'tasks').map((f) => f.data.runId)).toEqual([publicRun]);
      await sam.next((f) => f.event === 'tasks' && f.data.runId === publicRun);
    } finally {
      sam.close();
      priya.close();
      admin.close();
    }
  });

  it('caps open streams per person and in total, and frees a slot when its client disconnects', async () => {
    const wf = await published(approval('Cap run', {}));
    const runId = await start(wf);
    // Slots of the last test's streams come back once the server sees those clients gone.
    const first = await waitForStream(() => stream(people.sam));
    const second = await waitForStream(() => stream(people.sam, `/api/runs/${runId}/stream`));
    const third = (await stream(people.sam)) as Response;
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await third.json();
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message).toMatch(/BATON_STREAMS_PER_PERSON/);
    expect(((await stream(people.sam, `/api/runs/${runId}/stream`)) as Response).status).toBe(429);

    const p1 = await waitForStream(() => stream(people.priya));
    const p2 = await waitForStream(() => stream(people.priya, `/api/runs/${runId}/stream`));
    const overTotal = (await stream(people.alex)) as Response;
    expect(overTotal.status).toBe(429);
    expect((await overTotal.json()).error.message).toMatch(/BATON_STREAMS_TOTAL/);

    first.close();
    const again = await waitForStream(() => stream(people.sam));
    for (const s of [second, p1, p2, again]) s.close();
  });

  it('no slot leaks when clients hang up at once, many times over', async () => {
    for (let i = 0; i < 20; i++) {
      const ctl = new AbortController();
      const res = await fetch(`${server.baseUrl}/api/stream`, { headers: people.alex.headers, signal: ctl.signal }).catch(() => null);
      ctl.abort();
      await res?.arrayBuffer().catch(() => null);
    }
    const a = await waitForStream(() => stream(people.alex));
    const b = await waitForStream(() => stream(people.alex));
    expect(((await stream(people.alex)) as Response).status).toBe(429);
    a.close();
    b.close();
  });
});

/** Opens a stream, retrying while the server still counts streams that were just closed (429). */
async function waitForStream(openIt: () => Promise<Stream | Response>): Promise<Stream> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const s = await openIt();
    if (!(s instanceof Response)) return s;
    await s.arrayBuffer();
    if (s.status !== 429 || Date.now() > deadline) throw new Error(`stream refused: ${s.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
