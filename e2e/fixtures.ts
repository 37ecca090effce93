/**
 * The journeys' `test`: pages start signed in as the admin (project storage state);
 * the `request` fixture calls the API with the admin's API key.
 */
import { test as base } from '@playwright/test';
import { adminKey } from './people';

export const test = base.extend({
  request: async ({ playwright, baseURL }, use) => {
    const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-api-key': adminKey() } });
    await use(ctx);
    await ctx.dispose();
  },
});
export { expect } from '@playwright/test';
export type { APIRequestContext, Browser, Locator, Page } from '@playwright/test';
