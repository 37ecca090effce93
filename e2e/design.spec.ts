/**
 * Journey (a): build a workflow from scratch with the mouse — add nodes from the
 * palette, connect them, configure an HTTP request and a user task — save with the
 * keyboard, reload, and find it intact.
 */
import { expect, test } from './fixtures';
import { connect, shot } from './helpers';

test('build a workflow with the mouse, save, reload, find it intact', async ({ page }) => {
  await page.goto('/workflows');
  await expect(page.getByTestId('workflow-row').first()).toBeVisible();
  await page.getByTestId('new-workflow').click();
  await page.getByTestId('new-workflow-name').fill('Vendor check');
  await page.getByTestId('create-workflow').click();
  await expect(page).toHaveURL(/\/workflows\/wf_/);
  await expect(page.getByTestId('canvas')).toBeVisible();

  for (const type of ['manualTrigger', 'http', 'userTask', 'end']) await page.getByTestId(`palette-item-${type}`).click();
  await expect(page.locator('[data-testid="workflow-node"]')).toHaveCount(4);
  await page.getByTestId('auto-layout').click();

  // Configure the HTTP request.
  await page.locator('[data-testid="workflow-node"][data-node-id="http_request"]').click();
  await page.getByTestId('config-field-method').selectOption({ label: 'POST' });
  await page.getByTestId('config-field-url').fill('/api/demo/credit-check');
  await page.getByTestId('config-field-body').fill('{ "company": $input.company }');
  // Configure the user task.
  await page.locator('[data-testid="workflow-node"][data-node-id="user_task"]').click();
  await page.getByTestId('config-field-title').fill('Review {{ $input.company }}');
  await page.getByTestId('config-field-assignee').selectOption('sam');

  await connect(page, { node: 'manual_trigger', port: 'out' }, { node: 'http_request' });
  await connect(page, { node: 'http_request', port: 'out' }, { node: 'user_task' });
  await connect(page, { node: 'user_task', port: 'approve' }, { node: 'end' });
  await connect(page, { node: 'user_task', port: 'reject' }, { node: 'end' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId('problems-count')).toContainText(/no problems/i);
  await shot(page, 'designer-new-workflow');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');

  await page.reload();
  await expect(page.locator('[data-testid="workflow-node"]')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await page.locator('[data-testid="workflow-node"][data-node-id="http_request"]').click();
  await expect(page.getByTestId('config-field-url')).toHaveText('/api/demo/credit-check');
  await expect(page.getByTestId('config-field-method').locator('option:checked')).toHaveText('POST');
  await page.locator('[data-testid="workflow-node"][data-node-id="user_task"]').click();
  await expect(page.getByTestId('config-field-title')).toHaveText('Review {{ $input.company }}');
  await expect(page.getByTestId('config-field-assignee')).toHaveValue('sam');

  // The saved draft is the document the REST API returns.
  const id = page.url().split('/').pop()!;
  const doc = await (await page.request.get(`/api/v1/workflows/${id}`)).json();
  expect(doc.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['end', 'http_request', 'manual_trigger', 'user_task']);
  expect(doc.edges.map((e: { source: string; sourcePort: string; target: string }) => `${e.source}.${e.sourcePort}>${e.target}`).sort()).toEqual([
    'http_request.out>user_task',
    'manual_trigger.out>http_request',
    'user_task.approve>end',
    'user_task.reject>end',
  ]);
});

test('problems are shown and block publishing with a clear message', async ({ page }) => {
  await page.goto('/workflows');
  await page.getByTestId('new-workflow').click();
  await page.getByTestId('new-workflow-name').fill('Broken one');
  await page.getByTestId('create-workflow').click();
  await expect(page).toHaveURL(/\/workflows\/wf_/);
  await page.getByTestId('palette-item-http').click();
  await expect(page.getByTestId('problems-count')).not.toContainText(/no problems/i);
  await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  await expect(page.getByTestId('problem-item').filter({ hasText: /trigger/i }).first()).toBeVisible();
  await page.getByTestId('publish-workflow').click();
  await expect(page.getByTestId('blocked-dialog')).toContainText(/trigger/i);
});
