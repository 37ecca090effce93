/**
 * `$attempt` and `$lastError` in a step's expressions: a retry that changes its
 * parameters (another endpoint, a smaller page) — on a real SQLite file against a real
 * HTTP server on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ended, openTestApp, publish, type TestApp } from '@/tests/helpers/app';
import { ALLOW_LOOPBACK, sendJson, startServer } from '@/tests/helpers/http-server';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';

let target: Awaited<ReturnType<typeof startServer>>;
let t: TestApp;

beforeAll(async () => {
  t = openTestApp('attempt');
  target = await startServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    // The primary is down; the backup is overloaded by pages of more than 10 items.
    if (url.pathname === '/primary') sendJson(res, 503, { error: 'down' });
    else if (Number(url.searchParams.get('size')) > 10) sendJson(res, 503, { error: 'page too large for now' });
    else sendJson(res, 200, { path: url.pathname, size: Number(url.searchParams.get('size')) });
  });
  process.env.BATON_HTTP_ALLOW = ALLOW_LOOPBACK;
});

afterAll(async () => {
  delete process.env.BATON_HTTP_ALLOW;
  await t.close();
  await target.close();
});

const retry = { maxAttempts: 3, initialIntervalMs: 0, backoffFactor: 1, maxIntervalMs: 0, jitter: 0 };

describe('$attempt and $lastError', () => {
  it('let a retry change its endpoint and its page size, and see why the previous attempt failed', async () => {
    const url = `${target.url}/{{ $attempt = 1 ? "primary" : "backup" }}?size={{ $attempt >= 3 ? 5 : 50 }}&prev={{ $lastError.code }}:{{ $lastError.status }}`;
    const wf = await publish(
      t.app,
      doc(
        'retry-params',
        [
          node('start', 'manualTrigger'),
          node('fetch', 'http', { method: 'GET', url, headers: [], body: '', timeoutMs: 5000, failOnHttpError: true, retry: { ...retry, maxAttempts: 3 } }),
          node('done', 'end', { output: '$steps.fetch.output.body' }),
        ],
        [edge('start', 'fetch'), edge('fetch', 'done')],
      ),
    );
    const { runId } = await t.app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(t.app, runId));
    // Attempt 1: the primary (down). Attempt 2: the backup, same page (too large). Attempt 3: a smaller page.
    expect(target.seen.map((r) => r.url)).toEqual(['/primary?size=50&prev=:', '/backup?size=50&prev=HTTP_503:503', '/backup?size=5&prev=HTTP_503:503']);
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ path: '/backup', size: 5 });
  });

  it('start at 1 and null on the first attempt', async () => {
    target.seen.length = 0;
    const wf = await publish(
      t.app,
      doc(
        'first-attempt',
        [
          node('start', 'manualTrigger'),
          node('fetch', 'http', { method: 'GET', url: `${target.url}/backup?size={{ $attempt * 2 }}`, headers: [], body: '', timeoutMs: 5000, failOnHttpError: true }),
          node('done', 'end', { output: '{ "body": $steps.fetch.output.body, "lastError": $lastError, "attempt": $attempt }' }),
        ],
        [edge('start', 'fetch'), edge('fetch', 'done')],
      ),
    );
    const { runId } = await t.app.runs.start({ workflowId: wf, input: {}, startedBy: 'test' });
    const run = await waitFor(() => ended(t.app, runId));
    expect(run.status).toBe('succeeded');
    expect(run.output).toEqual({ body: { path: '/backup', size: 2 }, lastError: null, attempt: 1 });
  });
});
