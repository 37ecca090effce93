/**
 * Four-eyes in the browser: a task that needs two approvals from the finance group
 * (seeded: Priya Nair, Sam Chen). Sam and Priya, each in their own browser context,
 * approve it; the first approval shows "1 of 2 approvals" to both, the second
 * completes the task, and the run view (open in a third tab) finishes live.
 */
import { test, expect, type Browser, type Page } from '@playwright/test';
import { createPublished, nodeStatus, shot, startRun } from './helpers';

const n = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, label: id, position: { x: 0, y: 0 }, config });
const e = (source: string, target: string, sourcePort = 'out') => ({ id: `e_${source}_${target}`, source, sourcePort, target, targetPort: 'in' });

const DOC = {
  schemaVersion: 1,
  name: 'Four-eyes payment',
  description: '',
  nodes: [
    n('start', 'manualTrigger'),
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
    }),
    n('paid', 'end', { output: '{ "released": true, "by": $steps.approval.output.completedBy }' }),
    n('stopped', 'end', { output: '{ "released": false }' }),
  ],
  edges: [e('start', 'approval'), e('approval', 'paid', 'approve'), e('approval', 'stopped', 'reject')],
};

async function personPage(browser: Browser, baseURL: string, userId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addCookies([{ name: 'baton_user', value: userId, url: baseURL }]);
  return context.newPage();
}

test('two people approve a task that needs two approvals; the run completes live', async ({ browser, request, baseURL }) => {
  const { id } = await createPublished(request, DOC);
  const runId = await startRun(request, id);
  let taskId = '';
  await expect(async () => {
    const open = (await (await request.get(`/api/v1/tasks?status=open&runId=${encodeURIComponent(runId)}`)).json()) as { id: string }[];
    expect(open).toHaveLength(1);
    taskId = open[0].id;
  }).toPass();
  const item = (p: Page) => p.locator(`[data-testid="task-item"][data-task-id="${taskId}"]`);

  const watcher = await personPage(browser, baseURL!, 'alex');
  await watcher.goto(`/runs/${encodeURIComponent(runId)}`);
  await expect(nodeStatus(watcher, 'approval')).toHaveAttribute('data-status', 'waiting');

  const sam = await personPage(browser, baseURL!, 'sam');
  const priya = await personPage(browser, baseURL!, 'priya');

  // Sam finds it among his groups' unclaimed tasks and approves first.
  await sam.goto('/inbox');
  await expect(sam.getByTestId('acting-as')).toHaveValue('sam');
  await sam.getByTestId('inbox-tab-groups').click();
  await expect(item(sam)).toBeVisible();
  await sam.goto(`/inbox/${taskId}`);
  await expect(sam.getByTestId('task-detail')).toHaveAttribute('data-task-id', taskId);
  await expect(sam.getByTestId('task-title')).toHaveText('Release payment of 9,800 EUR');
  await sam.getByTestId('task-form').locator('textarea').fill('Invoice matches the order.');
  await sam.getByTestId('outcome-approve').click();
  await expect(sam.getByTestId('task-detail').getByTestId('approvals-progress')).toHaveText(/1 of 2 approvals/);
  await shot(sam, 'four-eyes-first-approval');

  // Sam cannot approve twice: the server refuses and says why.
  await sam.getByTestId('outcome-approve').click();
  await expect(sam.getByText(/already decided/)).toBeVisible();
  await expect(nodeStatus(watcher, 'approval')).toHaveAttribute('data-status', 'waiting');

  // Priya opens the same task and sees the first approval.
  await priya.goto('/inbox');
  await expect(priya.getByTestId('acting-as')).toHaveValue('priya');
  await priya.getByTestId('inbox-tab-groups').click();
  await expect(item(priya)).toBeVisible();
  await priya.goto(`/inbox/${taskId}`);
  await expect(priya.getByTestId('task-detail')).toHaveAttribute('data-task-id', taskId);
  await expect(priya.getByTestId('task-detail').getByTestId('approvals-progress')).toHaveText(/1 of 2 approvals/);
  await priya.getByTestId('outcome-approve').click();
  await expect(priya.getByTestId('task-success')).toBeVisible();

  // The run finishes live in the watcher's tab, released by the second approver.
  await expect(watcher.getByTestId('run-status')).toHaveText('succeeded');
  await expect(nodeStatus(watcher, 'paid')).toHaveAttribute('data-status', 'succeeded');
  await shot(watcher, 'four-eyes-run-succeeded');
  const run = await (await request.get(`/api/v1/runs/${encodeURIComponent(runId)}`)).json();
  expect(run.output).toEqual({ released: true, by: 'priya' });

  const approvals = await (await request.get('/api/v1/audit?action=task.approve')).json();
  expect(approvals.filter((x: { details: { runId?: string } }) => x.details.runId === runId).map((x: { actor: string }) => x.actor).sort()).toEqual(['priya', 'sam']);
});
