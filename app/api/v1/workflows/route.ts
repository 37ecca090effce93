/**
 * `GET /api/v1/workflows` (list) and `POST /api/v1/workflows` (create from a document;
 * `?name=` replaces the document's name; a name another workflow has is a 409 naming `name`).
 */
import { AppError } from '@/server/errors';
import { handler, json, methodNotAllowed, readJson } from '@/server/rest/handler';
import { documentFromBody, workflowListItem } from '@/server/rest/views';

export const dynamic = 'force-dynamic';

export const GET = handler('signed-in', async (_req, { app }) => json((await app.workflows.list()).map(workflowListItem)));

export const POST = handler('workflow.edit', async (req, { app, user }) => {
  const doc = documentFromBody(await readJson(req));
  const rename = new URL(req.url).searchParams.get('name');
  const name = rename === null ? undefined : rename.trim();
  if (name !== undefined && (name.length < 1 || name.length > 200)) throw new AppError('bad_request', 'name must be 1–200 characters', [{ path: ['name'], message: 'must be 1–200 characters' }]);
  const id = await app.workflows.create(doc, user.id, 'workflow.create', { uniqueName: true, name });
  return json({ id }, 201, { Location: `/api/v1/workflows/${encodeURIComponent(id)}` });
});

export const PUT = methodNotAllowed(['GET', 'POST']);
export const PATCH = PUT;
export const DELETE = PUT;
