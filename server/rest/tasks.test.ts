/**
 * The REST task representation over a real app, on SQLite and on PostgreSQL:
 * `GET /api/v1/tasks` carries the assignment, four-eyes, due date and escalation fields,
 * matching the `Task` schema of the OpenAPI document; the example in docs/api.md has
 * exactly the documented fields.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestAppOn, publish, type TestAppOn } from '@/tests/helpers/app';
import { DIALECTS } from '@/tests/helpers/backends';
import { addPerson, apiKeyHeaders } from '@/tests/helpers/callers';
import { waitFor } from '@/tests/helpers/wait';
import { doc, edge, node } from '@/tests/helpers/docs';
import * as list from '@/app/api/v1/tasks/route';
import { buildOpenApi } from './openapi';
import { TaskSchema } from './schemas';

let t: TestAppOn;

let samKey: Record<string, string>;

describe.each(DIALECTS)('REST tasks on %s', (dialect) => {
  beforeAll(async () => {
    t = await openTestAppOn(dialect, 'task-rest');
    (globalThis as { __batonApp?: unknown }).__batonApp = t.app;
    for (const u of ['sam', 'priya', 'starter']) await addPerson(t, u, ['approver']);
    samKey = await apiKeyHeaders(t.app, 'sam');
    await t.app.groups.create({ id: 'leads', name: 'Leads', description: '', members: ['priya'] });
  });
  afterAll(async () => {
    delete (globalThis as { __batonApp?: unknown }).__batonApp;
    await t.close();
  });

  async function get(url: string) {
    const res = await list.GET(new Request(`http://127.0.0.1${url}`, { headers: samKey }), { params: Promise.resolve({}) });
    return { status: res.status, body: JSON.parse(await res.text()) };
  }

  describe('REST task representation', () => {
    it('lists a task with its assignment, approvals so far, due date and escalation', async () => {
      const wf = await publish(
        t.app,
        doc(
          'rest task',
          [
            node('start', 'manualTrigger'),
            node('review', 'userTask', {
              title: 'Review',
              outcomes: [
                { id: 'approve', label: 'Approve' },
                { id: 'reject', label: 'Reject' },
              ],
              candidateUsers: 'sam, priya',
              candidateGroups: 'leads',
              priority: 'high',
              requiredApprovals: 2,
              starterMayNotApprove: true,
              dueIn: 'P2D',
              escalation: 'reassign',
              escalateToGroup: 'leads',
            }),
            node('yes', 'end', { output: '' }),
            node('no', 'end', { output: '' }),
          ],
          [edge('start', 'review'), edge('review', 'yes', 'approve'), edge('review', 'no', 'reject')],
        ),
      );
      const { runId } = await t.app.runs.start({ workflowId: wf, input: {}, startedBy: 'starter' });
      const task = await waitFor(async () => (await t.app.tasks.list({ status: 'open', runId }))[0]);
      await t.app.tasks.complete(task.id, { outcome: 'approve', by: 'sam' });
      await t.app.tasks.claim(task.id, await t.app.tasks.actor('priya'));

      const r = await get(`/api/v1/tasks?runId=${runId}`);
      expect(r.status).toBe(200);
      const body = TaskSchema.strict().parse(r.body[0]);
      expect(body).toMatchObject({
        assignee: '',
        candidateUsers: ['sam', 'priya'],
        candidateGroups: ['leads'],
        claimedBy: 'priya',
        priority: 'high',
        requiredApprovals: 2,
        approvals: 1,
        starterMayNotApprove: true,
        escalation: { mode: 'reassign', group: 'leads', escalatedAt: null },
      });
      // Due two days after the task opened (the executor's clock, a few ms before the row's createdAt).
      expect(Math.abs(Date.parse(body.dueAt!) - Date.parse(body.createdAt) - 2 * 86_400_000)).toBeLessThan(1000);
      expect(body.claimedAt).not.toBeNull();
    });

    it('the OpenAPI Task schema and the docs/api.md example have the same fields', async () => {
      const o = buildOpenApi() as unknown as { components: { schemas: Record<string, { properties: Record<string, { properties?: object }>; required: string[] }> } };
      const schema = o.components.schemas.Task;
      const fields = Object.keys(schema.properties).sort();
      const assignment = ['assignee', 'candidateUsers', 'candidateGroups', 'claimedBy', 'claimedAt', 'priority', 'dueAt', 'requiredApprovals', 'approvals', 'starterMayNotApprove', 'escalation'];
      expect(fields).toEqual(expect.arrayContaining(assignment));
      expect([...schema.required].sort()).toEqual(fields);
      expect(Object.keys(schema.properties.escalation.properties!).sort()).toEqual(['escalatedAt', 'group', 'mode']);

      const md = fs.readFileSync(path.join(process.cwd(), 'docs/api.md'), 'utf8');
      const section = md.slice(md.indexOf('### List tasks'), md.indexOf('### Complete a task'));
      const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]) as Record<string, unknown>[];
      expect(Object.keys(example[0]).sort()).toEqual(fields);
      TaskSchema.strict().parse(example[0]);
      for (const f of assignment) expect(section, `docs/api.md explains ${f}`).toContain(`\`${f}\``);
    });
  });
});
