/**
 * `GET /api/v1/workflows/{id}/routers` against the real built server, on the seeded
 * "Shipping quote routing" example: its runs call Baton's own demo providers
 * (`/api/demo/providers/…`), the router's statistics follow them, the endpoint is in
 * the OpenAPI document, and unknown workflows, other methods and anonymous callers are refused.
 *
 * Needs a production build: `NEXT_TELEMETRY_DISABLED=1 npx next build`, then
 * `npx vitest run tests/routers-api.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server';
import { peopleKeys, type Person } from './helpers/people';

const SKIP = !!process.env.BATON_SKIP_SERVER_TESTS;

let server: TestServer;
let alex: Person;
let priya: Person;

async function api(who: Person | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(who?.headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

describe.skipIf(SKIP)('router statistics over REST (real server)', () => {
  beforeAll(async () => {
    // Both demo providers fail now and then by design; here the flaky one always fails, the steady one never.
    server = await startServer({ env: { BATON_DEMO_PROVIDER_FAIL_FLAKY: '1', BATON_DEMO_PROVIDER_FAIL_STEADY: '0' } });
    ({ alex, priya } = await peopleKeys(server));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('counts the seeded router example’s choices and outcomes per candidate', async () => {
    const list = await api(alex, 'GET', '/api/v1/workflows');
    const wf = list.body.find((w: { name: string }) => w.name === 'Shipping quote routing');
    expect(wf).toBeDefined();
    const before = await api(priya, 'GET', `/api/v1/workflows/${wf.id}/routers`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual([
      {
        nodeId: 'pick',
        label: 'Pick a carrier',
        policy: 'adaptive',
        window: 200,
        breaker: { failures: 5, cooldownMs: 60_000 },
        candidates: [
          { id: 'steady', label: 'Steady Freight', chosen: 0, share: 0, succeeded: 0, failed: 0, successRate: null, p50Ms: null, breaker: 'closed', retryAt: null },
          { id: 'flaky', label: 'Quick Ship', chosen: 0, share: 0, succeeded: 0, failed: 0, successRate: null, p50Ms: null, breaker: 'closed', retryAt: null },
        ],
      },
    ]);

    const outputs: unknown[] = [];
    for (let i = 0; i < 12; i++) {
      const started = await api(alex, 'POST', `/api/v1/workflows/${wf.id}/runs`, { input: { weightKg: 2 + i, country: 'France' } });
      expect(started.status).toBe(202);
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = await api(alex, 'GET', `/api/v1/runs/${started.body.runId}`);
        if (r.body.status === 'succeeded') {
          outputs.push(r.body.output);
          break;
        }
        expect(r.body.status, JSON.stringify(r.body.error)).not.toBe('failed');
        if (Date.now() > deadline) throw new Error(`run ${started.body.runId} did not finish`);
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    const after = await api(alex, 'GET', `/api/v1/workflows/${wf.id}/routers`);
    const [steady, flaky] = after.body[0].candidates;
    expect(steady.chosen + flaky.chosen).toBe(12);
    expect(steady).toMatchObject({ failed: 0, succeeded: steady.chosen, breaker: 'closed' });
    expect(flaky).toMatchObject({ succeeded: 0, failed: flaky.chosen });
    expect(steady.share + flaky.share).toBeCloseTo(1, 9);
    if (steady.chosen > 0) expect(steady.p50Ms).toEqual(expect.any(Number));
    if (flaky.chosen >= 5) expect(flaky).toMatchObject({ breaker: 'open', retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // Every run ended: quoted by the steady provider, or "no quote" after the flaky one failed.
    expect(outputs.filter((o: any) => o.provider === 'steady')).toHaveLength(steady.chosen);
    expect(outputs.filter((o: any) => o.quoted === false && o.carrier === 'Quick Ship')).toHaveLength(flaky.chosen);
  }, 120_000);

  it('is documented, and refuses unknown workflows, other methods and anonymous callers', async () => {
    const openapi = await api(alex, 'GET', '/api/v1/openapi.json');
    expect(openapi.body.paths['/api/v1/workflows/{id}/routers'].get.operationId).toBe('listRouterStats');
    expect(openapi.body.components.schemas.RouterStats.properties.candidates).toBeDefined();
    const missing = await api(alex, 'GET', '/api/v1/workflows/wf_nope/routers');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/not found/);
    expect((await api(alex, 'POST', '/api/v1/workflows/wf_nope/routers', {})).status).toBe(405);
    expect((await api(null, 'GET', '/api/v1/workflows/wf_nope/routers')).status).toBe(401);
  });
});
