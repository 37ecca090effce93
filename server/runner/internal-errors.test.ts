/**
 * A job can never loop on an internal error: deeply nested response JSON on a step
 * that uses a credential (a real HTTP server on 127.0.0.1, real runs on a real SQLite
 * file), an attempt whose result cannot be redacted, and a job row the runner cannot
 * read each end the step or run once with a clear error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteApp as App } from '../app';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import { ALLOW_LOOPBACK, startServer } from '@/tests/helpers/http-server';
import { executeStep } from './execute-step';
import type { LoadedVersion } from './definitions';
import type { FlowExecutor } from '@/lib/nodes/executor';

let t: TestApp;
let app: App;
let server: Awaited<ReturnType<typeof startServer>>;

const SECRET = 'deep-SECRET-token-77';
/** Levels at which the recursive redaction walk overflowed the stack. */
const DEPTH = 4000;

/** `{"a":{"a":…{"a":"<secret>"}…}}`, `depth` levels deep. */
function deepJson(depth: number, leaf: string): string {
  return `${'{"a":'.repeat(depth)}${JSON.stringify(leaf)}${'}'.repeat(depth)}`;
}

beforeAll(async () => {
  t = openTestApp('internal-errors');
  app = t.app;
  // The server is a local service on 127.0.0.1, which the outbound guard refuses unless opened on purpose.
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
  server = await startServer((req, res) => {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    res.writeHead(200, { 'content-type': 'application/json' }).end(deepJson(DEPTH, token));
  });
});

afterAll(async () => {
  await t.close();
  await server.close();
  delete process.env.BATON_HTTP_ALLOW;
});

async function deepWorkflow(name: string, responseType: string): Promise<string> {
  const cred = await app.credentials.create({ name: `Token ${name}`, type: 'bearer', data: { token: SECRET } }, 'system');
  return await publish(
    app,
    doc(
      name,
      [
        node('start', 'manualTrigger'),
        node('fetch', 'http', { url: `${server.url}/${name}`, credentialId: cred.id, responseType, failOnHttpError: true }),
        node('done', 'end', { output: '$steps.fetch.output.body' }),
      ],
      [edge('start', 'fetch'), edge('fetch', 'done')],
    ),
  );
}

const calls = (name: string) => server.seen.filter((s) => s.url === `/${name}`).length;

describe('deeply nested response JSON on a step with a credential', () => {
  it('responseType json: the run fails once with RESPONSE_TOO_DEEP, the server is called once', async () => {
    const wf = await deepWorkflow('deep-json', 'json');
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId), 10_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ nodeId: 'fetch', code: 'RESPONSE_TOO_DEEP' });
    expect(String((run.error as { message: string }).message)).toMatch(/nested deeper than 256 levels/);
    await new Promise((r) => setTimeout(r, 300));
    expect(calls('deep-json')).toBe(1);
    expect(app.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?').get(runId)).toEqual({ n: 0 });
  });

  it('responseType auto: the body is kept as text (like malformed JSON), with the echoed secret redacted', async () => {
    const wf = await deepWorkflow('deep-auto', 'auto');
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(app, runId), 10_000);
    expect(run.status).toBe('succeeded');
    expect(run.output).toBe(deepJson(DEPTH, '••••'));
    expect(calls('deep-auto')).toBe(1);
  });
});

describe('an attempt whose result cannot be recorded', () => {
  it('fails the step with ATTEMPT_NOT_RECORDABLE instead of throwing, and stores none of the result', async () => {
    // An executor (here a test node type) that reveals a credential and returns data nested past the redaction walk's stack.
    const deep: FlowExecutor<unknown> = async (_config, ctx) => {
      const c = await ctx.credential!('cred_x');
      let v: unknown = c.data.token;
      for (let i = 0; i < 20_000; i++) v = [v];
      ctx.log(`called with ${c.data.token}`);
      // The step's input is recorded as the executor returns it: nested past any recursive walk.
      return { input: { v } as never, output: { ok: true } };
    };
    const loaded = { nodesById: new Map([['n', { id: 'n', type: 'deep', label: 'n' }]]), configs: new Map() } as unknown as LoadedVersion;
    const outcome = await executeStep(
      { runId: 'r1', stepId: 'n#1', nodeId: 'n', attempt: 1 },
      { executors: { deep }, loaded, scope: { input: {}, steps: {} } as never, signal: new AbortController().signal, baseUrl: 'http://x', clock: Date.now, credentials: () => ({ type: 'bearer', data: { token: SECRET } }) },
    );
    expect(outcome.event).toMatchObject({ type: 'step.failed', stepId: 'n#1', error: { code: 'ATTEMPT_NOT_RECORDABLE', nodeId: 'n', retryable: false } });
    expect(outcome.attempt).toMatchObject({ status: 'failed', input: undefined, output: undefined });
    expect(outcome.attempt.logs.join('\n')).toContain('called with ••••');
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });
});

describe('a job the runner cannot run', () => {
  it('fails the run with INTERNAL_ERROR naming an error id and deletes the job, instead of leasing it again', async () => {
    const wf = await publish(
      app,
      doc('parked', [node('start', 'manualTrigger'), node('t', 'userTask', { title: 'x', outcomes: [{ id: 'ok', label: 'OK' }] }), node('done', 'end')], [edge('start', 't'), edge('t', 'done', 'ok')]),
    );
    const { runId } = await app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    await waitFor(async () => ((await app.runs.get(runId)).status === 'waiting' ? true : null));
    // A timer job whose payload is not JSON (a damaged row): reading it throws inside the runner.
    app.handle.sqlite
      .prepare(`INSERT INTO jobs (kind, run_id, step_id, node_id, attempt, due_at, created_at, payload) VALUES ('timer', ?, 't#1', 't', 1, ?, ?, '{not json')`)
      .run(runId, Date.now(), Date.now());
    app.runner.wake();
    const run = await waitFor(() => ended(app, runId), 10_000);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'INTERNAL_ERROR', stepId: 't#1' });
    expect(String((run.error as { message: string }).message)).toMatch(/internal error .*\(id err_[0-9a-f]{12};/);
    expect(app.handle.sqlite.prepare('SELECT COUNT(*) AS n FROM jobs WHERE run_id = ?').get(runId)).toEqual({ n: 0 });
  });
});
