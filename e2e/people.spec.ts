/**
 * Several people, each in their own browser context with their own session:
 * - Dana (designer) opens a draft that needs two approvals from group finance and publishes it;
 * - Oscar (operator) sees the designer read-only, starts a run of v1 and watches it;
 * - Priya (approver A) claims the task from her groups' unclaimed tasks and gives the first of two approvals;
 *   approving twice is refused;
 * - Sam (approver B) gives the second approval; the run completes live in Oscar's tab;
 * - Vic (viewer) sees the run, the workflow and the inbox without a single action
 *   button, and the same actions sent straight to the API are refused with 403.
 */
import { test, expect, type Browser, type Page } from './fixtures';
import { nodeStatus, shot } from './helpers';
import { authFile, type PersonKey } from './people';

const n = (id: string, type: string, config: Record<string, unknown> = {}, x = 0, y = 0) => ({ id, type, label: id, position: { x, y }, config });
const e = (source: string, target: string, sourcePort = 'out') => ({ id: `e_${source}_${target}`, source, sourcePort, target, targetPort: 'in' });

const DOC = {
  schemaVersion: 1,
  name: 'Four-eyes payment',
  description: '',
  nodes: [
    n('start', 'manualTrigger', {}, 160, 0),
    n('approval', 'userTask', {
      title: 'Release payment of 9,800 EUR',
      candidateGroups: 'finance',
      requiredApprovals: 2,
      priority: 'high',
      formFields: [{ name: 'comment', label: 'Comment', type: 'textarea', required: false, options: '' }],
      outcomes: [
        { id: 'approve', label: 'Approve' },
        { id: 'reject', label: 'Reject' },
      ],
    }, 160, 160),
    n('paid', 'end', { output: '{ "released": true, "by": $steps.approval.output.completedBy }' }, 0, 340),
    n('stopped', 'end', { output: '{ "released": false }' }, 320, 340),
  ],
  edges: [e('start', 'approval'), e('approval', 'paid', 'approve'), e('approval', 'stopped', 'reject')],
};

async function personPage(browser: Browser, key: PersonKey): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, storageState: authFile(key) });
  return context.newPage();
}

test('designer publishes, operator starts, two approvers decide, the run completes live; a viewer can only look', async ({ browser, request, baseURL }) => {
  test.setTimeout(150_000);
  const created = await request.post('/api/v1/workflows', { data: DOC });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  // Dana, a designer, publishes the draft from the designer.
  const dana = await personPage(browser, 'dana');
  await dana.goto(`/workflows/${id}`);
  await expect(dana.getByTestId('signed-in-as')).toHaveText('Dana Designer');
  await expect(dana.getByTestId('save-workflow')).toBeVisible();
  await expect(dana.getByTestId('run-workflow')).toHaveCount(0);
  await dana.getByTestId('publish-workflow').click();
  await dana.getByTestId('confirm-publish').click();
  await expect(dana.getByTestId('publish-workflow')).toBeDisabled();
  await shot(dana, 'people-designer-published');

  // Oscar, an operator, cannot edit but can run v1.
  const oscar = await personPage(browser, 'oscar');
  await oscar.goto(`/workflows/${id}`);
  await expect(oscar.getByTestId('signed-in-as')).toHaveText('Oscar Operator');
  await expect(oscar.getByTestId('read-only')).toBeVisible();
  await expect(oscar.getByTestId('publish-workflow')).toHaveCount(0);
  await expect(oscar.getByTestId('save-workflow')).toHaveCount(0);
  await oscar.getByTestId('run-workflow').click();
  await expect(oscar.getByTestId('start-run')).toHaveText(/Run v1/);
  await oscar.getByTestId('start-run').click();
  await oscar.waitForURL(/\/runs\//);
  const runId = decodeURIComponent(oscar.url().split('/runs/')[1]!);
  await expect(nodeStatus(oscar, 'approval')).toHaveAttribute('data-status', 'waiting');
  await expect(oscar.getByTestId('cancel-run')).toBeVisible();

  let taskId = '';
  await expect(async () => {
    const open = (await (await request.get(`/api/v1/tasks?status=open&runId=${encodeURIComponent(runId)}`)).json()) as { id: string }[];
    expect(open).toHaveLength(1);
    taskId = open[0]!.id;
  }).toPass();
  const item = (p: Page) => p.locator(`[data-testid="task-item"][data-task-id="${taskId}"]`);

  // Priya (approver A) claims it from her groups' unclaimed tasks and approves first.
  const priya = await personPage(browser, 'priya');
  await priya.goto('/inbox');
  await expect(priya.getByTestId('signed-in-as')).toHaveText('Priya Nair');
  await priya.getByTestId('inbox-tab-groups').click();
  await expect(item(priya)).toBeVisible();
  await priya.goto(`/inbox/${taskId}`);
  await expect(priya.getByTestId('task-detail')).toHaveAttribute('data-task-id', taskId);
  await priya.getByTestId('task-claim').click();
  await expect(priya.getByTestId('task-claim-state')).toContainText('Claimed by');
  await priya.getByTestId('task-form').locator('textarea').fill('Invoice matches the order.');
  await priya.getByTestId('outcome-approve').click();
  await expect(priya.getByTestId('task-detail').getByTestId('approvals-progress')).toHaveText(/1 of 2 approvals/);
  await shot(priya, 'people-first-approval');
  // Approving twice is refused, with the reason.
  await priya.getByTestId('outcome-approve').click();
  await expect(priya.getByText(/already decided/)).toBeVisible();
  await expect(nodeStatus(oscar, 'approval')).toHaveAttribute('data-status', 'waiting');

  // Sam (approver B) gives the second approval.
  const sam = await personPage(browser, 'sam');
  await sam.goto(`/inbox/${taskId}`);
  await expect(sam.getByTestId('signed-in-as')).toHaveText('Sam Chen');
  await expect(sam.getByTestId('task-detail').getByTestId('approvals-progress')).toHaveText(/1 of 2 approvals/);
  await sam.getByTestId('outcome-approve').click();
  await expect(sam.getByTestId('task-success')).toBeVisible();

  // The run finishes live in Oscar's tab.
  await expect(oscar.getByTestId('run-status')).toHaveText('succeeded');
  await expect(nodeStatus(oscar, 'paid')).toHaveAttribute('data-status', 'succeeded');
  await shot(oscar, 'people-run-succeeded');
  const run = await (await request.get(`/api/v1/runs/${encodeURIComponent(runId)}`)).json();
  expect(run.output).toEqual({ released: true, by: 'sam' });
  const approvals = await (await request.get('/api/v1/audit?action=task.approve')).json();
  expect(approvals.filter((x: { details: { runId?: string } }) => x.details.runId === runId).map((x: { actor: string }) => x.actor).sort()).toEqual(['priya', 'sam']);

  // Vic (viewer) sees everything and can do nothing.
  const vic = await personPage(browser, 'vic');
  await vic.goto('/workflows');
  await expect(vic.getByTestId('signed-in-as')).toHaveText('Vic Viewer');
  await expect(vic.getByText('Four-eyes payment').first()).toBeVisible();
  await expect(vic.getByTestId('new-workflow')).toHaveCount(0);
  await expect(vic.getByTestId('import-workflow')).toHaveCount(0);
  await expect(vic.getByTestId('delete-workflow')).toHaveCount(0);
  await expect(vic.getByRole('link', { name: 'Credentials' })).toHaveCount(0);
  await expect(vic.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await vic.goto(`/workflows/${id}`);
  await expect(vic.getByTestId('read-only')).toBeVisible();
  for (const button of ['save-workflow', 'publish-workflow', 'run-workflow', 'auto-layout']) await expect(vic.getByTestId(button)).toHaveCount(0);
  await vic.goto(`/runs/${encodeURIComponent(runId)}`);
  await expect(vic.getByTestId('run-status')).toHaveText('succeeded');
  await expect(vic.getByTestId('cancel-run')).toHaveCount(0);
  await expect(vic.getByTestId('retry-run')).toHaveCount(0);
  await shot(vic, 'people-viewer-run');

  const origin = { origin: baseURL! };
  const denied = [
    await vic.request.post(`/api/v1/workflows/${id}/runs`, { data: { input: {} }, headers: origin }),
    await vic.request.post(`/api/v1/workflows/${id}/publish`, { headers: origin }),
    await vic.request.post('/api/v1/workflows', { data: DOC, headers: origin }),
    await vic.request.post(`/api/v1/runs/${encodeURIComponent(runId)}/cancel`, { data: {}, headers: origin }),
    await vic.request.post('/api/trpc/runs.start', { data: { workflowId: id, input: {} }, headers: origin }),
    await vic.request.post('/api/trpc/workflows.publish', { data: { id }, headers: origin }),
  ];
  for (const r of denied) expect(r.status(), await r.text()).toBe(403);
  expect(((await denied[0]!.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  expect((await vic.request.get(`/api/v1/runs/${encodeURIComponent(runId)}`)).status()).toBe(200);
});
