/** `POST /api/v1/workflows/{id}/publish`: publishes the draft as the next version (422 naming each blocking problem). */
import { actingUser, handler, json, methodNotAllowed } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

export const POST = handler<{ id: string }>(async (req, { params, app }) => {
  const user = actingUser(req, app);
  const { version } = app.workflows.publish(params.id, user.id);
  return json({ version }, 201);
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
