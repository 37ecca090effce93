import { expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** Screenshots of the journeys, kept outside test-results/ (Playwright clears it). */
export const SHOTS = path.resolve('.e2e/screenshots');

export async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Drags from one React Flow handle to another with the mouse. */
export async function connect(page: Page, from: { node: string; port: string }, to: { node: string; port?: string }) {
  const source = page.locator(`.react-flow__handle.source[data-nodeid="${from.node}"][data-handleid="${from.port}"]`);
  const target = page.locator(`.react-flow__handle.target[data-nodeid="${to.node}"][data-handleid="${to.port ?? 'in'}"]`);
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error(`handle not visible: ${from.node}.${from.port} → ${to.node}.${to.port ?? 'in'}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** Status shown on a node of the live run view. */
export function nodeStatus(page: Page, nodeId: string) {
  return page.getByTestId(`node-status-${nodeId}`);
}

export async function actAs(page: Page, userId: string) {
  await page.getByTestId('acting-as').selectOption(userId);
  await expect(page.getByTestId('acting-as')).toHaveValue(userId);
}
