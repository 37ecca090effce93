/**
 * `BATON_ROLE`: the value is checked; a runner-only process (real server) answers the
 * health checks and `503` JSON on every other API route — each route file under
 * `app/api` is called with a method it exports — and shows a plain notice instead of
 * the app's pages; a web-only process serves the API but claims no jobs, so a step
 * that needs the runner stays waiting.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notServedHere, processRole } from '@/server/process-role';
import { startServer, ROOT, type TestServer } from './helpers/server';
import { adminHeaders } from './helpers/people';
import { doc, edge, node } from './helpers/docs';

describe('processRole', () => {
  it('defaults to all, accepts the three roles in any case, refuses anything else by name', () => {
    expect(processRole({})).toBe('all');
    expect(processRole({ BATON_ROLE: ' Runner ' })).toBe('runner');
    expect(processRole({ BATON_ROLE: 'web' })).toBe('web');
    expect(() => processRole({ BATON_ROLE: 'worker' })).toThrow(/BATON_ROLE "worker" is not one of all, web, runner/);
    expect(notServedHere('/api/v1/workflows', { BATON_ROLE: 'web' })).toBeNull();
    expect(notServedHere('/api/health', { BATON_ROLE: 'runner' })).toBeNull();
    expect(notServedHere('/api/v1/workflows', { BATON_ROLE: 'runner' })?.status).toBe(503);
  });
});

/** Every API route file with a URL to call it at and a method it exports. */
function apiRoutes(): { url: string; method: string; file: string }[] {
  const out: { url: string; method: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'route.ts') {
        const src = fs.readFileSync(p, 'utf8');
        // A method the route serves (not one it answers 405 to).
        const method = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].find(
          (m) => new RegExp(`export (const|async function|function) \\{?[^;]*\\b${m}\\b|as ${m}\\b`).test(src) && !new RegExp(`export const ${m} = methodNotAllowed`).test(src),
        );
        const rel = path.relative(path.join(ROOT, 'app'), path.dirname(p)).split(path.sep).map((s) => (s.startsWith('[') ? 'x' : s));
        if (method) out.push({ url: `/${rel.join('/')}`, method, file: path.relative(ROOT, p) });
      }
    }
  };
  walk(path.join(ROOT, 'app', 'api'));
  return out;
}

describe('a runner-only process', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { BATON_ROLE: 'runner' } });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('answers the health checks and 503 JSON on every other API route', async () => {
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(25);
    const health = await fetch(`${server.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'ok' });
    for (const r of routes) {
      if (r.url === '/api/health' || r.url === '/api/v1/health' || r.url === '/api/v1/x') continue;
      const res = await fetch(`${server.baseUrl}${r.url}`, { method: r.method, headers: { 'content-type': 'application/json', origin: server.baseUrl }, body: r.method === 'GET' ? undefined : '{}' });
      expect(res.status, `${r.method} ${r.url} (${r.file})`).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code, r.file).toBe('unavailable');
    }
    // The signed-in health report is not reachable without a session; it is not refused for the role.
    expect((await fetch(`${server.baseUrl}/api/v1/health`)).status).toBe(401);
  });

  it('shows a notice instead of the app', async () => {
    const page = await fetch(`${server.baseUrl}/sign-in`);
    expect(await page.text()).toContain('This Baton process runs work only');
  });
});

describe('a web-only process', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { BATON_ROLE: 'web' } });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    server?.removeDb();
  });

  it('serves the API but runs no jobs: a 100 ms wait is still waiting 2 s later', async () => {
    const auth = { ...(await adminHeaders(server)), 'content-type': 'application/json' };
    const created = await fetch(`${server.baseUrl}/api/v1/workflows`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(doc('web role', [node('start', 'manualTrigger'), node('w', 'wait', { mode: 'duration', duration: 'PT0.1S', milliseconds: 100, until: '' }), node('end', 'end')], [edge('start', 'w'), edge('w', 'end')])),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await fetch(`${server.baseUrl}/api/v1/workflows/${id}/publish`, { method: 'POST', headers: auth })).status).toBe(201);
    const started = await fetch(`${server.baseUrl}/api/v1/workflows/${id}/runs`, { method: 'POST', headers: auth, body: JSON.stringify({ input: {} }) });
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    await new Promise((r) => setTimeout(r, 2_000));
    const run = (await (await fetch(`${server.baseUrl}/api/v1/runs/${runId}`, { headers: auth })).json()) as { status: string };
    expect(run.status).toBe('waiting');
    expect(server.output()).toMatch(/role web; .*runs no jobs/);
  });
});
