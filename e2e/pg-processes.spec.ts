/**
 * Two Baton processes on one fresh PostgreSQL database, in the browser: A serves only
 * (`BATON_ROLE=web`), B serves and runs the work (`BATON_ROLE=all`). A person signed in on
 * A looks at the runs list; a run is then started through B's REST API. Without a reload
 * the run appears on A, and its run view on A follows it live as B's runner works: the
 * HTTP step runs (held open by a loopback service) and succeeds, the approval waits. The
 * person approves the task in A's inbox, in a second tab; the run view, still not
 * reloaded, sees the approval, the timer B fires after it, and the run succeed.
 *
 * Starts its own servers (production build needed) and fails, never skips, when
 * PostgreSQL cannot be reached (`tests/helpers/pg.ts`).
 */
import crypto from 'node:crypto';
import { expect, test, type BrowserContext } from '@playwright/test';
import { nodeStatus, shot } from './helpers';
import { ADMIN } from './people';
import { startServer, type TestServer } from '../tests/helpers/server';
import { createTestPgDatabase, type TestPgDatabase } from '../tests/helpers/pg';
import { adminHeaders } from '../tests/helpers/people';
import { ALLOW_LOOPBACK, sendJson, startServer as startHttp } from '../tests/helpers/http-server';
import { autoLayout } from '../lib/layout/auto-layout';
import type { WorkflowDocument } from '../lib/workflow/document';

let db: TestPgDatabase;
let a: TestServer;
let b: TestServer;
let service: Awaited<ReturnType<typeof startHttp>>;
/** Held answers of the loopback service (the stock check stays under way until released). */
const held: (() => void)[] = [];

const at = { x: 0, y: 0 };
/** The journey's workflow, laid out as the designer would; its stock check calls `stockUrl`. */
const orderFlow = (stockUrl: string) =>
  autoLayout<WorkflowDocument>({
    schemaVersion: 1,
    name: 'Purchase order (two processes)',
    description: 'Checks stock, waits for a manager, cools down, confirms.',
    nodes: [
      { id: 'start', type: 'manualTrigger', label: 'Order received', position: at, config: { inputFields: [] } },
      { id: 'stock', type: 'http', label: 'Check stock', position: at, config: { method: 'GET', url: stockUrl, timeoutMs: 60_000 } },
      {
        id: 'approval',
        type: 'userTask',
        label: 'Manager approval',
        position: at,
        config: { title: 'Approve purchase order', description: 'Stock confirmed; approve the order.', outcomes: [{ id: 'approve', label: 'Approve' }, { id: 'reject', label: 'Reject' }] },
      },
      { id: 'cool', type: 'wait', label: 'Cooling-off', position: at, config: { mode: 'duration', duration: 'PT1S' } },
      { id: 'confirmed', type: 'end', label: 'Order confirmed', position: at, config: { output: '{ "confirmedBy": $steps.approval.output.completedBy, "stock": $steps.stock.output.body.stock }' } },
      { id: 'declined', type: 'end', label: 'Order declined', position: at, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'stock', targetPort: 'in' },
      { id: 'e2', source: 'stock', sourcePort: 'out', target: 'approval', targetPort: 'in' },
      { id: 'e3', source: 'approval', sourcePort: 'approve', target: 'cool', targetPort: 'in' },
      { id: 'e4', source: 'approval', sourcePort: 'reject', target: 'declined', targetPort: 'in' },
      { id: 'e5', source: 'cool', sourcePort: 'out', target: 'confirmed', targetPort: 'in' },
    ],
  });

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  db = await createTestPgDatabase({ migrate: false });
  service = await startHttp((_req, res) => held.push(() => sendJson(res, 200, { stock: 12 })));
  const env = { DATABASE_URL: db.url, BATON_SECRET_KEY: crypto.randomBytes(32).toString('base64'), BATON_PG_POOL_MAX: '5', BATON_HTTP_ALLOW: ALLOW_LOOPBACK };
  [a, b] = await Promise.all([startServer({ env: { ...env, BATON_ROLE: 'web' } }), startServer({ env: { ...env, BATON_ROLE: 'all' } })]);
});

test.afterAll(async () => {
  for (const r of held.splice(0)) r();
  await Promise.all([a?.stop(), b?.stop()]);
  await service?.close();
  await db?.drop();
});

/** A browser context signed in on `server` as the admin (a real sign-in over HTTP). */
async function signedInOn(server: TestServer, newContext: () => Promise<BrowserContext>): Promise<BrowserContext> {
  const context = await newContext();
  const res = await context.request.post(`${server.baseUrl}/api/auth/sign-in/email`, { data: { email: ADMIN.email, password: ADMIN.password }, headers: { origin: server.baseUrl } });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

test('a run started through process B is watched live and approved on process A', async ({ browser }) => {
  test.setTimeout(180_000);
  const auth = await adminHeaders(b);
  const onB = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${b.baseUrl}${url}`, { method, headers: { ...auth, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json();
    expect(res.ok, `${method} ${url}: ${JSON.stringify(json)}`).toBe(true);
    return json;
  };
  const { id: workflowId } = await onB('POST', '/api/v1/workflows', orderFlow(`${service.url}/stock`));
  await onB('POST', `/api/v1/workflows/${workflowId}/publish`);

  const context = await signedInOn(a, () => browser.newContext({ baseURL: a.baseUrl, viewport: { width: 1440, height: 900 }, storageState: { cookies: [], origins: [] } }));
  const page = await context.newPage();
  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Runs' })).toBeVisible();
  await expect(page.getByTestId('signed-in-as')).toHaveText(ADMIN.name);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.waitForTimeout(500); // the page's live stream is open

  // Started through the other process, after the page on A is open.
  const { runId } = await onB('POST', `/api/v1/workflows/${workflowId}/runs`, { input: {} });
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  await expect(row).toContainText('Ada Admin');
  await shot(page, 'pg-runs-list-on-a');
  await row.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  // B's runner is inside the HTTP call; A shows it running.
  await expect(nodeStatus(page, 'stock')).toHaveAttribute('data-status', 'running', { timeout: 20_000 });
  await expect(page.getByTestId('run-status')).toHaveText('running');
  await shot(page, 'pg-run-view-running');
  expect(held).toHaveLength(1);
  held.shift()!();
  await expect(nodeStatus(page, 'stock')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(nodeStatus(page, 'approval')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('run-status')).toHaveText('waiting');
  await shot(page, 'pg-run-view-waiting');

  // The approval, in A's inbox, in a second tab.
  const inbox = await context.newPage();
  await inbox.goto('/inbox');
  const item = inbox.getByTestId('task-item').filter({ hasText: 'Approve purchase order' });
  await item.first().click();
  await expect(inbox.getByTestId('task-title')).toHaveText('Approve purchase order');
  await shot(inbox, 'pg-inbox-on-a');
  await inbox.getByTestId('outcome-approve').click();
  await expect(inbox.getByTestId('task-success')).toBeVisible();

  // The run view, never reloaded, follows the rest: approval, B's timer, the end.
  await expect(nodeStatus(page, 'approval')).toHaveAttribute('data-status', 'succeeded', { timeout: 20_000 });
  await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 30_000 });
  await expect(nodeStatus(page, 'cool')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'confirmed')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'declined')).toHaveAttribute('data-status', 'skipped');
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await shot(page, 'pg-run-view-succeeded');

  const run = await onB('GET', `/api/v1/runs/${runId}`);
  expect(run.status).toBe('succeeded');
  expect(run.output).toEqual({ confirmedBy: expect.any(String), stock: 12 });
  expect(a.output()).toMatch(/role web; database PostgreSQL; runs no jobs/);
  expect(b.output()).toMatch(/role all; database PostgreSQL; runner .* started/);
  await context.close();
});
