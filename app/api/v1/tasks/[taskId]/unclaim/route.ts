/** `POST /api/v1/tasks/{taskId}/unclaim`: releases the caller's claim on the task. 403 when not entitled, 409 when closed or claimed by someone else. */
import { handler, json, methodNotAllowed } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

export const POST = handler<{ taskId: string }>('task.act', async (req, { params, app, user }) => {
  const t = await app.tasks.unclaim(params.taskId, await app.tasks.actor(user.id));
  return json({ id: t.id, claimedBy: t.claimedBy });
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
