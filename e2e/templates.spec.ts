/**
 * Starting points: a template from the gallery becomes a workflow that runs to its end
 * from the browser (publish & run, the person decides in the inbox, the run view shows
 * every step's duration); importing a document whose name is taken asks for a new name;
 * the inbox opens on the tab where the counted tasks are.
 */
import { expect, test, type Page } from './fixtures';
import { actAs, nodeStatus, shot, startRun } from './helpers';

/** Signs the page in as a person made by the test (a fresh session cookie in its context). */
async function signInWithPassword(page: Page, email: string, password: string) {
  const origin = new URL(page.url() === 'about:blank' ? 'http://x' : page.url()).origin;
  // Leave the page first: its scripts would notice the session going and navigate to sign-in.
  await page.goto('about:blank');
  await page.context().clearCookies();
  const res = await page.request.post('/api/auth/sign-in/email', { data: { email, password }, headers: { origin } });
  expect(res.status(), await res.text()).toBe(200);
}

test('a template from the gallery becomes a workflow that runs to the end', async ({ page }) => {
  await actAs(page, 'alex');
  await page.goto('/workflows');
  await page.getByTestId('new-workflow').click();
  const gallery = page.getByTestId('new-workflow-dialog');
  await expect(gallery.getByTestId('template-gallery')).toBeVisible();
  for (const id of ['blank', 'incident-response', 'order-to-cash', 'document-approval', 'ai-ticket-triage', 'customer-onboarding']) await expect(gallery.getByTestId(`template-${id}`)).toBeVisible();
  await expect(gallery.getByTestId('template-incident-response').getByTestId('template-hint')).toContainText('nodes');
  await shot(page, 'template-gallery');

  await gallery.getByTestId('template-incident-response').click();
  await expect(gallery.getByTestId('new-workflow-name')).toHaveValue(/^Incident response/);
  const name = `Incident response ${Date.now()}`;
  await gallery.getByTestId('new-workflow-name').fill(name);
  await gallery.getByTestId('create-workflow').click();
  await expect(page).toHaveURL(/\/workflows\/wf_/);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.getByTestId('workflow-name')).toHaveValue(name);
  await shot(page, 'template-designer');

  await page.getByTestId('run-workflow').click();
  // Never published: the dialog offers a test run of the draft.
  await expect(page.getByTestId('run-mode-draft')).toBeVisible();
  await page.getByTestId('run-mode-draft').click();
  await page.getByTestId('run-input-service').selectOption('checkout');
  await page.getByTestId('run-input-severity').selectOption('SEV2');
  await page.getByTestId('run-input-summary').fill('Search answers slowly for some users.');
  await page.getByTestId('run-input-reporter').fill('not-an-address');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-dialog')).toContainText('e-mail address');
  await page.getByTestId('run-input-reporter').fill('reporter@example.com');
  await page.getByTestId('start-run').click();
  await expect(page).toHaveURL(/\/runs\/run_/);
  const runUrl = page.url();
  await expect(nodeStatus(page, 'mitigate')).toHaveAttribute('data-status', 'waiting');

  // The waiting user task's duration ticks and its attempt stays open until decided.
  await nodeStatus(page, 'mitigate').click();
  const duration = page.getByTestId('step-duration');
  await expect(duration).toBeVisible();
  const first = await duration.textContent();
  await expect.poll(async () => duration.textContent(), { timeout: 5_000 }).not.toBe(first);
  await expect(page.getByTestId('attempt-1')).toContainText('waiting');
  await shot(page, 'template-run-waiting');

  await actAs(page, 'sam');
  await page.goto('/inbox');
  await expect(page.getByTestId('inbox-tab-mine')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('task-item').filter({ hasText: 'SEV2 on checkout' }).first().click();
  await page.getByTestId('task-form').locator('textarea').first().fill('A slow index rebuild; paused it.');
  await page.getByTestId('outcome-resolved').click();
  await expect(page.getByTestId('task-success')).toBeVisible();

  await page.goto(runUrl);
  await expect(page.getByTestId('run-status')).toHaveText('succeeded');
  await expect(nodeStatus(page, 'resolved')).toHaveAttribute('data-status', 'succeeded');
  await expect(nodeStatus(page, 'page')).toHaveAttribute('data-status', 'skipped');
  await nodeStatus(page, 'mitigate').click();
  await expect(page.getByTestId('attempt-1')).toContainText('succeeded');
  await shot(page, 'template-run-succeeded');
  const run = await (await page.request.get(`/api/v1/runs/${runUrl.split('/').pop()}`)).json();
  expect(run.output).toMatchObject({ outcome: 'resolved', resolvedBy: 'sam' });
});

test('importing a document whose name is taken asks for a new name', async ({ page }) => {
  await page.goto('/workflows');
  await expect(page.getByTestId('workflow-row').filter({ hasText: 'Expense approval' }).first()).toBeVisible();
  const before = await page.getByTestId('workflow-row').count();
  const document = { schemaVersion: 1, name: 'Expense approval', description: 'A copy', nodes: [], edges: [] };
  await page.getByTestId('import-file').setInputFiles({ name: 'expense.workflow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) });
  const dialog = page.getByTestId('import-name-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('import-name')).toHaveValue('Expense approval (2)');
  await shot(page, 'import-name-dialog');
  // A name that is still taken is refused in the dialog, nothing is imported.
  await dialog.getByTestId('import-name').fill('expense approval');
  await dialog.getByTestId('confirm-import').click();
  await expect(dialog).toContainText('already exists');
  await dialog.getByTestId('import-name').fill('Expense approval (imported)');
  await dialog.getByTestId('confirm-import').click();
  await expect(page).toHaveURL(/\/workflows\/wf_/);
  await page.goto('/workflows');
  await expect(page.getByTestId('workflow-row')).toHaveCount(before + 1);
  await expect(page.getByTestId('workflow-row').filter({ hasText: 'Expense approval (imported)' })).toHaveCount(1);
});

test('the inbox opens on the tab where the counted tasks are, and an empty tab points to it', async ({ page, request }) => {
  const stamp = Date.now();
  const email = `gail${stamp}@example.test`;
  const password = 'gail-password-1';
  const person = await request.post('/api/trpc/users.create', { data: { name: 'Gail Group', email, roles: ['approver'], password } });
  expect(person.status(), await person.text()).toBe(200);
  const gailId = (await person.json()).result.data.id as string;
  const group = `triage-${stamp}`;
  const g = await request.post('/api/trpc/groups.create', { data: { id: group, name: `Triage ${stamp}`, description: '', members: [gailId] } });
  expect(g.status(), await g.text()).toBe(200);
  const doc = {
    schemaVersion: 1,
    name: `Group task ${stamp}`,
    description: '',
    nodes: [
      { id: 'start', type: 'manualTrigger', position: { x: 0, y: 0 }, config: {} },
      { id: 'review', type: 'userTask', position: { x: 0, y: 150 }, config: { title: `Group review ${stamp}`, candidateGroups: group, outcomes: [{ id: 'approve', label: 'Approve' }] } },
      { id: 'done', type: 'end', position: { x: 0, y: 300 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'review', targetPort: 'in' },
      { id: 'e2', source: 'review', sourcePort: 'approve', target: 'done', targetPort: 'in' },
    ],
  };
  const created = await request.post('/api/v1/workflows', { data: doc });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  expect((await request.post(`/api/v1/workflows/${id}/publish`)).status()).toBe(201);
  await startRun(request, id);

  await page.goto('/workflows');
  await signInWithPassword(page, email, password);
  await page.goto('/inbox');
  await expect(page.getByTestId('inbox-badge')).toHaveText('1');
  await expect(page.getByTestId('inbox-tab-groups')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('inbox-tab-count-groups')).toHaveText('1');
  await expect(page.getByTestId('task-item').filter({ hasText: `Group review ${stamp}` })).toBeVisible();
  // The tabs fit the list at 1440 px: no horizontal scrollbar.
  const overflow = await page.getByRole('tablist', { name: 'Task views' }).evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'inbox-groups');

  await page.getByTestId('inbox-tab-mine').click();
  await expect(page.getByTestId('inbox-empty')).toBeVisible();
  await expect(page.getByTestId('inbox-goto-groups')).toHaveText('1 in Unclaimed →');
  await shot(page, 'inbox-empty-points');
  await page.getByTestId('inbox-goto-groups').click();
  await expect(page.getByTestId('inbox-tab-groups')).toHaveAttribute('aria-selected', 'true');
});

test('the audit log shows names and links in one date format, and every page has an icon', async ({ page }) => {
  await page.goto('/audit');
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  const link = page.getByTestId('audit-target').locator('a[href^="/workflows/wf_"]').first();
  await expect(link).toBeVisible();
  expect(await link.textContent()).not.toMatch(/^wf_/);
  await expect(page.getByTestId('audit-row').first().locator('td').first()).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}:\d{2}$/);
  const table = page.getByTestId('audit-table');
  const clipped = await table.evaluate((el) => el.getBoundingClientRect().right - (el.parentElement as HTMLElement).getBoundingClientRect().right);
  expect(clipped).toBeLessThanOrEqual(1);
  await shot(page, 'audit');
  const icon = await page.request.get((await page.locator('link[rel="icon"]').first().getAttribute('href'))!);
  expect(icon.status()).toBe(200);
});
