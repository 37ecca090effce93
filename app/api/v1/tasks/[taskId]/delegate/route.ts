/** `POST /api/v1/tasks/{taskId}/delegate` `{ userId, reason }`: hands the task to another person (recorded with the reason in the audit log). */
import { z } from 'zod';
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

const DelegateSchema = z.object({ userId: z.string().min(1).max(100), reason: z.string().max(1000) });

export const POST = handler<{ taskId: string }>('task.act', async (req, { params, app, user }) => {
  const body = parseWith(DelegateSchema, await readJson(req));
  const t = await app.tasks.delegate(params.taskId, await app.tasks.actor(user.id), body);
  return json({ id: t.id, assignee: t.assignee, claimedBy: t.claimedBy });
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
