/**
 * The shell's live signals (`/api/stream`, signed in): while Sam looks at the runs list,
 * a run started elsewhere appears in it and a new task for him raises the inbox badge,
 * both without a reload.
 */
import { test, expect, type Page } from './fixtures';
import { createPublished, startRun } from './helpers';
import { authFile } from './people';

const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, label: id, position: { x: 0, y: 0 }, config });
const e = (source: string, target: string, sourcePort = 'out') => ({ id: `e_${source}_${target}`, source, sourcePort, target, targetPort: 'in' });
const forSam = (name: string) => ({
  schemaVersion: 1,
  name,
  description: '',
  nodes: [n('start', 'manualTrigger'), n('review', 'userTask', { title: `${name} review`, candidateUsers: 'sam', outcomes: [{ id: 'ok', label: 'OK' }] }), n('done', 'end')],
  edges: [e('start', 'review'), e('review', 'done', 'ok')],
});

async function badge(page: Page): Promise<number> {
  const b = page.getByTestId('inbox-badge');
  return (await b.count()) ? Number(await b.textContent()) : 0;
}

test('the runs list and the inbox badge update live for a signed-in person', async ({ browser, request }) => {
  const name = `Live signal ${Date.now().toString(36)}`;
  const { id } = await createPublished(request, forSam(name));
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: authFile('sam') });
  const page = await context.newPage();
  await page.goto('/runs');
  await expect(page.getByRole('heading', { name: 'Runs' })).toBeVisible();
  await page.waitForTimeout(500); // the stream is open
  const before = await badge(page);
  const runId = await startRun(request, id);
  await expect(page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`)).toBeVisible({ timeout: 10_000 });
  await expect.poll(() => badge(page), { timeout: 10_000 }).toBe(before + 1);
  await context.close();
});
