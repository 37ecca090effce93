/**
 * The version history: the list with notes and who published, comparing two versions
 * as a visual diff (added, removed, changed nodes; the per-field change of a changed
 * node), restoring a version as the draft (undoable, unsaved until saved), and the
 * Publish dialog's diff against the latest version with a note.
 */
import { expect, test, type APIRequestContext, type Page } from './fixtures';
import { shot } from './helpers';

const trigger = { id: 'start', type: 'manualTrigger', label: 'Start', position: { x: 0, y: 0 }, config: { inputFields: [] } };
const check = (url: string) => ({ id: 'check', type: 'http', label: 'Check credit', position: { x: 0, y: 160 }, config: { method: 'GET', url, headers: [], body: '' } });
const end = (id: string, label: string, y: number) => ({ id, type: 'end', label, position: { x: 0, y }, config: {} });
const notify = { id: 'notify', type: 'transform', label: 'Shape reply', position: { x: 0, y: 320 }, config: { expression: '{ "ok": true }' } };
const link = (id: string, source: string, target: string) => ({ id, source, sourcePort: 'out', target, targetPort: 'in' });

/** v1: start → check (a.test) → archive. */
const v1 = { schemaVersion: 1, name: 'Credit check', description: '', nodes: [trigger, check('https://a.example.test/score'), end('archive', 'Archive', 320)], edges: [link('e1', 'start', 'check'), link('e2', 'check', 'archive')] };
/** v2: the URL changed, archive removed, notify → done added. */
const v2 = {
  ...v1,
  nodes: [trigger, check('https://b.example.test/score'), notify, end('done', 'Done', 480)],
  edges: [link('e1', 'start', 'check'), link('e3', 'check', 'notify'), link('e4', 'notify', 'done')],
};

async function publishWithNote(request: APIRequestContext, id: string, note: string): Promise<number> {
  const res = await request.post(`/api/v1/workflows/${id}/publish`, { data: { note } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { version: number }).version;
}

async function setup(request: APIRequestContext): Promise<string> {
  const created = await request.post('/api/v1/workflows', { data: v1 });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect(await publishWithNote(request, id, 'First cut')).toBe(1);
  const put = await request.put(`/api/v1/workflows/${id}`, { data: v2 });
  expect(put.status(), await put.text()).toBe(200);
  expect(await publishWithNote(request, id, 'Score from the new bureau')).toBe(2);
  return id;
}

const canvasIds = (page: Page) => page.locator('[data-testid="workflow-node"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());

test('compare two versions on the canvas, restore one as the draft, and publish with the diff and a note', async ({ page, request }) => {
  const id = await setup(request);
  await page.goto(`/workflows/${id}`);
  await expect(page.getByTestId('designer')).toBeVisible();

  // The history lists both versions, newest first, with their notes and publisher.
  await page.getByTestId('open-history').click();
  const panel = page.getByTestId('version-panel');
  await expect(panel.getByTestId('version-2')).toContainText('Score from the new bureau');
  await expect(panel.getByTestId('version-1')).toContainText('First cut');
  await expect(panel.getByTestId('version-1')).toContainText('Ada Admin');
  await shot(page, 'versions-history');

  // Compare v1 with v2: archive removed, notify and done added, check changed.
  await panel.getByTestId('compare-1').click();
  await panel.getByTestId('compare-to').selectOption('2');
  await expect(page.getByTestId('version-banner')).toContainText('Comparing v1 → v2');
  const canvas = page.getByTestId('version-canvas');
  await expect(canvas.getByTestId('diff-node-archive')).toHaveAttribute('data-diff', 'removed');
  await expect(canvas.getByTestId('diff-node-notify')).toHaveAttribute('data-diff', 'added');
  await expect(canvas.getByTestId('diff-node-done')).toHaveAttribute('data-diff', 'added');
  await expect(canvas.getByTestId('diff-node-check')).toHaveAttribute('data-diff', 'changed');
  await expect(canvas.getByTestId('diff-node-start')).toHaveAttribute('data-diff', 'unchanged');
  await expect(page.getByTestId('diff-summary')).toContainText('2 added');
  await expect(page.getByTestId('diff-summary')).toContainText('1 removed');
  await expect(page.getByTestId('diff-summary')).toContainText('1 changed');
  // The list and the per-field diff of the changed node.
  await panel.getByTestId('diff-row-check').click();
  const fields = panel.getByTestId('field-changes');
  await expect(fields.locator('[data-path="config.url"]')).toContainText('https://a.example.test/score');
  await expect(fields.locator('[data-path="config.url"]')).toContainText('https://b.example.test/score');
  await shot(page, 'versions-compare');

  // View v1 read-only, then restore it as the draft.
  await page.getByTestId('history-back').click();
  await panel.getByTestId('view-1').click();
  await expect(page.getByTestId('version-banner')).toContainText('Viewing v1');
  await expect(page.getByTestId('version-canvas').getByTestId('diff-node-archive')).toBeVisible();
  await shot(page, 'versions-view');
  await page.getByTestId('banner-restore').click();
  await expect(page.getByTestId('version-overlay')).toHaveCount(0);
  await expect.poll(() => canvasIds(page)).toEqual(['archive', 'check', 'start']);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'dirty');

  // Restoring is one undo step.
  await page.getByTestId('undo').click();
  await expect.poll(() => canvasIds(page)).toEqual(['check', 'done', 'notify', 'start']);
  await page.getByTestId('redo').click();
  await expect.poll(() => canvasIds(page)).toEqual(['archive', 'check', 'start']);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  const draft = (await (await request.get(`/api/v1/workflows/${id}`)).json()) as { name: string; nodes: { id: string; config: { url?: string } }[] };
  expect(draft.nodes.map((n) => n.id)).toEqual(['start', 'check', 'archive']);
  expect(draft.nodes[1]!.config.url).toBe('https://a.example.test/score');
  expect(draft.name).toBe('Credit check');

  // Publishing shows what changes against v2, and takes a note.
  await page.getByTestId('history-close').click();
  await page.getByTestId('publish-workflow').click();
  const dialog = page.getByTestId('publish-dialog');
  await expect(dialog).toContainText('Changes since v2');
  await expect(dialog.getByTestId('diff-summary')).toContainText('1 added');
  await expect(dialog.getByTestId('diff-summary')).toContainText('2 removed');
  await expect(dialog.getByTestId('diff-summary')).toContainText('1 changed');
  await expect(dialog.getByTestId('diff-row-archive')).toHaveAttribute('data-diff', 'added');
  await expect(dialog.getByTestId('diff-row-notify')).toHaveAttribute('data-diff', 'removed');
  await dialog.getByTestId('publish-note').fill('Back to the first bureau');
  await shot(page, 'versions-publish-dialog');
  await dialog.getByTestId('confirm-publish').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('version-status')).toContainText('v3 published');

  const versions = (await (await request.get(`/api/v1/workflows/${id}/versions`)).json()) as { version: number; note: string }[];
  expect(versions.map((v) => [v.version, v.note])).toEqual([
    [3, 'Back to the first bureau'],
    [2, 'Score from the new bureau'],
    [1, 'First cut'],
  ]);
  await page.getByTestId('open-history').click();
  await expect(page.getByTestId('version-3')).toContainText('Back to the first bureau');
});
