/**
 * Journey: edit a decision table in the side panel — fix a bad cell the editor flags,
 * add an input column and a rule, reorder rules, edit a note in the full-width
 * dialog — save, publish and run it, and find the rule's output in the run.
 */
import { expect, test } from './fixtures';
import { publish, shot, startRun, waitForRunStatus } from './helpers';

const doc = {
  schemaVersion: 1,
  name: 'Discount rules',
  nodes: [
    { id: 'start', type: 'manualTrigger', label: 'Order', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'rules',
      type: 'decisionTable',
      label: 'Discount',
      position: { x: 0, y: 160 },
      config: {
        hitPolicy: 'FIRST',
        table: {
          inputs: [{ label: 'Amount', expression: '$input.amount' }],
          outputs: [{ name: 'discount' }],
          rules: [
            { when: ['< 100'], then: ['0'], note: '' },
            { when: ['>= 100'], then: ['5'], note: '' },
          ],
        },
      },
    },
    { id: 'done', type: 'end', label: 'Done', position: { x: 0, y: 320 }, config: { output: '$steps.rules.output' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'rules', targetPort: 'in' },
    { id: 'e2', source: 'rules', sourcePort: 'out', target: 'done', targetPort: 'in' },
  ],
};

test('edit a decision table as a table, then run it', async ({ page, request }) => {
  const created = await request.post('/api/v1/workflows', { data: doc });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto(`/workflows/${id}`);
  await page.locator('[data-testid="workflow-node"][data-node-id="rules"]').click();
  const editor = page.getByTestId('config-field-table');
  await expect(editor.getByTestId('dt-rule')).toHaveCount(2);

  // A second input column; every rule gets a "-" cell for it.
  await editor.getByTestId('dt-add-input').click();
  await editor.getByTestId('dt-input-1-name').fill('Tier');
  await editor.getByTestId('dt-input-1-expression').fill('$input.tier');
  await expect(editor.getByTestId('dt-cell-0-when-1')).toHaveValue('-');

  // Unquoted text is flagged in the cell, under the table and in the problems count.
  await editor.getByTestId('dt-add-rule').click();
  await expect(editor.getByTestId('dt-rule')).toHaveCount(3);
  await editor.getByTestId('dt-cell-2-when-1').fill('gold');
  await expect(editor.getByTestId('dt-cell-2-when-1')).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.getByTestId('dt-issues')).toContainText('Rule 3 · Tier: text must be in double quotes: write "gold"');
  await expect(page.getByTestId('problems-count')).toContainText('1');
  await editor.getByTestId('dt-cell-2-when-1').fill('"gold"');
  // Arrow keys move between rules in the same column.
  await editor.getByTestId('dt-cell-2-when-1').press('ArrowUp');
  await expect(editor.getByTestId('dt-cell-1-when-1')).toBeFocused();
  await editor.getByTestId('dt-cell-2-then-0').fill('15');
  await expect(editor.getByTestId('dt-issues')).toHaveCount(0);

  // Gold must win over the amount rules: move it to the top with the row menu.
  for (const n of [2, 1]) {
    await editor.getByTestId(`dt-rule-${n}-menu`).click();
    await page.getByTestId(`dt-rule-${n}-up`).click();
  }
  await expect(editor.getByTestId('dt-cell-0-when-1')).toHaveValue('"gold"');
  await expect(editor.getByTestId('dt-cell-1-when-0')).toHaveValue('< 100');

  // The wide view edits the same table (notes live there).
  await editor.getByTestId('dt-expand').click();
  const dialog = page.getByTestId('dt-dialog');
  await dialog.getByTestId('dt-cell-0-note').fill('Gold customers');
  await shot(page, 'decision-table-dialog');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await shot(page, 'decision-table-panel');

  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const saved = await (await request.get(`/api/v1/workflows/${id}`)).json();
  expect(saved.nodes.find((n: { id: string }) => n.id === 'rules').config.table.rules[0]).toEqual({ when: ['-', '"gold"'], then: ['15'], note: 'Gold customers' });

  await publish(request, id);
  const runId = await startRun(request, id, { amount: 50, tier: 'gold' });
  await waitForRunStatus(request, runId, 'succeeded');
  const run = await (await request.get(`/api/v1/runs/${runId}`)).json();
  expect(run.output).toEqual({ result: { discount: 15 }, matched: [1] });
});
