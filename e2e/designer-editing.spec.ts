/**
 * Journeys of editing in the designer: undo and redo of every kind of change, copy in
 * one workflow and paste in another (system clipboard), renaming a node id, and the
 * keyboard: select all, Esc, the right-click menu and the shortcuts sheet.
 */
import { expect, test, type APIRequestContext, type Page } from './fixtures';
import { connect, shot } from './helpers';

const nodeEl = (page: Page, id: string) => page.locator(`[data-testid="workflow-node"][data-node-id="${id}"]`);
const flowNodes = (page: Page) => page.locator('[data-testid="workflow-node"]');
const pane = (page: Page) => page.locator('.react-flow__pane');

/** A node's position on the canvas (flow coordinates, from React Flow's transform). */
async function position(page: Page, id: string) {
  const t = await page.locator(`.react-flow__node[data-id="${id}"]`).evaluate((el) => (el as HTMLElement).style.transform);
  const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(t);
  return { x: Number(m?.[1]), y: Number(m?.[2]) };
}

/** Creates a workflow through REST; names are unique, so each gets a suffix that is. */
async function create(request: APIRequestContext, name: string, nodes: unknown[], edges: unknown[] = []): Promise<string> {
  const res = await request.post('/api/v1/workflows', { data: { schemaVersion: 1, name: `${name} ${Date.now().toString(36)}`, description: '', nodes, edges } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function savedDoc(page: Page, id: string) {
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  return (await (await page.request.get(`/api/v1/workflows/${id}`)).json()) as {
    nodes: { id: string; type: string; position: { x: number; y: number }; config: Record<string, unknown> }[];
    edges: { source: string; target: string }[];
  };
}

const trigger = (id = 'start', x = 0, y = 0) => ({ id, type: 'manualTrigger', label: 'Start', position: { x, y }, config: { inputFields: [] } });
const http = (id: string, x: number, y: number, url = 'https://example.test/') => ({ id, type: 'http', label: 'Check', position: { x, y }, config: { method: 'GET', url, headers: [], body: '' } });
const transform = (id: string, x: number, y: number, expression: string) => ({ id, type: 'transform', label: 'Shape', position: { x, y }, config: { expression } });

test('undo and redo: add, connect, move, config edit, delete — from the keyboard and the toolbar, also after a save', async ({ page, request }) => {
  const id = await create(request, 'Undo journey', []);
  await page.goto(`/workflows/${id}`);
  await expect(page.getByTestId('empty-canvas')).toBeVisible();
  await expect(page.getByTestId('undo')).toBeDisabled();

  // Add: readable ids from the labels.
  await page.getByTestId('palette-item-manualTrigger').click();
  await page.getByTestId('palette-item-http').click();
  await expect(flowNodes(page)).toHaveCount(2);
  await expect(nodeEl(page, 'http_request')).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(flowNodes(page)).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(flowNodes(page)).toHaveCount(2);
  await page.getByTestId('auto-layout').click();
  await page.waitForTimeout(700); // the view glides to the new layout (400 ms)

  // Connect.
  await connect(page, { node: 'manual_trigger', port: 'out' }, { node: 'http_request' });
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await page.getByTestId('undo').click();
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);

  // Move: one drag is one step.
  const before = await position(page, 'http_request');
  const box = (await nodeEl(page, 'http_request').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 12);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width / 2 + i * 20, box.y + 12 + i * 10);
  await page.mouse.up();
  await expect.poll(async () => (await position(page, 'http_request')).x).toBeGreaterThan(before.x + 100);
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await expect.poll(() => position(page, 'http_request')).toEqual(before);
  await page.keyboard.press('Control+y');
  await expect.poll(async () => (await position(page, 'http_request')).x).toBeGreaterThan(before.x + 100);

  // Config edit: typing in one field is one step, and keys typed in the field never reach the canvas.
  await nodeEl(page, 'http_request').click();
  const url = page.getByTestId('config-field-url');
  await url.click();
  await url.pressSequentially('https://api.test/x');
  await page.keyboard.press('Control+a'); // selects the field's text, not the nodes
  await expect(page.getByTestId('node-panel')).toBeVisible();
  // Undo and redo from the toolbar while the field is on screen: the editor follows, and redo stays possible.
  await page.getByTestId('undo').click();
  await expect(url.locator('.cm-placeholder')).toBeVisible();
  await expect(page.getByTestId('redo')).toBeEnabled();
  await page.getByTestId('redo').click();
  await expect(url).toHaveText('https://api.test/x');
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await nodeEl(page, 'http_request').click();
  await expect(page.getByTestId('config-field-url').locator('.cm-placeholder')).toBeVisible(); // empty again
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+Shift+z');
  await nodeEl(page, 'http_request').click();
  await expect(page.getByTestId('config-field-url')).toHaveText('https://api.test/x');

  // Delete (the node and its connection), then undo after a save: unsaved again.
  await nodeEl(page, 'http_request').click();
  await pane(page).hover();
  await nodeEl(page, 'http_request').click();
  await page.keyboard.press('Delete');
  await expect(flowNodes(page)).toHaveCount(1);
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'saved');
  await page.keyboard.press('Control+z');
  await expect(flowNodes(page)).toHaveCount(2);
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-state', 'dirty');
  const doc = await savedDoc(page, id);
  expect(doc.nodes.map((n) => n.id).sort()).toEqual(['http_request', 'manual_trigger']);
  expect(doc.nodes.find((n) => n.id === 'http_request')!.config.url).toBe('https://api.test/x');
  await shot(page, 'designer-toolbar');
});

test('copy nodes in one workflow and paste them in another; expressions follow the new ids', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const a = await create(request, 'Copy from', [trigger(), http('check', 0, 160), transform('shape', 0, 320, '{ "name": $steps.check.output.body.name, "who": $steps.start.output }')], [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'check', targetPort: 'in' },
    { id: 'e2', source: 'check', sourcePort: 'out', target: 'shape', targetPort: 'in' },
  ]);
  const b = await create(request, 'Paste into', [trigger(), http('check', 0, 160)], [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'check', targetPort: 'in' }]);

  await page.goto(`/workflows/${a}`);
  await nodeEl(page, 'check').click();
  await nodeEl(page, 'shape').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 nodes selected');
  await page.keyboard.press('Control+c');

  await page.goto(`/workflows/${b}`);
  await expect(flowNodes(page)).toHaveCount(2);
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+v');
  await expect(flowNodes(page)).toHaveCount(4);
  await expect(page.getByTestId('selection-count')).toHaveText('2 nodes selected');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  // Duplicate the pasted pair.
  await page.keyboard.press('Control+d');
  await expect(flowNodes(page)).toHaveCount(6);

  const doc = await savedDoc(page, b);
  expect(doc.nodes.map((n) => n.id)).toEqual(['start', 'check', 'check_2', 'shape', 'check_3', 'shape_2']);
  const expr = (nid: string) => doc.nodes.find((n) => n.id === nid)!.config.expression;
  expect(expr('shape')).toBe('{ "name": $steps.check_2.output.body.name, "who": $steps.start.output }');
  expect(expr('shape_2')).toBe('{ "name": $steps.check_3.output.body.name, "who": $steps.start.output }');
  expect(doc.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['start>check', 'check_2>shape', 'check_3>shape_2']);
  await page.keyboard.press('Control+z');
  await expect(flowNodes(page)).toHaveCount(4);
});

test('renaming a node id rewrites the expressions, templates and connections that use it', async ({ page, request }) => {
  const id = await create(
    request,
    'Rename journey',
    [trigger(), http('http_1', 0, 160, 'https://example.test/{{ $input.id }}'), transform('shape', 0, 320, '$steps.http_1.output.body & " (from $steps.http_1)"'), http('notify', 0, 480, 'https://example.test/notify/{{ $steps.http_1.output.status }}')],
    [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'http_1', targetPort: 'in' },
      { id: 'e2', source: 'http_1', sourcePort: 'out', target: 'shape', targetPort: 'in' },
      { id: 'e3', source: 'shape', sourcePort: 'out', target: 'notify', targetPort: 'in' },
    ],
  );
  await page.goto(`/workflows/${id}`);
  // The count is there once the first validation (run in idle time after the canvas is drawn) is done.
  await expect(page.getByTestId('problems-count')).toHaveAttribute('data-count', /^\d+$/);
  const problemsBefore = await page.getByTestId('problems-count').getAttribute('data-count');
  await nodeEl(page, 'http_1').click();
  const input = page.getByTestId('node-id-input');
  await input.fill('shape');
  await input.press('Enter');
  await expect(page.getByTestId('node-id-error')).toContainText('Another node already has the id "shape"');
  await input.fill('credit check');
  await expect(page.getByTestId('node-id-error')).toContainText('letters, digits and _');
  await input.fill('credit_check');
  await input.press('Enter');
  await expect(nodeEl(page, 'credit_check')).toBeVisible();
  await expect(page.getByTestId('node-panel')).toHaveAttribute('data-node-id', 'credit_check');
  await shot(page, 'designer-rename-node-id');

  const doc = await savedDoc(page, id);
  const cfg = (nid: string) => doc.nodes.find((n) => n.id === nid)!.config;
  expect(cfg('shape').expression).toBe('$steps.credit_check.output.body & " (from $steps.http_1)"');
  expect(cfg('notify').url).toBe('https://example.test/notify/{{ $steps.credit_check.output.status }}');
  expect(doc.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['start>credit_check', 'credit_check>shape', 'shape>notify']);
  await expect(page.getByTestId('problems-count')).toHaveAttribute('data-count', problemsBefore!); // no reference broke

  // Undo puts the old id back everywhere.
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+z');
  await expect(nodeEl(page, 'http_1')).toBeVisible();
  const back = await savedDoc(page, id);
  expect(back.nodes.find((n) => n.id === 'shape')!.config.expression).toBe('$steps.http_1.output.body & " (from $steps.http_1)"');

  // Template fields complete step ids like expression fields do.
  await nodeEl(page, 'notify').click();
  const url = page.getByTestId('config-field-url');
  await url.click();
  await page.keyboard.press('End');
  await page.keyboard.type('?by={{ $steps.');
  await expect(page.locator('.cm-tooltip-autocomplete')).toBeVisible();
  const completions = page.locator('.cm-tooltip-autocomplete');
  await expect(completions).toContainText('http_1');
  await expect(completions).toContainText('shape');
  await shot(page, 'designer-template-completion');
  await page.keyboard.type('sh');
  await page.keyboard.press('Enter');
  await expect(url).toContainText('?by={{ $steps.shape');
});

test('keyboard and menus: select all, Esc, the right-click menu and the shortcuts sheet', async ({ page, request }) => {
  const id = await create(request, 'Keyboard journey', [trigger(), http('check', 0, 160), transform('shape', 0, 320, '$steps.check.output')], [
    { id: 'e1', source: 'start', sourcePort: 'out', target: 'check', targetPort: 'in' },
    { id: 'e2', source: 'check', sourcePort: 'out', target: 'shape', targetPort: 'in' },
  ]);
  await page.goto(`/workflows/${id}`);
  await expect(flowNodes(page)).toHaveCount(3);
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('Control+a');
  await expect(page.getByTestId('selection-count')).toHaveText('3 nodes selected');
  expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('workflow-panel')).toBeVisible();

  // Arrow keys nudge the selection; one undo puts it back.
  await nodeEl(page, 'shape').click();
  const before = await position(page, 'shape');
  await pane(page).hover();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await position(page, 'shape')).x).toBe(before.x + 32);

  // Right-click a node: its menu; duplicate from it.
  await nodeEl(page, 'check').click({ button: 'right' });
  const menu = page.getByTestId('canvas-menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByTestId('menu-copy')).toBeVisible();
  await shot(page, 'designer-context-menu-node');
  await menu.getByTestId('menu-duplicate').click();
  await expect(flowNodes(page)).toHaveCount(4);
  await expect(nodeEl(page, 'check_2')).toBeVisible();

  // Right-click the canvas: paste, select all, tidy up, undo, shortcuts.
  await pane(page).click({ button: 'right', position: { x: 40, y: 40 } });
  await expect(menu.getByTestId('menu-tidy-up')).toBeVisible();
  await shot(page, 'designer-context-menu-canvas');
  await menu.getByTestId('menu-undo').click();
  await expect(flowNodes(page)).toHaveCount(3);

  // `?` opens the sheet; Esc closes it.
  await pane(page).click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcuts-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Duplicate');
  await shot(page, 'designer-shortcuts-sheet');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});
