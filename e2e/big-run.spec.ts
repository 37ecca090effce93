/**
 * A big run opens at once: a loop of 10,000 rounds (20,002 steps, ~60,000 log records,
 * run by the real runner) shows its canvas with every node's latest state and
 * activation count, the first page of steps, and more steps on demand — without the
 * browser replaying the whole log.
 */
import { expect, test } from './fixtures';
import { createPublished, nodeStatus, shot, startRun, waitForRunStatus } from './helpers';

const ROUNDS = 10_000;

const loop = {
  schemaVersion: 1,
  name: 'Reconcile ledger (10,000 rounds)',
  description: 'A long inline loop: a Transform and a gateway going round',
  settings: { maxIterations: ROUNDS },
  nodes: [
    { id: 'start', type: 'manualTrigger', label: 'Start', position: { x: 0, y: 120 }, config: {} },
    { id: 'work', type: 'transform', label: 'Next entry', position: { x: 280, y: 120 }, config: { expression: '{ "i": ($exists($steps.work.output.i) ? $steps.work.output.i : 0) + 1 }' } },
    {
      id: 'loop',
      type: 'exclusiveGateway',
      label: 'More entries?',
      position: { x: 560, y: 120 },
      config: { branches: [{ id: 'again', label: 'Again', condition: `$steps.work.output.i < ${ROUNDS}` }] },
    },
    { id: 'done', type: 'end', label: 'Reconciled', position: { x: 840, y: 120 }, config: { output: '{ "entries": $steps.work.output.i }' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'work', targetPort: 'in' },
    { id: 'e2', source: 'work', sourcePort: 'out', target: 'loop', targetPort: 'in' },
    { id: 'e3', source: 'loop', sourcePort: 'again', target: 'work', targetPort: 'in' },
    { id: 'e4', source: 'loop', sourcePort: 'default', target: 'done', targetPort: 'in' },
  ],
};

test('the run view of a 20,002-step run opens with its overlay and pages its steps', async ({ page, request }) => {
  const { id } = await createPublished(request, loop);
  const runId = await startRun(request, id);
  await waitForRunStatus(request, runId, 'succeeded', 120_000);

  const opened = Date.now();
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('steps-count')).toHaveText('20,002');
  await expect(nodeStatus(page, 'done')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'work')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'work')).toHaveAttribute('data-detail', 'ran 10,000 times');
  const list = page.getByTestId('steps-list');
  await expect(list.locator('li button')).toHaveCount(100);
  await expect(list.locator('li button').first()).toHaveAttribute('data-step-id', 'start#1');
  await expect(page.getByTestId('steps-paging')).toContainText('Showing 100 of 20,002 steps');
  expect(Date.now() - opened).toBeLessThan(20_000);
  await shot(page, 'big-run');

  // The next page comes on demand, in activation order.
  await page.getByTestId('steps-load-more').click();
  await expect(list.locator('li button')).toHaveCount(200);
  await expect(list.locator('li button').nth(100)).toHaveAttribute('data-step-id', 'loop#50');
  // Scrolling to the end of the list loads the next page by itself.
  await page.getByTestId('steps-paging').scrollIntoViewIfNeeded();
  await expect(list.locator('li button')).toHaveCount(300);
  await expect(page.getByTestId('steps-paging')).toContainText(/Showing (300|400) of 20,002 steps/);
  await shot(page, 'big-run-paging');

  // A node's latest step opens from the canvas, with its output.
  await page.getByTestId('node-status-work').click();
  await expect(page.getByTestId('step-details')).toHaveAttribute('data-step-id', `work#${ROUNDS}`);
  await expect(page.getByTestId('step-details')).toContainText(String(ROUNDS));
  await shot(page, 'big-run-step');
});
