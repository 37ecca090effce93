/** `POST /api/v1/workflows/{id}/publish`: publishes the draft as the next version (422 naming each blocking problem). */
import { handler, json, methodNotAllowed } from '@/server/rest/handler';

export const dynamic = 'force-dynamic';

export const POST = handler<{ id: string }>('workflow.publish', async (req, { params, app, user }) => {
  const { version } = app.workflows.publish(params.id, user.id);
  return json({ version }, 201);
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
