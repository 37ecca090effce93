import { expect, type APIRequestContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { signInAs, type PersonKey } from './people';

/** Screenshots of the journeys, kept outside test-results/ (Playwright clears it). */
export const SHOTS = path.resolve('.e2e/screenshots');

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Drags from one React Flow handle to another with the mouse. */
export async function connect(page: Page, from: { node: string; port: string }, to: { node: string; port?: string }) {
  const source = page.locator(`.react-flow__handle.source[data-nodeid="${from.node}"][data-handleid="${from.port}"]`);
  const target = page.locator(`.react-flow__handle.target[data-nodeid="${to.node}"][data-handleid="${to.port ?? 'in'}"]`);
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from.node}.${from.port} → ${to.node}.${to.port ?? 'in'}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Status shown on a node of the live run view. */
export function nodeStatus(page: Page, nodeId: string) {
  return page.getByTestId(`node-status-${nodeId}`);
}

/** Acts as one of the journey people from now on (their saved session); navigate afterwards. */
export async function actAs(page: Page, key: PersonKey) {
  await signInAs(page, key);
}

/** Creates a workflow from a document through the REST API and publishes it. Returns its id and version. */
export async function createPublished(request: APIRequestContext, doc: unknown): Promise<{ id: string; version: number }> {
  const created = await request.post('/api/v1/workflows', { data: doc });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  return { id, version: await publish(request, id) };
}

/** Publishes a workflow's draft through the REST API. Returns the new version. */
export async function publish(request: APIRequestContext, workflowId: string): Promise<number> {
  const res = await request.post(`/api/v1/workflows/${workflowId}/publish`);
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { version: number }).version;
}

/** Replaces a workflow's draft (tRPC `workflows.saveDraft`; the REST API has no draft update). */
export async function saveDraft(request: APIRequestContext, workflowId: string, document: unknown): Promise<void> {
  const res = await request.post('/api/trpc/workflows.saveDraft', { data: { id: workflowId, document } });
  expect(res.status(), await res.text()).toBe(200);
}

/** Starts a run through the REST API. Returns its id. */
export async function startRun(request: APIRequestContext, workflowId: string, input: Record<string, unknown> = {}): Promise<string> {
  const res = await request.post(`/api/v1/workflows/${workflowId}/runs`, { data: { input } });
  expect(res.status(), await res.text()).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}

/** The run as `GET /api/v1/runs/{id}` returns it. */
export async function getRun(request: APIRequestContext, runId: string) {
  const res = await request.get(`/api/v1/runs/${encodeURIComponent(runId)}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as {
    id: string;
    version: number;
    status: string;
    error: { message: string; code?: string; nodeId?: string } | null;
    steps: { stepId: string; nodeId: string; status: string; attempts: number; startedAt: string; endedAt: string | null }[];
  };
}

/** Polls the REST API until the run has `status`. */
export async function waitForRunStatus(request: APIRequestContext, runId: string, status: string, timeout = 30_000) {
  await expect.poll(async () => (await getRun(request, runId)).status, { timeout, intervals: [200] }).toBe(status);
}

/**
 * Opens a Radix menu and returns once `itemTestId` shows. A click that lands before the
 * page has hydrated does nothing, so the click is repeated (after Escape) until the item shows.
 */
export async function openMenu(page: Page, triggerTestId: string, itemTestId: string) {
  await expect(async () => {
    if (!(await page.getByTestId(itemTestId).isVisible())) {
      await page.keyboard.press('Escape');
      await page.getByTestId(triggerTestId).click();
    }
    await expect(page.getByTestId(itemTestId)).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}
