/**
 * Journeys of canvas comfort: a sticky note survives save and reload and shows
 * read-only in the run view; a connection dropped on empty canvas opens the node
 * picker that adds and connects a node; the "+" on an edge inserts a node in the
 * middle; and the designer from the keyboard alone (Tab to a node, arrows move it,
 * Enter opens its settings, C connects it).
 */
import { expect, test, type APIRequestContext, type Page } from './fixtures';
import { publish, shot, startRun, waitForRunStatus } from './helpers';

const nodeEl = (page: Page, id: string) => page.locator(`[data-testid="workflow-node"][data-node-id="${id}"]`);
const pane = (page: Page) => page.locator('.react-flow__pane');

const trigger = (x = 0, y = 0) => ({ id: 'start', type: 'manualTrigger', label: 'Start', position: { x, y }, config: { inputFields: [] } });
const end = (id = 'done', x = 0, y = 240) => ({ id, type: 'end', label: 'Done', position: { x, y }, config: {} });

async function create(request: APIRequestContext, name: string, nodes: unknown[], edges: unknown[] = []): Promise<string> {
  const res = await request.post('/api/v1/workflows', { data: { schemaVersion: 1, name, description: '', nodes, edges } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

type Saved = { nodes: { id: string; type: string; position: { x: number; y: number } }[]; edges: { source: string; target: string }[]; notes?: { id: string; text: string; color: string; width: number }[] };

async function save(page: Page, id: string): Promise<Saved> {
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  return (await (await page.request.get(`/api/v1/workflows/${id}`)).json()) as Saved;
}

async function position(page: Page, id: string) {
  const t = await page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(t);
  return { x: Number(m?.[1]), y: Number(m?.[2]) };
}

test('a sticky note: added from the canvas menu, Markdown rendered safely, recoloured, resized, saved, reloaded, read-only in the run view', async ({ page, request }) => {
  const id = await create(request, 'Notes journey', [trigger(), end()], [{ id: 'e1', source: 'start', target: 'done' }]);
  await page.goto(`/workflows/${id}`);
  await expect(nodeEl(page, 'start')).toBeVisible();

  const box = (await pane(page).boundingBox())!;
  await pane(page).click({ button: 'right', position: { x: box.width - 380, y: 80 } });
  await page.getByTestId('menu-add-note').click();
  const editor = page.getByTestId('note-editor');
  await expect(editor).toBeFocused();
  await editor.fill('# Heads up\nThe **credit check** is slow.\n- retry twice\n<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>');
  await shot(page, 'canvas-note-editing');
  await pane(page).click({ position: { x: Math.round(box.width * 0.2), y: 40 } });
  const note = page.getByTestId('sticky-note');
  await expect(note.locator('h1')).toHaveText('Heads up');
  await expect(note.locator('strong')).toHaveText('credit check');
  await expect(note.locator('li')).toHaveText('retry twice');
  await expect(note.locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // Notes are not workflow nodes: no problem appears.
  await expect(page.locator('[data-testid="node-problems"]')).toHaveCount(0);

  // Recolour and resize (select it by clicking its edge area).
  await note.click({ position: { x: 10, y: 10 } });
  await page.getByTestId('note-color-blue').click();
  await expect(note).toHaveAttribute('data-color', 'blue');
  const handle = page.locator('.react-flow__resize-control.handle.bottom.right');
  const hb = (await handle.boundingBox())!;
  await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
  await page.mouse.down();
  await page.mouse.move(hb.x + 80, hb.y + 60, { steps: 6 });
  await page.mouse.up();
  await shot(page, 'canvas-note-selected');

  let saved = await save(page, id);
  expect(saved.notes).toHaveLength(1);
  expect(saved.notes![0]).toMatchObject({ color: 'blue' });
  expect(saved.notes![0]!.width).toBeGreaterThan(300);
  expect(saved.notes![0]!.text).toContain('**credit check**');

  // Undo the colour change: one step.
  await page.keyboard.press('Control+z');
  await expect(note).toHaveAttribute('data-color', 'blue'); // the resize was the last step
  await page.keyboard.press('Control+z');
  await expect(note).toHaveAttribute('data-color', 'yellow');
  await page.keyboard.press('Control+Shift+z');
  await page.keyboard.press('Control+Shift+z');
  await expect(note).toHaveAttribute('data-color', 'blue');
  saved = await save(page, id);

  await page.reload();
  await expect(page.getByTestId('sticky-note').locator('h1')).toHaveText('Heads up');
  await expect(page.getByTestId('sticky-note')).toHaveAttribute('data-color', 'blue');

  // Published and run: the note shows in the run view, read-only.
  await publish(request, id);
  const runId = await startRun(request, id);
  await waitForRunStatus(request, runId, 'succeeded');
  await page.goto(`/runs/${runId}`);
  const runNote = page.getByTestId('sticky-note');
  await expect(runNote.locator('h1')).toHaveText('Heads up');
  await shot(page, 'canvas-note-run-view');
  await runNote.dblclick();
  await expect(page.getByTestId('note-editor')).toHaveCount(0);
  await expect(page.getByTestId('note-toolbar')).toHaveCount(0);
});

test('a connection dropped on empty canvas opens the node picker, which adds and connects the chosen node', async ({ page, request }) => {
  const id = await create(request, 'Picker journey', [trigger()]);
  await page.goto(`/workflows/${id}`);
  const source = page.locator('.react-flow__handle.source[data-nodeid="start"][data-handleid="out"]');
  const a = (await source.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 20, a.y + 100, { steps: 5 });
  await page.mouse.move(a.x + 40, a.y + 180, { steps: 5 });
  await page.mouse.up();
  const picker = page.getByTestId('node-picker');
  await expect(picker).toBeVisible();
  await expect(page.getByTestId('node-picker-search')).toBeFocused();
  // Triggers cannot follow an output.
  await expect(page.getByTestId('node-picker-item-manualTrigger')).toHaveCount(0);
  await page.getByTestId('node-picker-search').fill('approval');
  await expect(page.getByTestId('node-picker-item-userTask')).toBeVisible();
  await shot(page, 'canvas-node-picker');
  await page.keyboard.press('Enter');
  await expect(picker).toHaveCount(0);
  await expect(nodeEl(page, 'user_task')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  // The new node sits below the drop point, not on the trigger.
  expect((await position(page, 'user_task')).y).toBeGreaterThan((await position(page, 'start')).y + 80);
  const saved = await save(page, id);
  expect(saved.edges).toEqual([expect.objectContaining({ source: 'start', target: 'user_task' })]);
  // One undo step removes node and edge.
  await page.keyboard.press('Control+z');
  await expect(nodeEl(page, 'user_task')).toHaveCount(0);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
});

test('the "+" on a hovered edge inserts a node in the middle: source → new → target', async ({ page, request }) => {
  const id = await create(request, 'Insert journey', [trigger(0, 0), end('done', 0, 400)], [{ id: 'e1', source: 'start', target: 'done' }]);
  await page.goto(`/workflows/${id}`);
  await expect(nodeEl(page, 'done')).toBeVisible();
  const path = page.locator('.react-flow__edge[data-id="e1"] .react-flow__edge-interaction');
  const pb = (await path.boundingBox())!;
  await page.mouse.move(pb.x + pb.width / 2, pb.y + pb.height / 2);
  const plus = page.getByTestId('edge-insert');
  await expect(plus).toBeVisible();
  await shot(page, 'canvas-edge-plus');
  await plus.click();
  await expect(page.getByTestId('node-picker')).toBeVisible();
  // Only nodes with an input and an output can go in the middle.
  await expect(page.getByTestId('node-picker-item-end')).toHaveCount(0);
  await page.getByTestId('node-picker-search').fill('jsonata');
  await page.getByTestId('node-picker-item-transform').click();
  await expect(nodeEl(page, 'transform')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await shot(page, 'canvas-edge-inserted');
  const saved = await save(page, id);
  expect(saved.edges.map((e) => [e.source, e.target])).toEqual([
    ['start', 'transform'],
    ['transform', 'done'],
  ]);
});

test('keyboard only: Tab to a node, arrows move it, Enter opens its settings, C connects it', async ({ page, request }) => {
  const id = await create(request, 'Keyboard journey', [trigger(0, 0), { id: 'check', type: 'http', label: 'Check', position: { x: 0, y: 160 }, config: { method: 'GET', url: 'https://example.test/', headers: [], body: '' } }, end('done', 320, 320)], [
    { id: 'e1', source: 'start', target: 'check' },
  ]);
  await page.goto(`/workflows/${id}`);
  await expect(nodeEl(page, 'check')).toBeVisible();

  // Tab from the canvas' start until a node has the focus.
  await page.getByTestId('palette').getByRole('searchbox').focus();
  let focused: string | null = null;
  for (let i = 0; i < 120 && !focused; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => (document.activeElement?.classList.contains('react-flow__node') ? document.activeElement.getAttribute('data-id') : null));
  }
  expect(focused).toBe('start');
  await page.keyboard.press('Tab');
  await expect(page.locator('.react-flow__node[data-id="check"]')).toBeFocused();
  await shot(page, 'canvas-keyboard-focus');

  const before = await position(page, 'check');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await position(page, 'check')).x).toBeGreaterThan(before.x);

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('side-panel')).toContainText('$steps.check.output');
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-testid="side-panel"]'))).toBe(true);

  // Back on the node: C, pick the target from the list, Enter.
  await page.locator('.react-flow__node[data-id="check"]').focus();
  await page.keyboard.press('c');
  const picker = page.getByTestId('connect-picker');
  await expect(picker).toBeVisible();
  await expect(page.getByTestId('connect-picker-item-start')).toHaveCount(0); // a trigger has no input
  await page.getByTestId('connect-picker-search').fill('done');
  await shot(page, 'canvas-keyboard-connect');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  const saved = await save(page, id);
  expect(saved.edges.map((e) => [e.source, e.target])).toContainEqual(['check', 'done']);
  expect(saved.nodes.find((n) => n.id === 'check')!.position.x).toBeGreaterThan(0);
  // The keys are on the shortcuts sheet.
  await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-sheet')).toContainText('Connect to another node');
});

test('the app sidebar folds into a rail in the designer and remembers it; a large workflow opens at a readable zoom', async ({ page, request }) => {
  const nodes = [trigger(0, 0), ...Array.from({ length: 40 }, (_, i) => ({ id: `t${i}`, type: 'transform', label: `Step ${i + 1}`, position: { x: 0, y: (i + 1) * 120 }, config: { expression: '$' } }))];
  const edges = nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: n.id }));
  const id = await create(request, 'Big journey', nodes, edges);
  await page.goto(`/workflows/${id}`);
  await expect(nodeEl(page, 'start')).toBeVisible();
  await expect(page.getByTestId('app-sidebar')).toHaveAttribute('data-collapsed', 'true');
  // Fit view shows the start at a readable zoom rather than all 41 nodes shrunk.
  await expect.poll(() => page.locator('.react-flow__viewport').evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1]))).toBeGreaterThanOrEqual(0.6);
  await expect(nodeEl(page, 'start')).toBeInViewport();
  await shot(page, 'canvas-rail-large-workflow');
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('app-sidebar')).toHaveAttribute('data-collapsed', 'false');
  await page.reload();
  await expect(page.getByTestId('app-sidebar')).toHaveAttribute('data-collapsed', 'false');
  await page.getByTestId('sidebar-toggle').click();
  await expect(page.getByTestId('app-sidebar')).toHaveAttribute('data-collapsed', 'true');
  // Side ports are named while the pointer is on them.
  const label = page.locator('.react-flow__node[data-id="t0"] [data-port-label="error"]');
  await expect(label).toHaveCSS('opacity', '0');
  await page.locator('.react-flow__node[data-id="t0"] [data-testid="node-side-port"][data-port="error"]').hover();
  await expect(label).toHaveCSS('opacity', '1');
  await expect(label).toHaveText('on error');
  await shot(page, 'canvas-side-port-hover');
});
