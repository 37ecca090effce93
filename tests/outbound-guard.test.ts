/**
 * The outbound guard in the real, built server: a relative URL reaches Baton's own demo
 * endpoints, while a service that only listens on the local host (a real HTTP server on
 * 127.0.0.1) is refused by default — the case of a webhook workflow fetching a URL its
 * caller chose — and reached once `BATON_HTTP_ALLOW` opens it on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { ALLOW_LOOPBACK, sendJson, startServer as startLocalService } from './helpers/http-server';
import { doc, edge, node } from './helpers/docs';

let local: Awaited<ReturnType<typeof startLocalService>>;

beforeAll(async () => {
  local = await startLocalService((_req, res) => sendJson(res, 200, { secret: 'only for the local host' }));
});

afterAll(async () => {
  await local.close();
});

/** Demo endpoint (relative), then the URL given as input, whose failure takes the error port. */
const workflow = doc(
  'fetch what the caller names',
  [
    node('start', 'manualTrigger', { inputFields: [{ name: 'url', label: 'URL', type: 'text', required: true, options: '' }] }),
    node('demo', 'http', { method: 'GET', url: '/api/demo/status/200', headers: [], body: '', timeoutMs: 10000, failOnHttpError: true }),
    node('fetch', 'http', { method: 'GET', url: '{{ $input.url }}', headers: [], body: '', timeoutMs: 10000, failOnHttpError: true }),
    node('fetched', 'end', { output: '{ "demo": $steps.demo.output.body, "body": $steps.fetch.output.body }' }),
    node('refused', 'end', { output: '{ "demo": $steps.demo.output.body, "error": $steps.fetch.error }' }),
  ],
  [edge('start', 'demo'), edge('demo', 'fetch'), edge('fetch', 'fetched'), edge('fetch', 'refused', 'error')],
);

/** Workflow names are unique: each run's workflow gets a numbered name. */
let runs = 0;

/** Publishes {@link workflow}, runs it with `url` and returns the ended run. */
async function runWith(server: TestServer, url: string) {
  const headers = { ...(await adminHeaders(server)), 'content-type': 'application/json' };
  const post = async (path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json();
  };
  const { id } = await post('/api/v1/workflows', { ...workflow, name: `${workflow.name} ${++runs}` });
  await post(`/api/v1/workflows/${id}/publish`);
  const { runId } = await post(`/api/v1/workflows/${id}/runs`, { input: { url } });
  for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    const run = await (await fetch(`${server.baseUrl}/api/v1/runs/${runId}`, { headers })).json();
    if (['succeeded', 'failed', 'cancelled'].includes(run.status)) return run;
  }
  throw new Error(`run ${runId} did not end in 30 s`);
}

describe('outbound guard in the server', () => {
  it("refuses a loopback-only service by default; relative URLs still reach Baton's own demo endpoints", async () => {
    const server = await startServer();
    try {
      for (const url of [`${local.url}/admin`, `http://0.0.0.0:${local.port}/admin`, `http://[::ffff:127.0.0.1]:${local.port}/admin`, `http://localhost:${local.port}/admin`]) {
        const run = await runWith(server, url);
        expect(run.status, server.output()).toBe('succeeded');
        expect(run.output.demo).toEqual({ status: 200 });
        expect(run.output.error).toMatchObject({ code: 'BLOCKED', message: expect.stringMatching(/outbound call to .+ blocked by rule "(127\.0\.0\.0\/8|0\.0\.0\.0\/8|::1)" of a built-in rule/) });
      }
      expect(local.seen).toHaveLength(0);
    } finally {
      await server.stop();
      server.removeDb();
    }
  });

  it('reaches the service once BATON_HTTP_ALLOW opens 127.0.0.1 on purpose', async () => {
    const server = await startServer({ env: { BATON_HTTP_ALLOW: ALLOW_LOOPBACK } });
    try {
      const run = await runWith(server, `${local.url}/admin`);
      expect(run.status, server.output()).toBe('succeeded');
      expect(run.output).toEqual({ demo: { status: 200 }, body: { secret: 'only for the local host' } });
      expect(local.seen.map((s) => s.url)).toEqual(['/admin']);
    } finally {
      await server.stop();
      server.removeDb();
    }
  });
});
