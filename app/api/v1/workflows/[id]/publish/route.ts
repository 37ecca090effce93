/**
 * `POST /api/v1/workflows/{id}/publish` `{ note? }`: publishes the draft as the next version
 * (422 naming each blocking problem); the note is shown in the version history.
 */
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { PublishRequestSchema } from '@/server/rest/version-schemas';

export const dynamic = 'force-dynamic';

export const POST = handler<{ id: string }>('workflow.publish', async (req, { params, app, user }) => {
  const raw = await readJson(req, { optional: true });
  const body = parseWith(PublishRequestSchema, raw === undefined ? {} : raw);
  const { version } = await app.workflows.publish(params.id, user.id, body.note);
  return json({ version }, 201);
});

export const GET = methodNotAllowed(['POST']);
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
