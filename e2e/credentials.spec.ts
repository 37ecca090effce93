/**
 * Journey: store a credential, use it in an HTTP node, run, and see that its secret
 * reached neither the page nor anything the browser downloaded; deleting it is refused
 * while a workflow uses it; rotating it works from the edit dialog.
 */
import { expect, test, type Page } from './fixtures';
import { shot } from './helpers';

const TOKEN = 'tok_e2e_S3CRET_9f8e7d';
const ROTATED = 'tok_e2e_ROTATED_1a2b3c';

/** Every response body the page receives, to check that no secret is ever sent to the browser. */
function recordResponses(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', async (res) => {
    // Event streams never end; the run view's stream carries run records, covered by the run checks.
    const type = res.headers()['content-type'] ?? '';
    if (!/json|html|javascript/.test(type)) return;
    try {
      bodies.push(await res.text());
    } catch {
      /* streams and redirects have no body to read */
    }
  });
  return bodies;
}

test('credentials: create, use in a run (masked), refuse deletion while used, rotate', async ({ page, request }) => {
  const seen = recordResponses(page);
  await page.goto('/credentials');
  await page.getByTestId('new-credential').first().click();
  await page.getByTestId('credential-name').fill('Bureau token');
  await page.getByTestId('credential-type-bearer').click();
  await page.getByTestId('credential-field-token').fill(TOKEN);
  await page.getByTestId('save-credential').click();
  const row = page.locator('[data-testid=credential-row][data-name="Bureau token"]');
  await expect(row).toBeVisible();
  await expect(row.getByTestId('credential-value-token')).toHaveText('••••••••');
  await shot(page, 'credentials-list');

  // A workflow whose HTTP step authenticates with it.
  const list = await request.get('/api/v1/credentials');
  const cred = ((await list.json()) as { id: string; name: string }[]).find((c) => c.name === 'Bureau token')!;
  const doc = {
    name: 'Credit check with token',
    nodes: [
      { id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 }, config: {} },
      { id: 'check', type: 'http', label: 'Credit check', position: { x: 0, y: 150 }, config: { method: 'POST', url: '/api/demo/credit-check', body: '{ "company": "Initech" }', credentialId: cred.id } },
      { id: 'done', type: 'end', position: { x: 0, y: 300 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'check' },
      { id: 'e2', source: 'check', target: 'done' },
    ],
  };
  const created = await request.post('/api/v1/workflows', { data: doc });
  const { id: workflowId } = (await created.json()) as { id: string };
  expect((await request.post(`/api/v1/workflows/${workflowId}/publish`)).status()).toBe(201);

  // The designer shows the credential by name in the node's settings.
  await page.goto(`/workflows/${workflowId}`);
  await page.locator('[data-testid="workflow-node"][data-node-id="check"]').click();
  await expect(page.getByTestId('config-field-credentialId').locator('option:checked')).toHaveText('Bureau token · Bearer token');

  // Run it and open the step: the request shows the header masked.
  const started = await request.post(`/api/v1/workflows/${workflowId}/runs`, { data: {} });
  const { runId } = (await started.json()) as { runId: string };
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('step-check')).toHaveAttribute('data-status', 'succeeded');
  await page.getByTestId('step-check').click();
  const input = page.getByTestId('attempt-input').first();
  await input.getByRole('button', { name: /"headers"/ }).click();
  await expect(input).toContainText('Bearer ••••');
  await shot(page, 'credentials-run-masked');

  // Deleting is refused and says where it is used.
  await page.goto('/credentials');
  await expect(row.getByTestId('credential-used-by')).toContainText('Credit check with token');
  await row.getByTestId('delete-credential').click();
  await page.getByTestId('confirm-delete-credential').click();
  await expect(page.getByTestId('delete-refusal')).toContainText('it is used by workflow "Credit check with token" (draft, node check); workflow "Credit check with token" (version 1, node check)');
  await shot(page, 'credentials-delete-refused');
  await page.keyboard.press('Escape');

  // Rotate: the edit form never shows the old secret; a new one replaces it.
  await row.getByTestId('edit-credential').click();
  await expect(page.getByTestId('credential-field-token')).toHaveValue('');
  await page.getByTestId('credential-field-token').fill(ROTATED);
  await page.getByTestId('save-credential').click();
  await expect(page.getByText('Secret rotated')).toBeVisible();

  expect(await page.content()).not.toContain(TOKEN);
  for (const body of seen) {
    expect(body).not.toContain(TOKEN);
    expect(body).not.toContain(ROTATED);
  }
});
