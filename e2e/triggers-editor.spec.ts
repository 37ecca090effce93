/**
 * Journeys of the trigger and expression tools: a schedule trigger shows its next
 * fire times and refuses a bad cron; the JSONata editor completes names, underlines
 * a syntax error and previews the value against the last run; a webhook trigger's
 * URL starts a run once published; the "?" opens the node's help page.
 */
import { expect, test } from './fixtures';
import { createPublished, shot, startRun, waitForRunStatus } from './helpers';

const at = { x: 0, y: 0 };

test('schedule trigger: next fire times in the zone, invalid cron flagged', async ({ page, request }) => {
  const created = await request.post('/api/v1/workflows', { data: { schemaVersion: 1, name: 'Nightly export', description: '', nodes: [], edges: [] } });
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/workflows/${id}`);
  await page.getByTestId('palette-item-scheduleTrigger').click();
  await page.locator('[data-testid="workflow-node"][data-node-id="schedule_trigger"]').click();
  await page.getByTestId('config-field-cron').fill('30 6 * * 1-5');
  await page.getByTestId('config-field-timezone').fill('America/New_York');
  const times = page.getByTestId('next-fire-times');
  await expect(times.locator('li')).toHaveCount(5);
  await expect(times).toContainText('America/New_York');
  await expect(times.locator('li').first()).toContainText(/06:30:00 (EST|EDT|GMT-5|GMT-4)/);
  await shot(page, 'schedule-trigger-panel');

  await page.getByTestId('config-field-cron').fill('30 25 * * *');
  await expect(page.getByTestId('field-issues')).toContainText('Invalid value for hour: 25');
  await expect(times).toHaveCount(0);
  await page.getByTestId('config-field-timezone').fill('Mars/Olympus');
  await expect(page.getByTestId('field-issues')).toContainText('"Mars/Olympus" is not a known time zone');
});

test('JSONata editor: completion, syntax error, live preview against the last run', async ({ page, request }) => {
  const { id } = await createPublished(request, {
    schemaVersion: 1,
    name: 'Greeter',
    description: '',
    nodes: [
      { id: 'start', type: 'manualTrigger', label: 'Start', position: at, config: { inputFields: [{ name: 'name', label: 'Name', type: 'text', required: true, options: '' }] } },
      { id: 'shape', type: 'transform', label: 'Shape', position: { x: 0, y: 150 }, config: { expression: '{ "greeting": "Hello " & $input.name }' } },
      { id: 'greet', type: 'transform', label: 'Greet', position: { x: 0, y: 300 }, config: { expression: '$steps.shape.output.greeting' } },
      { id: 'done', type: 'end', label: 'Done', position: { x: 0, y: 450 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'shape', targetPort: 'in' },
      { id: 'e2', source: 'shape', sourcePort: 'out', target: 'greet', targetPort: 'in' },
      { id: 'e3', source: 'greet', sourcePort: 'out', target: 'done', targetPort: 'in' },
    ],
  });
  await waitForRunStatus(request, await startRun(request, id, { name: 'Ada' }), 'succeeded');

  await page.goto(`/workflows/${id}`);
  await page.locator('[data-testid="workflow-node"][data-node-id="greet"]').click();
  const editor = page.getByTestId('config-field-expression');
  await expect(editor).toHaveAttribute('contenteditable', 'true');
  await expect(page.getByTestId('config-field-expression-preview')).toHaveText('"Hello Ada"');

  // Completion from the last run's data: $steps → shape → output → greeting.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.type('$steps.');
  // Options are picked with the mouse: CodeMirror ignores Enter for a moment after the list opens.
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'shape' }).first().click();
  await page.keyboard.type('.output.');
  await page.locator('.cm-tooltip-autocomplete li', { hasText: 'greeting' }).first().click();
  await expect(editor).toHaveText('$steps.shape.output.greeting');
  await page.keyboard.type(' & "!"');
  await expect(page.getByTestId('config-field-expression-preview')).toHaveText('"Hello Ada!"');

  // A syntax error is underlined where JSONata reports it and listed under the field.
  await editor.fill('$uppercase($input.name');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
  await expect(page.getByTestId('field-issues')).toContainText('Expected ")" before end of expression');
  await editor.fill('$uppercase($input.name)');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);
  await expect(page.getByTestId('config-field-expression-preview')).toHaveText('"ADA"');
  await shot(page, 'jsonata-editor');

  // The "?" opens this node type's help page.
  const [help] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('node-help').click()]);
  await expect(help.getByTestId('help-page')).toContainText('Transform');
  await expect(help.getByTestId('help-page').locator('h2')).toContainText(['What it does', 'Config fields', 'Ports', 'Output shape', 'Errors', 'Example']);
});

test('webhook trigger: copyable URL, publish, POST starts a run', async ({ page, request }) => {
  const created = await request.post('/api/v1/workflows', { data: { schemaVersion: 1, name: 'Order hook', description: '', nodes: [], edges: [] } });
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/workflows/${id}`);
  await page.getByTestId('palette-item-webhookTrigger').click();
  await page.getByTestId('palette-item-end').click();
  await page.locator('[data-testid="workflow-node"][data-node-id="webhook_trigger"]').click();
  const url = (await page.getByTestId('config-field-token').textContent())!.trim();
  expect(url).toMatch(/^http:\/\/[\w.]+:\d+\/api\/hooks\/[A-Za-z0-9_-]{32}$/);
  // Connect trigger → end through the document (the mouse is exercised in design.spec).
  const doc = (await (await page.request.get(`/api/v1/workflows/${id}`)).json()) as Record<string, unknown>;
  expect(doc).toBeTruthy();
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const saved = (await (await request.get(`/api/v1/workflows/${id}`)).json()) as { nodes: unknown[]; edges: unknown[] };
  saved.edges = [{ id: 'e1', source: 'webhook_trigger', sourcePort: 'out', target: 'end', targetPort: 'in' }];
  const put = await request.post('/api/trpc/workflows.saveDraft', { data: { id, document: saved } });
  expect(put.status()).toBe(200);
  expect((await request.post(url, { data: { orderId: 'A-1' } })).status()).toBe(404); // not published yet
  const pub = await request.post(`/api/v1/workflows/${id}/publish`);
  expect(pub.status(), await pub.text()).toBe(201);
  const res = await request.post(`${url}?source=e2e`, { data: { orderId: 'A-1' } });
  expect(res.status()).toBe(202);
  const { runId } = (await res.json()) as { runId: string };
  await waitForRunStatus(request, runId, 'succeeded');
});
