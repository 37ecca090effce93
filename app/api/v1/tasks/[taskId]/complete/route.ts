/** `POST /api/v1/tasks/{taskId}/complete` `{ outcome, data? }`: decides a user task; the run moves on at once. */
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { CompleteTaskRequestSchema } from '@/server/rest/schemas';

export const dynamic = 'force-dynamic';

export const POST = handler<{ taskId: string }>('task.act', async (req, { params, app, user }) => {
  const body = parseWith(CompleteTaskRequestSchema, await readJson(req));
  const r = await app.tasks.complete(params.taskId, { outcome: body.outcome, data: body.data ?? {}, by: user.id });
  return json(r);
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
