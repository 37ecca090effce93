/**
 * Accessibility: every page of the app, and the dialogs, menus and sheets opened on
 * them, pass axe-core (WCAG 2.x A/AA and best-practice rules) with no serious or
 * critical violation. A failure prints each rule id with its help text and the first
 * offending elements, so the fix can start from the message.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { actAs, openMenu, shot, startRun, waitForRunStatus } from './helpers';

/** Violations of impact `serious` or `critical` on the page as it is now, formatted one per line. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Asserts that the page (in its current state, named `where`) has no serious or critical violation. */
async function expectAccessible(page: Page, where: string) {
  const found = await seriousViolations(page);
  expect.soft(found, `${where}:\n${found.join('\n')}`).toEqual([]);
}

test('sign-in and setup pages are accessible', async ({ browser }) => {
  const visitor = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: { cookies: [], origins: [] } });
  const page = await visitor.newPage();
  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  // A wrong password shows an error: the error state is checked too.
  await page.getByLabel('Email').fill('admin@baton.test');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('auth-error')).toBeVisible();
  await expectAccessible(page, 'sign-in with an error');
  // Setup is only offered before the first admin exists; here it redirects to sign-in.
  await page.goto('/setup');
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, `setup (${new URL(page.url()).pathname})`);
  await visitor.close();
});

test('the pages of the app, with their dialogs and menus, are accessible', async ({ page, request }) => {
  // Fourteen page states, each scanned by axe (the designer alone takes seconds here).
  test.setTimeout(480_000);
  await page.goto('/workflows');
  await expect(page.getByTestId('workflow-row').first()).toBeVisible();
  await expectAccessible(page, 'workflows list');

  await page.getByTestId('new-workflow').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'new workflow dialog');
  await shot(page, 'a11y-dialog-new-workflow');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await openMenu(page, 'user-menu-trigger', 'settings-link');
  await expect(page.getByRole('menu')).toBeVisible();
  await expectAccessible(page, 'user menu open');
  await shot(page, 'a11y-user-menu');
  await page.keyboard.press('Escape');

  // The designer, with the keyboard sheet open.
  await page.getByTestId('workflow-row').filter({ hasText: 'Expense approval' }).getByTestId('open-workflow').click();
  await expect(page.locator('.react-flow__node').first()).toBeVisible();
  await expectAccessible(page, 'designer');
  await page.locator('.react-flow__node').first().click();
  await expectAccessible(page, 'designer with a node selected (config panel)');
  await page.keyboard.press('Escape');
  await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-sheet')).toBeVisible();
  await expectAccessible(page, 'keyboard shortcuts sheet');
  await page.keyboard.press('Escape');

  // A run waiting for a person: the run view, its cancel dialog, the runs list.
  const workflows = (await (await request.get('/api/v1/workflows')).json()) as { id: string; name: string }[];
  const expenses = workflows.find((w) => w.name === 'Expense approval')!;
  const runId = await startRun(request, expenses.id, { employee: 'Jo Lee', amount: 480, purpose: 'Conference ticket' });
  await waitForRunStatus(request, runId, 'waiting');
  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId('run-status')).toHaveText('waiting');
  await expectAccessible(page, 'run view');
  await page.getByTestId('cancel-run').click();
  await expect(page.getByTestId('cancel-dialog')).toBeVisible();
  await expectAccessible(page, 'cancel run dialog');
  await shot(page, 'a11y-dialog-cancel-run');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('cancel-dialog')).toHaveCount(0);

  await page.goto('/runs');
  await expect(page.getByTestId('run-row').first()).toBeVisible();
  await expectAccessible(page, 'runs list');

  for (const [path, ready] of [
    ['/people', 'people-table'],
    ['/credentials', 'new-credential'],
    ['/settings/api-keys', 'new-api-key'],
    ['/settings/password', 'password-form'],
    ['/audit', 'audit-table'],
    ['/help/nodes', null],
    ['/help/nodes/userTask', null],
  ] as const) {
    await page.goto(path);
    await expect(ready ? page.getByTestId(ready).first() : page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectAccessible(page, path);
  }

  await page.goto('/credentials');
  await page.getByTestId('new-credential').first().click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page, 'new credential dialog');
  await page.keyboard.press('Escape');

  // The approver's inbox with the task open.
  await actAs(page, 'priya');
  await page.goto('/inbox');
  await page.getByTestId('task-item').filter({ hasText: 'Jo Lee' }).first().click();
  await expect(page.getByTestId('task-form')).toBeVisible();
  await expectAccessible(page, 'inbox with a task open');
});

test('toasts are announced and accessible', async ({ page }) => {
  await page.goto('/credentials');
  await page.getByTestId('new-credential').first().click();
  await page.getByTestId('credential-name').fill('Toast check token');
  await page.getByTestId('credential-type-bearer').click();
  await page.getByTestId('credential-field-token').fill('tok_toast_check');
  await page.getByTestId('save-credential').click();
  const toast = page.getByTestId('toast').first();
  await expect(toast).toBeVisible();
  await expect(toast).toContainText('Credential saved');
  await expect(toast).toHaveAttribute('data-type', 'success');
  await shot(page, 'a11y-toast');
  await expectAccessible(page, 'credentials with a toast');
});
