/** `GET /api/v1/tasks?status=open|completed|cancelled&runId=...`: the user tasks the caller may see (a candidate, claimer or decider; admins every task). */
import { handler, json, methodNotAllowed, parseWith, queryOf } from '@/server/rest/handler';
import { TaskListQuerySchema } from '@/server/rest/schemas';
import { taskBody } from '@/server/rest/views';
import { maySeeTask } from '@/server/services/task-access';

export const dynamic = 'force-dynamic';

export const GET = handler('signed-in', async (req, { app, user }) => {
  const actor = app.tasks.actor(user.id);
  const q = parseWith(TaskListQuerySchema, queryOf(req), { what: 'the query is not valid' });
  return json(app.tasks.list({ status: q.status, runId: q.runId, limit: 1000 }).filter((t) => maySeeTask(t, actor)).slice(0, 200).map(taskBody));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
