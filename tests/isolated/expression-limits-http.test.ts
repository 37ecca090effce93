/**
 * A designer's expressions cannot stall the server, black-box against the real built
 * server over HTTP: an unauthenticated webhook feeds a catastrophic regular
 * expression (`^([a-z]+)+$` against 32 letters and a `!`, seconds on a backtracking
 * engine) and then a computation that runs into its time limit, while another client
 * keeps calling the REST API (three such runs). That client's p99 latency stays under 200 ms, the
 * regular expression is answered at once, and the run fails with `EXPRESSION_LIMIT`
 * naming the node and the field.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/expression-limits-http.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startServer, type TestServer } from '../helpers/server';
import { apiKey, signIn } from '../helpers/people';
import { doc, edge, node } from '../helpers/docs';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;
const TOKEN = 'expr_limits_token_0123456789abcdef';

let server: TestServer;
let headers: Record<string, string>;

beforeAll(async () => {
  if (SKIP) return;
  server = await startServer();
  const cookie = await signIn(server.baseUrl, ADMIN.email, ADMIN.password);
  headers = { 'x-api-key': await apiKey(server.baseUrl, cookie), 'content-type': 'application/json' };
}, 90_000);

afterAll(async () => {
  if (SKIP || !server) return;
  await server.stop();
  server.removeDb();
});

async function json(method: string, path: string, body?: unknown, h: Record<string, string> = headers): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.baseUrl}${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForEnd(runId: string): Promise<any> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await json('GET', `/api/v1/runs/${runId}`);
    if (['succeeded', 'failed', 'cancelled'].includes(r.body.status)) return r.body;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not end: ${JSON.stringify(r.body).slice(0, 500)}`);
    await sleep(50);
  }
}

function p99(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)]!;
}

describe.skipIf(SKIP)('expressions cannot stall the server', () => {
  it('other requests keep p99 < 200 ms while a webhook feeds a catastrophic regex and a runaway computation', async () => {
    const label = (n: ReturnType<typeof node>, l: string) => ({ ...n, label: l });
    const wf = doc(
      'hostile expressions',
      [
        node('hook', 'webhookTrigger', { token: TOKEN }),
        label(node('check', 'transform', { expression: '$contains($input.name, /^([a-z]+)+$/)' }), 'Check'),
        label(node('spin', 'transform', { expression: '($f := function($n) { $n <= 1 ? $n : $f($n - 1) + $f($n - 2) }; $f($input.n))' }), 'Spin'),
        node('done', 'end', { output: '$steps.check.output' }),
      ],
      [edge('hook', 'check'), edge('check', 'spin'), edge('spin', 'done')],
    );
    const created = await json('POST', '/api/v1/workflows', wf);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const published = await json('POST', `/api/v1/workflows/${created.body.id}/publish`, {});
    expect(published.status, JSON.stringify(published.body)).toBe(201);

    // Warm up both routes and the runner with a harmless input.
    const warm = await json('POST', `/api/hooks/${TOKEN}`, { name: 'abc', n: 5 }, { 'content-type': 'application/json' });
    expect(warm.status, JSON.stringify(warm.body)).toBe(202);
    expect(await waitForEnd(warm.body.runId)).toMatchObject({ status: 'succeeded', output: true });
    const baseline: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await json('GET', '/api/v1/workflows');
      baseline.push(performance.now() - t0);
    }

    // Another client keeps reading through the REST API while the attack is processed
    // (the webhook answers once the run's inline steps are done).
    const latencies: number[] = [];
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const t0 = performance.now();
        const r = await json('GET', '/api/v1/workflows');
        latencies.push(performance.now() - t0);
        expect(r.status).toBe(200);
      }
    })();
    await sleep(100);

    // The attack, unauthenticated, three times over (for enough samples).
    const runs: any[] = [];
    for (let i = 0; i < 3; i++) {
      const attack = await json('POST', `/api/hooks/${TOKEN}`, { name: `${'a'.repeat(32)}!`, n: 40 }, { 'content-type': 'application/json' });
      expect(attack.status, JSON.stringify(attack.body)).toBe(202);
      runs.push(await waitForEnd(attack.body.runId as string));
    }
    probing = false;
    await prober;

    expect(latencies.length, `latencies (ms): ${latencies.map((l) => Math.round(l)).join(', ')}`).toBeGreaterThanOrEqual(30);
    expect(p99(latencies), `latencies (ms): ${latencies.map((l) => Math.round(l)).join(', ')}; before the attack: ${baseline.map((l) => Math.round(l)).join(', ')}`).toBeLessThan(200);

    for (const run of runs) {
      expect(run.status).toBe('failed');
      expect(run.error).toMatchObject({
        code: 'EXPRESSION_LIMIT',
        nodeId: 'spin',
        message: expect.stringMatching(/^Transform "Spin" \(spin\) mapping: evaluation ran longer than the limit of 1000 ms/),
      });
      const check = Array.isArray(run.steps) ? run.steps.find((s: { nodeId: string }) => s.nodeId === 'check') : undefined;
      if (check) expect(check).toMatchObject({ status: 'succeeded', output: false });
    }

    // The server still serves runs normally.
    const after = await json('POST', `/api/hooks/${TOKEN}`, { name: 'xyz', n: 3 }, { 'content-type': 'application/json' });
    expect(await waitForEnd(after.body.runId)).toMatchObject({ status: 'succeeded', output: true });
  }, 120_000);
});
