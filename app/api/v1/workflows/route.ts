/** `GET /api/v1/workflows` (list) and `POST /api/v1/workflows` (create from a document). */
import { handler, json, methodNotAllowed, readJson } from '@/server/rest/handler';
import { documentFromBody, workflowListItem } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler('signed-in', async (_req, { app }) => json(app.workflows.list().map(workflowListItem)));

export const POST = handler('workflow.edit', async (req, { app, user }) => {
  const doc = documentFromBody(await readJson(req));
  const id = app.workflows.create(doc, user.id, 'workflow.create');
  return json({ id }, 201, { Location: `/api/v1/workflows/${encodeURIComponent(id)}` });
});

export const PUT = methodNotAllowed(['GET', 'POST']);
export const PATCH = PUT;
export const DELETE = PUT;
