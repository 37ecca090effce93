/**
 * Accounts in the browser: signing in (a wrong password is refused with a message,
 * the right one lands on the workflows, sign-out ends the session), an admin adding a
 * person with roles on the People page who then signs in and sees only what the role
 * allows and changes their password, disabling them, and a person's own API key:
 * created, shown once, used by a REST client, revoked.
 */
import { expect, test, type Page } from './fixtures';
import { openMenu, shot } from './helpers';

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign in and out, add a person with a role, disable them', async ({ browser, baseURL }) => {
  const visitor = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: { cookies: [], origins: [] } });
  const page = await visitor.newPage();
  await page.goto('/workflows');
  await expect(page).toHaveURL(/\/sign-in/);
  await signInWithForm(page, 'admin@baton.test', 'not-the-password');
  await expect(page.getByTestId('auth-error')).toHaveText(/do not match/);
  await shot(page, 'sign-in-refused');
  await signInWithForm(page, 'admin@baton.test', 'admin-password-1');
  await expect(page).toHaveURL(/\/workflows/);
  await expect(page.getByTestId('signed-in-as')).toHaveText('Ada Admin');

  // The admin adds Riley, an approver, with a generated password.
  await page.getByRole('link', { name: 'People' }).click();
  await expect(page.getByTestId('people-table')).toBeVisible();
  await expect(page.getByTestId('person-row-alex@example.com')).toContainText('Designer');
  await shot(page, 'people-page');
  await page.getByTestId('add-person').click();
  await page.getByTestId('person-name').fill('Riley Reviewer');
  await page.getByTestId('person-email').fill('riley@example.test');
  await page.getByTestId('role-approver').check();
  await page.getByTestId('role-viewer').uncheck();
  await page.locator('#person-password').fill('riley-password-1');
  await page.getByTestId('save-person').click();
  await expect(page.getByTestId('person-created-details')).toContainText('riley@example.test');
  await page.getByTestId('person-created-done').click();
  await expect(page.getByTestId('person-row-riley@example.test')).toContainText('Approver');

  // Riley signs in elsewhere: an approver sees the inbox but no editing, no People, no audit log.
  const rileyContext = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: { cookies: [], origins: [] } });
  const riley = await rileyContext.newPage();
  await riley.goto('/sign-in');
  await signInWithForm(riley, 'riley@example.test', 'riley-password-1');
  await expect(riley.getByTestId('signed-in-as')).toHaveText('Riley Reviewer');
  await expect(riley.getByTestId('signed-in-roles')).toHaveText('Approver');
  await expect(riley.getByTestId('new-workflow')).toHaveCount(0);
  for (const link of ['People', 'Audit log', 'Credentials']) await expect(riley.getByRole('link', { name: link })).toHaveCount(0);
  await expect(riley.getByRole('link', { name: 'Inbox' })).toBeVisible();

  // Riley replaces the handed-over password with their own.
  await openMenu(riley, 'user-menu-trigger', 'settings-link');
  await riley.getByTestId('settings-link').click();
  await riley.getByTestId('settings-tab-password').click();
  await riley.locator('#current-password').fill('not-my-password');
  await riley.locator('#new-password').fill('rileys-own-password');
  await riley.locator('#repeat-password').fill('rileys-own-password');
  await riley.getByTestId('change-password').click();
  await expect(riley.getByTestId('password-error')).toHaveText(/current password is not right/);
  await riley.locator('#current-password').fill('riley-password-1');
  await riley.getByTestId('change-password').click();
  await expect(riley.getByTestId('password-changed')).toBeVisible();
  await shot(riley, 'settings-password');

  // Disabled: Riley's next request is refused and the app sends them to sign in.
  await page.getByTestId('person-row-riley@example.test').getByTestId('disable-person').click();
  await page.getByTestId('confirm-toggle-person').click();
  await expect(page.getByTestId('person-row-riley@example.test')).toContainText('Disabled');
  await riley.goto('/inbox');
  await expect(riley).toHaveURL(/\/sign-in/);
  await signInWithForm(riley, 'riley@example.test', 'rileys-own-password');
  await expect(riley.getByTestId('auth-error')).toHaveText(/disabled/i);

  // Sign out ends the admin's session.
  await openMenu(page, 'user-menu-trigger', 'sign-out');
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/people');
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await page.request.get(`${baseURL}/api/trpc/users.me`)).status()).toBe(401);
  await visitor.close();
  await rileyContext.close();
});

test('an API key is shown once, works for REST, and stops working when revoked', async ({ page, playwright, baseURL }) => {
  await page.goto('/settings/api-keys');
  await page.getByTestId('new-api-key').click();
  await page.getByTestId('api-key-name').fill('ci-pipeline');
  await page.getByTestId('create-api-key').click();
  const key = (await page.getByTestId('new-api-key-value').textContent())?.trim() ?? '';
  expect(key).toMatch(/^baton_/);
  await shot(page, 'api-key-created');
  await page.getByTestId('api-key-created-done').click();
  const row = page.getByTestId('api-key-row-ci-pipeline');
  await expect(row).toBeVisible();
  await expect(row).not.toContainText(key);
  await shot(page, 'api-keys');

  const client = await playwright.request.newContext({ baseURL });
  expect((await client.get('/api/v1/workflows', { headers: { 'x-api-key': key } })).status()).toBe(200);
  expect((await client.get('/api/v1/workflows', { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);
  await row.getByTestId('revoke-api-key').click();
  await page.getByTestId('confirm-revoke-api-key').click();
  await expect(row).toHaveCount(0);
  expect((await client.get('/api/v1/workflows', { headers: { 'x-api-key': key } })).status()).toBe(401);
  await client.dispose();
});
