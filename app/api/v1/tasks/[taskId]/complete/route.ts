/** `POST /api/v1/tasks/{taskId}/complete` `{ outcome, data? }`: decides a user task; the run moves on at once. */
import { actingUser, handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { CompleteTaskRequestSchema } from '@/server/rest/schemas';

export const dynamic = 'force-dynamic';

export const POST = handler<{ taskId: string }>(async (req, { params, app }) => {
  const body = parseWith(CompleteTaskRequestSchema, await readJson(req));
  const user = actingUser(req, app);
  const r = await app.tasks.complete(params.taskId, { outcome: body.outcome, data: body.data ?? {}, by: user.id });
  return json(r);
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
