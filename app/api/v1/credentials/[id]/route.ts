/**
 * `GET /api/v1/credentials/{id}` (secrets masked, with usage), `PATCH` (rename, rotate)
 * and `DELETE` (refused with 409 while a workflow references it).
 */
import { handler, json, methodNotAllowed, parseWith, readJson } from '@/server/rest/handler';
import { UpdateCredentialRequestSchema } from '@/server/rest/credential-schemas';
import { credentialBody, credentialView } from '@/server/credentials/view';

export const dynamic = 'force-dynamic';

export const GET = handler<{ id: string }>('credential.manage', async (_req, { params, app }) => json(credentialBody(await credentialView(app.credentials, params.id))));

export const PATCH = handler<{ id: string }>('credential.manage', async (req, { params, app, user }) => {
  const body = parseWith(UpdateCredentialRequestSchema, await readJson(req));
  await app.credentials.update(params.id, body, user.id);
  return json(credentialBody(await credentialView(app.credentials, params.id)));
});

export const DELETE = handler<{ id: string }>('credential.manage', async (_req, { params, app, user }) => {
  await app.credentials.delete(params.id, user.id);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});

export const POST = methodNotAllowed(['GET', 'PATCH', 'DELETE']);
export const PUT = POST;
