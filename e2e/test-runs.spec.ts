/**
 * Journey: try a draft without publishing it. A published workflow gets a draft
 * change; from the designer's Run dialog a test run of the draft starts, runs the
 * changed draft, shows the test-run banner and leaves the version number as it was;
 * the runs list filters test runs. Then one step is tested alone in the side panel,
 * with its output shown there and no run created.
 */
import { expect, test } from './fixtures';
import { createPublished, saveDraft, shot } from './helpers';

function markerDoc(marker: string) {
  const node = (id: string, type: string, x: number, config: Record<string, unknown> = {}) => ({ id, type, label: id === 'mark' ? 'Mark the order' : id, position: { x, y: 80 }, config });
  return {
    schemaVersion: 1,
    name: `Draft trial ${Date.now()}`,
    description: '',
    nodes: [node('start', 'manualTrigger', 0), node('mark', 'transform', 280, { expression: `{ "marker": "${marker}" }` }), node('finish', 'end', 560, { output: '$steps.mark.output' })],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'mark', targetPort: 'in' },
      { id: 'e2', source: 'mark', sourcePort: 'out', target: 'finish', targetPort: 'in' },
    ],
  };
}

test('a test run of the draft leaves the version unchanged; testing one step shows its output', async ({ page, request }) => {
  const published = markerDoc('published');
  const { id, version } = await createPublished(request, published);
  expect(version).toBe(1);
  await saveDraft(request, id, { ...markerDoc('draft'), name: published.name });

  await page.goto(`/workflows/${id}`);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await page.getByTestId('run-workflow').click();
  const dialog = page.getByTestId('run-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('run-mode-draft')).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('run-mode-published')).toContainText('v1');
  await shot(page, 'test-run-dialog');
  await expect(page.getByTestId('start-run')).toHaveText(/Start test run/);
  await page.getByTestId('start-run').click();

  await expect(page).toHaveURL(/\/runs\/run_/);
  await expect(page.getByTestId('test-run-banner')).toContainText('Test run of the draft — not a published version');
  await expect(page.getByTestId('run-status')).toContainText(/succeeded/i);
  await expect(page.getByTestId('test-run-badge').first()).toBeVisible();
  await shot(page, 'test-run-view');

  // The run followed the draft, and no version was created.
  const runId = decodeURIComponent(page.url().split('/runs/')[1]!);
  const run = await (await request.get(`/api/v1/runs/${runId}`)).json();
  expect(run).toMatchObject({ draft: true, version: null, output: { marker: 'draft' } });
  const workflows = (await (await request.get('/api/v1/workflows')).json()) as { id: string; latestVersion: number }[];
  expect(workflows.find((w) => w.id === id)?.latestVersion).toBe(1);

  // The runs list filters test runs and marks them.
  await page.goto(`/runs?workflow=${id}&kind=test`);
  await expect(page.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-row').first().getByTestId('test-run-badge')).toBeVisible();
  await shot(page, 'test-run-list');
  await page.getByTestId('runs-kind-published').click();
  await expect(page.getByTestId('run-row')).toHaveCount(0);

  // Test one step: the transform, with a scope typed as JSON, in the side panel.
  await page.goto(`/workflows/${id}`);
  await page.locator('.react-flow__node[data-id="mark"]').click();
  await expect(page.getByTestId('node-panel')).toHaveAttribute('data-node-id', 'mark');
  const panel = page.getByTestId('test-step');
  await panel.scrollIntoViewIfNeeded();
  await page.getByTestId('test-step-source').selectOption('json');
  await page.getByTestId('test-step-run').click();
  await expect(page.getByTestId('test-step-result')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('test-step-output')).toContainText('draft');
  await page.getByTestId('test-step-result').scrollIntoViewIfNeeded();
  await shot(page, 'test-step-panel');
  const after = (await (await request.get('/api/v1/workflows')).json()) as { id: string; latestVersion: number }[];
  expect(after.find((w) => w.id === id)?.latestVersion).toBe(1);
});
