/**
 * Journey (b): run a seeded workflow from the designer, watch node states change
 * live (parallel branches side by side), approve the task in the inbox as the
 * assignee, and see the run complete in the run view.
 */
import { expect, test } from './fixtures';
import { actAs, nodeStatus, shot } from './helpers';

test('run the onboarding example, watch it live, approve in the inbox, see it complete', async ({ page }) => {
  await actAs(page, 'alex');
  await page.goto('/workflows');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Alex Rivera');
  await page.getByTestId('workflow-row').filter({ hasText: 'Customer onboarding' }).getByTestId('open-workflow').click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  await shot(page, 'designer-onboarding');

  await page.getByTestId('run-workflow').click();
  await expect(page.getByTestId('run-dialog')).toBeVisible();
  await page.getByTestId('run-input-company').fill('Globex');
  await page.getByTestId('run-input-contact').fill('ops@globex.test');
  await page.getByTestId('run-input-plan').selectOption('business');
  await page.getByTestId('start-run').click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const runUrl = page.url();

  // Live: the credit check runs, then succeeds.
  await expect(nodeStatus(page, 'credit_check')).toHaveAttribute('data-status', 'running');
  await expect(nodeStatus(page, 'credit_check')).toHaveAttribute('data-status', 'succeeded');
  // Parallel provisioning: all three branches are running at the same time.
  await expect
    .poll(
      async () => {
        const states = await Promise.all(['crm', 'billing', 'mailbox'].map((n) => nodeStatus(page, n).getAttribute('data-status')));
        return states.filter((s) => s === 'running').length;
      },
      { intervals: [50], timeout: 15_000 },
    )
    .toBe(3);
  await shot(page, 'run-parallel');

  await expect(nodeStatus(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
  await expect(page.getByTestId('run-status')).toHaveText('waiting');
  // Reloading mid-run replays the log: same state, nothing missed.
  await page.reload();
  await expect(nodeStatus(page, 'manager_approval')).toHaveAttribute('data-status', 'waiting');
  for (const n of ['credit_check', 'crm', 'billing', 'mailbox', 'provisioned']) await expect(nodeStatus(page, n)).toHaveAttribute('data-status', 'succeeded');
  await shot(page, 'run-waiting');

  // The assignee decides in the inbox.
  await actAs(page, 'sam');
  await page.goto('/inbox');
  await expect(page.getByTestId('signed-in-as')).toHaveText('Sam Chen');
  const item = page.getByTestId('task-item').filter({ hasText: 'Approve onboarding of Globex' });
  await item.first().click();
  await expect(page.getByTestId('task-title')).toHaveText('Approve onboarding of Globex');
  await expect(page.getByTestId('task-form')).toBeVisible();
  await page.getByTestId('task-form').locator('textarea').fill('Looks good, go live.');
  await shot(page, 'inbox-task');
  await page.getByTestId('outcome-approve').click();
  await expect(page.getByTestId('task-success')).toBeVisible();

  // The run moves on at once and completes; the declined end was never reached.
  await page.goto(runUrl);
  await expect(page.getByTestId('run-status')).toHaveText('succeeded');
  await expect(nodeStatus(page, 'onboarded')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'declined')).toHaveAttribute('data-status', 'skipped');
  await shot(page, 'run-succeeded');

  const runId = runUrl.split('/').pop()!;
  const run = await (await page.request.get(`/api/v1/runs/${runId}`)).json();
  expect(run.status).toBe('succeeded');
  expect(run.output).toMatchObject({ company: 'Globex', status: 'onboarded', approvedBy: 'sam' });
});
