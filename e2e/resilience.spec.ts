/**
 * Resilience in the live run view, against Baton's own demo endpoints:
 * (a) a durable wait, an HTTP step that fails twice and succeeds on attempt 3 of 4
 *     (retry countdown live on the node), a step that fails for good and takes its
 *     error path, and a saga: two steps with compensation handlers, then a failing
 *     step, so the run undoes both (latest first) and ends `compensated`;
 * (b) retry from failure on a newer version, with the version diff in the dialog.
 * Workflows are created and published through the REST API.
 */
import { expect, test, type Locator, type Page } from './fixtures';
import fs from 'node:fs';
import path from 'node:path';
import { autoLayout } from '../lib/layout/auto-layout';
import type { WorkflowDocument } from '../lib/workflow/document';
import { createPublished, getRun, nodeStatus, publish, saveDraft, shot, SHOTS, startRun, waitForRunStatus } from './helpers';

// Crisp screenshots: the close-ups of nodes are readable at 2×.
test.use({ deviceScaleFactor: 2 });

/** A close-up of the canvas around some nodes (with room for their status pills). */
async function closeUp(page: Page, nodes: Locator[], name: string) {
  const boxes = (await Promise.all(nodes.map((n) => n.boundingBox()))).filter((b) => b !== null);
  const x = Math.min(...boxes.map((b) => b.x)) - 90;
  const y = Math.min(...boxes.map((b) => b.y)) - 50;
  const r = Math.max(...boxes.map((b) => b.x + b.width)) + 150;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 30;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), clip: { x: Math.max(0, x), y: Math.max(0, y), width: r - Math.max(0, x), height: bottom - Math.max(0, y) } });
}

const at = { x: 0, y: 0 };
const http = (id: string, label: string, url: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'http',
  label,
  position: at,
  config: { method: 'POST', url, ...extra },
});
const edge = (id: string, source: string, target: string, sourcePort = 'out') => ({ id, source, sourcePort, target, targetPort: 'in' });

/** Order → wait → flaky quote (retries) → loyalty lookup (fails, error path) → reserve → charge → courier (fails: compensate). */
const SAGA = autoLayout<WorkflowDocument>({
  schemaVersion: 1,
  name: 'Order fulfilment (resilience e2e)',
  description: 'Retries, an error path and a saga, against the demo endpoints.',
  nodes: [
    { id: 'start', type: 'manualTrigger', label: 'Order placed', position: at, config: { inputFields: [] } },
    { id: 'pause', type: 'wait', label: 'Cooling-off period', position: at, config: { mode: 'duration', duration: 'PT8S' } },
    http('quote', 'Shipping quote', '/api/demo/flaky/2', { retry: { maxAttempts: 4, initialIntervalMs: 800, backoffFactor: 1.5, maxIntervalMs: 5000, jitter: 0 } }),
    http('loyalty', 'Loyalty lookup', '/api/demo/status/500'),
    { id: 'no_points', type: 'transform', label: 'Skip loyalty points', position: at, config: { expression: '{ "points": 0, "reason": $steps.loyalty.error.message }' } },
    http('reserve', 'Reserve stock', '/api/demo/provision/reserve'),
    http('release', 'Release stock', '/api/demo/provision/undo-reserve'),
    http('charge', 'Charge card', '/api/demo/provision/charge'),
    http('refund', 'Refund card', '/api/demo/provision/undo-charge'),
    http('ship', 'Book courier', '/api/demo/status/500'),
    { id: 'done', type: 'end', label: 'Shipped', position: at, config: {} },
  ],
  edges: [
    edge('e1', 'start', 'pause'),
    edge('e2', 'pause', 'quote'),
    edge('e3', 'quote', 'loyalty'),
    edge('e4', 'loyalty', 'reserve'),
    edge('e_err', 'loyalty', 'no_points', 'error'),
    edge('e5', 'no_points', 'reserve'),
    edge('e6', 'reserve', 'charge'),
    edge('e7', 'charge', 'ship'),
    edge('e8', 'ship', 'done'),
    edge('c_reserve', 'reserve', 'release', 'compensation'),
    edge('c_charge', 'charge', 'refund', 'compensation'),
  ],
});

/** The `data-detail` (detail line) of a node in the run view, polled fast: a retry window lasts about a second. */
const detailOf = (page: Page, nodeId: string) => nodeStatus(page, nodeId).getAttribute('data-detail', { timeout: 1000 }).catch(() => null);

test('retries, an error path and a saga, live in the run view', async ({ page, request }) => {
  const { id } = await createPublished(request, SAGA);
  const runId = await startRun(request, id);
  await page.goto(`/runs/${encodeURIComponent(runId)}`);

  // A durable timer: the wait node counts down to its due time.
  await expect(nodeStatus(page, 'pause')).toHaveAttribute('data-status', 'waiting');
  await expect(nodeStatus(page, 'pause').getByTestId('node-run-detail')).toContainText(/^waits until \d\d:\d\d:\d\d/);
  await expect(page.getByTestId('run-status')).toHaveText('waiting');
  await expect(page.getByTestId('cancel-run')).toBeVisible();
  await shot(page, 'resilience-timer');
  // Select the quote before it runs: the panel follows it once it is activated.
  await nodeStatus(page, 'quote').click();
  await expect(page.getByText('Not reached yet.')).toBeVisible();

  // The quote fails with 503 twice: the node shows the next attempt and a countdown.
  await expect.poll(() => detailOf(page, 'quote'), { timeout: 20_000, intervals: [50] }).toMatch(/^attempt 2 of 4 · next in \d s$/);
  await expect(nodeStatus(page, 'quote')).toHaveAttribute('data-status', 'retrying');
  await closeUp(page, [nodeStatus(page, 'pause'), nodeStatus(page, 'quote'), nodeStatus(page, 'loyalty')], 'resilience-retrying-node');
  await shot(page, 'resilience-retrying');
  await expect.poll(() => page.getByTestId('step-retry').textContent({ timeout: 500 }).catch(() => ''), { timeout: 10_000, intervals: [50] }).toMatch(/Attempt [23] of 4/);
  await expect.poll(() => detailOf(page, 'quote'), { timeout: 10_000, intervals: [50] }).toMatch(/^attempt 3 of 4/);
  await expect(nodeStatus(page, 'quote')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'quote').getByTestId('node-run-status')).toContainText('3 attempts');

  // The loyalty lookup fails for good (no retry): its error path is taken, the run goes on.
  await expect(nodeStatus(page, 'loyalty')).toHaveAttribute('data-status', 'handled');
  await expect(nodeStatus(page, 'loyalty').getByTestId('node-run-status')).toContainText('Error handled');
  await expect(page.getByTestId('edge-e_err')).toHaveAttribute('data-run', 'taken');
  await expect(page.getByTestId('edge-e4')).toHaveAttribute('data-run', 'none');
  await expect(nodeStatus(page, 'no_points')).toHaveAttribute('data-status', 'succeeded');

  // The courier fails with no error path: the run undoes charge, then reserve, and ends compensated.
  await expect(page.getByTestId('run-status')).toHaveText('compensated', { timeout: 30_000 });
  for (const [node, handler] of [
    ['charge', 'Refund card'],
    ['reserve', 'Release stock'],
  ] as const) {
    await expect(nodeStatus(page, node)).toHaveAttribute('data-status', 'compensated');
    await expect(nodeStatus(page, node).getByTestId('node-run-status')).toContainText('Undone');
    await expect(nodeStatus(page, node).getByTestId('node-run-detail')).toHaveText(`undone by ${handler}`);
  }
  for (const n of ['refund', 'release', 'no_points']) await expect(nodeStatus(page, n)).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'ship')).toHaveAttribute('data-status', 'failed');
  await expect(nodeStatus(page, 'done')).toHaveAttribute('data-status', 'skipped');
  for (const e of ['c_charge', 'c_reserve']) await expect(page.getByTestId(`edge-${e}`)).toHaveAttribute('data-run', 'taken');
  await expect(page.getByTestId('run-banner')).toContainText('Compensated: 2 completed steps were undone');
  await expect(page.getByTestId('run-banner')).toContainText('Book courier failed');
  await expect(page.getByTestId('cancel-run')).toHaveCount(0);
  await expect(page.getByTestId('retry-run')).toHaveCount(0);

  // The steps list: handlers after a "Compensation" divider, refund (latest completed) first.
  await page.getByTestId('run-tab-steps').click();
  await expect(page.getByTestId('steps-divider-compensation')).toBeVisible();
  const listed = await page.getByTestId('steps-list').locator('[data-step-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')));
  expect(listed.indexOf('refund#1')).toBeGreaterThan(listed.indexOf('ship#1'));
  expect(listed.indexOf('refund#1')).toBeLessThan(listed.indexOf('release#1'));
  await shot(page, 'resilience-compensated');
  await closeUp(page, ['loyalty', 'reserve', 'charge', 'release', 'refund', 'ship'].map((n) => nodeStatus(page, n)), 'resilience-compensated-nodes');

  // The step details of an undone step name its handler.
  await nodeStatus(page, 'charge').click();
  await expect(page.getByTestId('step-compensation')).toContainText('Undone');
  await expect(page.getByTestId('step-compensation')).toContainText('Refund card (refund#1)');
  await shot(page, 'resilience-undone-step');

  // The API agrees: compensated, handlers in reverse completion order.
  const run = await getRun(request, runId);
  expect(run.status).toBe('compensated');
  expect(run.error).toMatchObject({ nodeId: 'ship', code: 'HTTP_500' });
  const step = (s: string) => run.steps.find((x) => x.stepId === s)!;
  expect(step('quote#1')).toMatchObject({ status: 'succeeded', attempts: 3 });
  expect(step('loyalty#1').status).toBe('failed');
  const ids = run.steps.map((s) => s.stepId);
  expect(Date.parse(step('reserve#1').endedAt!)).toBeLessThanOrEqual(Date.parse(step('charge#1').endedAt!));
  expect(ids.indexOf('refund#1')).toBeLessThan(ids.indexOf('release#1'));
  expect(Date.parse(step('refund#1').endedAt!)).toBeLessThanOrEqual(Date.parse(step('release#1').startedAt));

  // The runs list filters by the new statuses.
  await page.goto('/runs');
  await page.getByTestId('runs-filter-compensated').click();
  await expect(page).toHaveURL(/status=compensated/);
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);
  await expect(row).toHaveAttribute('data-status', 'compensated');
  await expect(row).toContainText('compensated');
  await expect(page.getByTestId('run-row').and(page.locator(':not([data-status="compensated"])'))).toHaveCount(0);
  await shot(page, 'resilience-runs-list');
});

/** Start → prepare → charge (answers 500) → done; v2 fixes the charge URL. */
const CHECKOUT = (url: string, extra: Record<string, unknown> = {}): WorkflowDocument =>
  autoLayout<WorkflowDocument>({
    schemaVersion: 1,
    name: 'Checkout (retry e2e)',
    description: '',
    nodes: [
      { id: 'start', type: 'manualTrigger', label: 'Start', position: at, config: { inputFields: [] } },
      { id: 'prepare', type: 'transform', label: 'Prepare order', position: at, config: { expression: '{ "amount": 42 }' } },
      http('charge', 'Charge', url, extra),
      { id: 'done', type: 'end', label: 'Done', position: at, config: {} },
    ],
    edges: [edge('e1', 'start', 'prepare'), edge('e2', 'prepare', 'charge'), edge('e3', 'charge', 'done')],
  });

test('retry a failed run from its failure on a newer version, with what changed', async ({ page, request }) => {
  const { id, version } = await createPublished(request, CHECKOUT('/api/demo/status/500'));
  expect(version).toBe(1);
  const runId = await startRun(request, id);
  await waitForRunStatus(request, runId, 'failed');
  // The fix: v2 calls the payments endpoint, with a retry policy.
  await saveDraft(request, id, CHECKOUT('/api/demo/payments', { retry: { maxAttempts: 3, initialIntervalMs: 500, backoffFactor: 2, maxIntervalMs: 5000, jitter: 0 } }));
  expect(await publish(request, id)).toBe(2);

  await page.goto(`/runs/${encodeURIComponent(runId)}`);
  await expect(page.getByTestId('run-status')).toHaveText('failed');
  await expect(nodeStatus(page, 'charge')).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('cancel-run')).toHaveCount(0);
  await page.getByTestId('retry-run').click();
  const dialog = page.getByTestId('retry-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('retry-version-1').locator('input')).toBeChecked();
  await expect(dialog.getByTestId('version-diff')).toHaveCount(0);
  await dialog.getByTestId('retry-version-2').click();
  const diff = dialog.getByTestId('version-diff');
  await expect(diff).toContainText('v1 → v2');
  await expect(diff.getByTestId('diff-line')).toHaveCount(1);
  await expect(diff).toContainText('HTTP request "Charge" (charge): url changed, retry added');
  await expect(diff).toContainText('"/api/demo/status/500"');
  await expect(diff).toContainText('"/api/demo/payments"');
  await expect(dialog.getByTestId('confirm-retry')).toHaveText('Retry on v2');
  await shot(page, 'resilience-retry-dialog');

  await dialog.getByTestId('confirm-retry').click();
  await expect(dialog).toHaveCount(0);
  // The live view continues on the same page: the failed step stays in the history, a new one runs.
  await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 20_000 });
  await expect(nodeStatus(page, 'charge')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'done')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.locator('[data-step-id="charge#1"]')).toHaveAttribute('data-status', 'failed');
  await expect(page.locator('[data-step-id="charge#2"]')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('steps-divider-retry')).toContainText('on v2');
  await expect(page.getByTestId('run-retries')).toContainText('v1 → v2');
  await expect(page.getByTestId('run-view').locator('header')).toContainText('v2');
  await shot(page, 'resilience-retried');

  const run = await getRun(request, runId);
  expect(run).toMatchObject({ status: 'succeeded', version: 2 });
  expect(run.steps.filter((s) => s.nodeId === 'charge').map((s) => [s.stepId, s.status])).toEqual([
    ['charge#1', 'failed'],
    ['charge#2', 'succeeded'],
  ]);
});

test('a for-each and a sub-workflow link to their child runs, and a child links back to its parent', async ({ page, request }) => {
  // The body: wait a moment, answer with the item.
  const body = await createPublished(
    request,
    autoLayout<WorkflowDocument>({
      schemaVersion: 1,
      name: 'Pack one parcel (child e2e)',
      description: '',
      nodes: [
        { id: 'start', type: 'manualTrigger', label: 'Parcel', position: at, config: { inputFields: [] } },
        { id: 'pack', type: 'wait', label: 'Pack', position: at, config: { mode: 'milliseconds', milliseconds: 1500 } },
        { id: 'done', type: 'end', label: 'Packed', position: at, config: { output: '{ "parcel": $input.item }' } },
      ],
      edges: [edge('e1', 'start', 'pack'), edge('e2', 'pack', 'done')],
    }),
  );
  const parent = await createPublished(
    request,
    autoLayout<WorkflowDocument>({
      schemaVersion: 1,
      name: 'Ship an order in parcels (child e2e)',
      description: '',
      nodes: [
        { id: 'start', type: 'manualTrigger', label: 'Order', position: at, config: { inputFields: [] } },
        { id: 'each', type: 'forEach', label: 'Pack every parcel', position: at, config: { items: '["A", "B", "C"]', workflowId: body.id, concurrency: 2 } },
        { id: 'last', type: 'subWorkflow', label: 'Pack the invoice', position: at, config: { workflowId: body.id, input: '{ "item": "invoice", "index": 0 }' } },
        { id: 'done', type: 'end', label: 'Shipped', position: at, config: {} },
      ],
      edges: [edge('e1', 'start', 'each'), edge('e2', 'each', 'last'), edge('e3', 'last', 'done')],
    }),
  );
  const runId = await startRun(request, parent.id);
  await page.goto(`/runs/${encodeURIComponent(runId)}`);

  // For-each progress on the node, child links in the step details.
  await expect.poll(() => detailOf(page, 'each'), { timeout: 15_000, intervals: [100] }).toMatch(/^\d of 3 done · \d running$/);
  await expect(nodeStatus(page, 'each')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('run-status')).toHaveText('waiting');
  await nodeStatus(page, 'each').click();
  // Two children at once (concurrency 2); the third starts when one of them ends.
  await expect.poll(() => page.getByTestId('step-children').getByTestId('child-run-link').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('map-progress')).toContainText('of 3 done');
  await closeUp(page, [nodeStatus(page, 'each'), nodeStatus(page, 'last')], 'resilience-for-each-node');
  await shot(page, 'resilience-for-each');
  await expect(page.getByTestId('step-children').getByTestId('child-run-link')).toHaveCount(3, { timeout: 15_000 });
  await expect(nodeStatus(page, 'each').getByTestId('node-run-detail')).toHaveText('3 of 3 done', { timeout: 15_000 });

  // The sub-workflow's node links to its child run; the child links back.
  const link = nodeStatus(page, 'last').getByTestId('node-run-detail');
  await expect(link).toHaveText(/^child run (running|succeeded) ↗$/, { timeout: 15_000 });
  await link.click();
  // Sub-workflow child ids are `<runId>.<nodeId>-<n>`; for-each children `<runId>.<stepId>.<index>` (a `#`, escaped in links).
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}\\.last-1$`));
  await expect(page.getByTestId('run-id')).toHaveText(`${runId}.last-1`);
  await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 15_000 });
  await expect(page.getByTestId('parent-run-link')).toContainText('last#1');
  await shot(page, 'resilience-child-run');
  await page.getByTestId('parent-run-link').click();
  await expect(page.getByTestId('run-id')).toHaveText(runId);
  await expect(page.getByTestId('run-status')).toHaveText('succeeded', { timeout: 15_000 });

  // A for-each item's run: its id has the step's `#`, escaped in the link.
  await nodeStatus(page, 'each').click();
  await page.getByTestId('step-children').getByTestId('child-run-link').first().click();
  await expect(page.getByTestId('run-id')).toHaveText(`${runId}.each#1.0`);
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}\\.each%231\\.0$`));
  await expect(page.getByTestId('parent-run-link')).toContainText('each#1 · item 1');
  await expect(page.getByTestId('run-status')).toHaveText('succeeded');
  expect((await getRun(request, runId)).steps.find((s) => s.stepId === 'each#1')).toMatchObject({ status: 'succeeded' });
});
