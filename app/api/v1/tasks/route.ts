/** `GET /api/v1/tasks?status=open|completed|cancelled&runId=...`: user tasks. */
import { handler, json, methodNotAllowed, parseWith, queryOf } from '@/server/rest/handler';
import { TaskListQuerySchema } from '@/server/rest/schemas';
import { taskBody } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler(async (req, { app }) => {
  const q = parseWith(TaskListQuerySchema, queryOf(req), { what: 'the query is not valid' });
  return json(app.tasks.list({ status: q.status, runId: q.runId }).map(taskBody));
});

export const POST = methodNotAllowed(['GET']);
export const PUT = POST;
export const PATCH = POST;
export const DELETE = POST;
